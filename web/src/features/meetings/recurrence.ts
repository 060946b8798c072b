import { addDays, wallClock, zonedInstant } from './zoned';

/** The repeat choices the form offers, each an RRULE read from the meeting's start in its zone. */
export type RepeatPreset = 'none' | 'weekly' | 'weekdays' | 'monthly';

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export function rruleFor(
  preset: RepeatPreset,
  start: { weekday: number; dayOfMonth: number },
  count: number | null,
): string | null {
  const end = count ? `;COUNT=${count}` : '';
  switch (preset) {
    case 'none':
      return null;
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${BYDAY[start.weekday - 1]}${end}`;
    case 'weekdays':
      return `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR${end}`;
    case 'monthly':
      return `FREQ=MONTHLY;BYMONTHDAY=${start.dayOfMonth}${end}`;
  }
}

/**
 * The first occurrences of a preset from a day and time in a zone, as the server's RRULE reading
 * gives them (a month without the day is skipped, as BYMONTHDAY does): for choosing exceptions.
 */
export function firstOccurrences(
  preset: RepeatPreset,
  day: string,
  time: string,
  zone: string,
  count: number | null,
  limit = 12,
): Date[] {
  if (preset === 'none') return [];
  const max = Math.min(limit, count ?? limit);
  const start = wallClock(zonedInstant(day, time, zone), zone);
  // The start itself is always the first occurrence (the server and RFC 5545 both count DTSTART).
  const out: Date[] = [zonedInstant(day, time, zone)];
  let cursor = addDays(day, 1);
  for (let i = 0; out.length < max && i < 800; i++) {
    const probe = wallClock(zonedInstant(cursor, '12:00', 'UTC'), 'UTC');
    const matches =
      preset === 'weekly'
        ? probe.weekday === start.weekday
        : preset === 'weekdays'
          ? probe.weekday <= 5
          : probe.dayOfMonth === start.dayOfMonth;
    if (matches) out.push(zonedInstant(cursor, time, zone));
    cursor = addDays(cursor, 1);
  }
  return out;
}

export interface RepeatDescription {
  key: 'weekly' | 'weekdays' | 'monthly' | 'daily' | 'custom';
  weekday?: number;
  dayOfMonth?: number;
  count?: number;
  rule: string;
}

/** What an RRULE says, for the detail screen (the presets above, and anything else as it is). */
export function describeRule(rule: string): RepeatDescription {
  const fields = new Map(rule.split(';').map((part) => part.split('=') as [string, string]));
  const count = fields.has('COUNT') ? Number(fields.get('COUNT')) : undefined;
  const freq = fields.get('FREQ');
  const byday = fields.get('BYDAY');
  const known = [...fields.keys()].every((k) => ['FREQ', 'BYDAY', 'BYMONTHDAY', 'COUNT'].includes(k));
  if (known && freq === 'WEEKLY' && byday === 'MO,TU,WE,TH,FR') return { key: 'weekdays', count, rule };
  if (known && freq === 'WEEKLY' && byday && BYDAY.includes(byday))
    return { key: 'weekly', weekday: BYDAY.indexOf(byday) + 1, count, rule };
  if (known && freq === 'MONTHLY' && fields.has('BYMONTHDAY') && !byday)
    return { key: 'monthly', dayOfMonth: Number(fields.get('BYMONTHDAY')), count, rule };
  if (known && freq === 'DAILY' && !byday) return { key: 'daily', count, rule };
  return { key: 'custom', rule };
}
