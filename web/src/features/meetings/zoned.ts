import { DateTime } from 'luxon';

/**
 * Wall-clock days and times in a time zone and the instants they name: a meeting is typed as a
 * day and a time in the person's zone. luxon does the zone arithmetic, summer time included.
 */

/** The instant a day ("2026-12-02") and a time ("14:30") name in a zone. */
export function zonedInstant(day: string, time: string, zone: string): Date {
  return DateTime.fromISO(`${day}T${time}`, { zone }).toJSDate();
}

/** An instant as the zone's wall clock: day "2026-12-02", time "14:30", weekday 1..7 (Monday 1), day of month. */
export function wallClock(
  at: Date | number | string,
  zone: string,
): { day: string; time: string; weekday: number; dayOfMonth: number } {
  const local = DateTime.fromJSDate(new Date(at), { zone });
  return { day: local.toISODate() ?? '', time: local.toFormat('HH:mm'), weekday: local.weekday, dayOfMonth: local.day };
}

/** A calendar day plus some days ("2026-12-02" + 5). */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate() ?? day;
}

/** The Monday of the week a day falls in. */
export function mondayOf(day: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).startOf('week').toISODate() ?? day;
}
