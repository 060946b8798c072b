import { DateTime } from 'luxon';
import rrulePkg from 'rrule';

const { rrulestr } = rrulePkg;

/**
 * The next occurrence of an RFC 5545 recurrence strictly after `after`, in `timeZone`.
 * rrule computes in "floating" wall-clock time (its own TZID support depends on the host's zone),
 * so DTSTART is read as wall time and luxon converts each occurrence to a real instant.
 */
export function nextOccurrence(recurrence: string, timeZone: string, after: Date): Date | null {
  const floating = recurrence.replace(/DTSTART;TZID=[^:]+:/, 'DTSTART:').replace(/(DTSTART:\d{8}T\d{6})Z/, '$1');
  const rule = rrulestr(floating);
  const wall = DateTime.fromJSDate(after, { zone: timeZone });
  const fakeAfter = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond),
  );
  const next = rule.after(fakeAfter, false);
  if (!next) return null;
  const real = DateTime.fromObject(
    {
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
      hour: next.getUTCHours(),
      minute: next.getUTCMinutes(),
      second: next.getUTCSeconds(),
    },
    { zone: timeZone },
  );
  return real.isValid ? real.toJSDate() : null;
}

/** Whether a recurrence string parses. */
export function isValidRecurrence(recurrence: string): boolean {
  try {
    rrulestr(recurrence.replace(/DTSTART;TZID=[^:]+:/, 'DTSTART:'));
    return true;
  } catch {
    return false;
  }
}
