import { DateTime } from 'luxon';
import { isValidRecurrence, nextOccurrence } from '../reminders/recurrence.js';

export interface Schedule {
  startsAt: Date;
  timeZone: string;
  recurrence: string | null;
  exdates: Date[];
}

/** The series as RFC 5545 text: DTSTART in the meeting's zone and its RRULE. */
export function seriesText(schedule: Pick<Schedule, 'startsAt' | 'timeZone'>, rrule: string): string {
  const local = DateTime.fromJSDate(schedule.startsAt, { zone: schedule.timeZone }).toFormat("yyyyMMdd'T'HHmmss");
  return `DTSTART;TZID=${schedule.timeZone}:${local}\nRRULE:${rrule}`;
}

export function isValidRrule(rrule: string): boolean {
  if (!/^[A-Z0-9=;,+-]+$/i.test(rrule) || !/FREQ=/i.test(rrule)) return false;
  return isValidRecurrence(`DTSTART:20260101T000000\nRRULE:${rrule}`);
}

/** The first occurrence at or after `from`, skipping exceptions; null when the series is over. */
export function occurrenceFrom(schedule: Schedule, from: Date): Date | null {
  if (!schedule.recurrence) return schedule.startsAt.getTime() >= from.getTime() ? schedule.startsAt : null;
  if (schedule.startsAt.getTime() >= from.getTime() && !isExcluded(schedule, schedule.startsAt))
    return schedule.startsAt;
  const text = seriesText(schedule, schedule.recurrence);
  let cursor = new Date(Math.max(from.getTime(), schedule.startsAt.getTime()) - 1);
  for (let i = 0; i < 1000; i++) {
    const next = nextOccurrence(text, schedule.timeZone, cursor);
    if (!next) return null;
    if (!isExcluded(schedule, next)) return next;
    cursor = next;
  }
  return null;
}

/** Whether `at` is an occurrence of the schedule as it stands now. */
export function isOccurrence(schedule: Schedule, at: Date): boolean {
  return occurrenceFrom(schedule, at)?.getTime() === at.getTime();
}

function isExcluded(schedule: Schedule, at: Date): boolean {
  return schedule.exdates.some((d) => d.getTime() === at.getTime());
}
