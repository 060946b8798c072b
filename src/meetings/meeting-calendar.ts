import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

export interface InvitationCalendar {
  /** Stable across every update of one meeting, so calendars replace the event instead of adding one. */
  uid: string;
  /** Raised on each change; a calendar ignores an update whose SEQUENCE is not higher. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  start: Date;
  end: Date;
  timeZone: string;
  summary: string;
  description: string;
  url: string;
  organizer: { name: string; email: string };
  attendees: Array<{ name: string; email: string }>;
  /** An RRULE value (no `RRULE:` prefix) and the occurrences that do not take place. */
  rrule?: string | null;
  exdates?: Date[];
  now?: Date;
}

/**
 * The iCalendar (RFC 5545) object of a meeting invitation, update or cancellation, with a
 * VTIMEZONE for the meeting's zone so clients show the wall-clock time the host chose.
 */
export function buildInvitationIcs(input: InvitationCalendar): string {
  const zoned = (d: Date) => DateTime.fromJSDate(d, { zone: input.timeZone });
  const calendar = ical({
    prodId: { company: 'Ieum', product: 'Meetings', language: 'KO' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: input.timeZone, generator: (tz) => vtimezone(tz) },
  });
  calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    start: zoned(input.start),
    end: zoned(input.end),
    timezone: input.timeZone,
    summary: input.summary,
    description: input.description,
    url: input.url,
    location: input.url,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: input.organizer,
    attendees: input.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      rsvp: true,
      status: ICalAttendeeStatus.NEEDSACTION,
      role: ICalAttendeeRole.REQ,
    })),
    repeating: input.rrule ?? null,
  });
  let text = calendar.toString();
  // ical-generator writes DTSTAMP in the calendar's zone; RFC 5545 wants it in UTC.
  const stamp = DateTime.fromJSDate(input.now ?? new Date(), { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  text = text.replace(/^DTSTAMP:[^\r\n]*/m, `DTSTAMP:${stamp}`);
  if (input.rrule && input.exdates && input.exdates.length > 0) {
    const list = input.exdates.map((d) => zoned(d).toFormat("yyyyMMdd'T'HHmmss")).join(',');
    text = text.replace(/^(RRULE:[^\r\n]*)(\r?\n)/m, `$1$2EXDATE;TZID=${input.timeZone}:${list}$2`);
  }
  return text;
}

function vtimezone(tz: string): string | null {
  const block = tzlib_get_ical_block(tz);
  return Array.isArray(block) ? (block[0] ?? null) : null;
}
