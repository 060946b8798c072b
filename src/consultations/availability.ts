import { DateTime } from 'luxon';
import type { WeeklyRule } from './consultations.types.js';

/** Everything that decides an investigator's free slots, read at one moment. */
export interface AvailabilityInput {
  timeZone: string;
  slotMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  horizonDays: number;
  minNoticeMinutes: number;
  dailyCap: number | null;
  weeklyRules: readonly WeeklyRule[];
  exceptions: ReadonlyArray<{ day: string; kind: 'off' | 'extra'; start: string | null; end: string | null }>;
  /** Days ("YYYY-MM-DD", local) with no consultations: public holidays, agency closures, days whose holidays are unknown. */
  closedDays: ReadonlySet<string>;
  /** Time already taken: each holding booking from its buffer before to its buffer after. */
  busy: ReadonlyArray<{ from: Date; until: Date }>;
  /** Holding bookings per local day, for the daily cap. */
  bookedPerDay: ReadonlyMap<string, number>;
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

type Span = [number, number];

/**
 * The free slots between `from` and `to`. Slots are cut from the start of each window, one after
 * another with their buffers between them, so two bookings never need more room than their own
 * buffers; a slot must lie inside its window, while its buffers may reach past the edges.
 */
export function freeSlots(input: AvailabilityInput, range: { from: Date; to: Date }, now: Date): Slot[] {
  const earliest = Math.max(range.from.getTime(), now.getTime() + input.minNoticeMinutes * 60_000);
  const latest = Math.min(range.to.getTime(), now.getTime() + input.horizonDays * 86_400_000);
  if (earliest >= latest) return [];
  const step = input.slotMinutes + input.bufferBeforeMinutes + input.bufferAfterMinutes;
  const slots: Slot[] = [];
  let day = DateTime.fromMillis(earliest, { zone: input.timeZone }).startOf('day');
  const lastDay = DateTime.fromMillis(latest, { zone: input.timeZone }).startOf('day');
  while (day <= lastDay) {
    const key = day.toISODate() ?? '';
    const full = input.dailyCap !== null && (input.bookedPerDay.get(key) ?? 0) >= input.dailyCap;
    if (!input.closedDays.has(key) && !full) {
      for (const [open, close] of windowsOf(input, key, day.weekday)) {
        for (let minute = open; minute + input.slotMinutes <= close; minute += step) {
          const start = atMinute(day, minute);
          const end = start + input.slotMinutes * 60_000;
          if (start < earliest || start >= latest) continue;
          const blockedFrom = start - input.bufferBeforeMinutes * 60_000;
          const blockedUntil = end + input.bufferAfterMinutes * 60_000;
          if (input.busy.some((b) => b.from.getTime() < blockedUntil && blockedFrom < b.until.getTime())) continue;
          slots.push({ startsAt: new Date(start), endsAt: new Date(end) });
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots;
}

/** The local day ("YYYY-MM-DD") an instant falls on in `timeZone`. */
export function localDay(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? '';
}

/** The local day an instant falls on in `timeZone`, and when that day begins and ends. */
export function dayBounds(at: Date, timeZone: string): { key: string; from: Date; to: Date } {
  const day = DateTime.fromJSDate(at, { zone: timeZone }).startOf('day');
  return { key: day.toISODate() ?? '', from: day.toJSDate(), to: day.plus({ days: 1 }).toJSDate() };
}

/** Open windows of one day in minutes after local midnight: the weekly rules with the day's extras, less its time off. */
function windowsOf(input: AvailabilityInput, day: string, weekday: number): Span[] {
  const exceptions = input.exceptions.filter((e) => e.day === day);
  if (exceptions.some((e) => e.kind === 'off' && e.start === null)) return [];
  const open = merge([
    ...input.weeklyRules.filter((r) => r.weekday === weekday).map((r): Span => [minutesOf(r.start), minutesOf(r.end)]),
    ...exceptions
      .filter((e) => e.kind === 'extra' && e.start && e.end)
      .map((e): Span => [minutesOf(e.start ?? ''), minutesOf(e.end ?? '')]),
  ]);
  const off = exceptions
    .filter((e) => e.kind === 'off' && e.start && e.end)
    .map((e): Span => [minutesOf(e.start ?? ''), minutesOf(e.end ?? '')]);
  return off.reduce<Span[]>(
    (spans, cut) =>
      spans.flatMap(([a, b]): Span[] =>
        cut[1] <= a || cut[0] >= b
          ? [[a, b]]
          : (
              [
                [a, cut[0]],
                [cut[1], b],
              ] as Span[]
            ).filter(([x, y]) => y > x),
      ),
    open,
  );
}

function merge(spans: Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push([span[0], span[1]]);
  }
  return out;
}

/** "HH:mm" or "HH:mm:ss" as minutes after midnight ("24:00" is the end of the day). */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function atMinute(day: DateTime, minute: number): number {
  return day
    .set({ hour: Math.floor(minute / 60) % 24, minute: minute % 60 })
    .plus({ days: minute >= 1440 ? 1 : 0 })
    .toMillis();
}

/** The time a booking of `slot` holds: from its buffer before to its buffer after. */
export function blocked(
  slot: { startsAt: Date; endsAt: Date },
  schedule: { bufferBeforeMinutes: number; bufferAfterMinutes: number },
): { blockedFrom: Date; blockedUntil: Date } {
  return {
    blockedFrom: new Date(slot.startsAt.getTime() - schedule.bufferBeforeMinutes * 60_000),
    blockedUntil: new Date(slot.endsAt.getTime() + schedule.bufferAfterMinutes * 60_000),
  };
}

export function minutesBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 60_000);
}
