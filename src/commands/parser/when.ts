import { DateTime } from 'luxon';
import { CommandParseException } from './command-parse.exception.js';

export interface Clock {
  now: Date;
  timeZone: string;
  /** Read a date without a time as the end of that working day (a due date), not its start. */
  deadline?: boolean;
  /**
   * Take only a phrase marked as a deadline ("금요일까지", "by friday", "until 5pm"), so that free
   * text after an optional deadline may begin with a date word ("오늘 회의 결과…").
   */
  marked?: boolean;
}

interface Parts {
  date?: DateTime;
  /** The date came from a bare weekday: if that time has passed today, it means next week. */
  weekday?: boolean;
  hour?: number;
  minute?: number;
  deadline?: boolean;
  marked?: boolean;
}

const WEEKDAYS: Array<[RegExp, number]> = [
  [/^(월요일|월|monday|mon)/i, 1],
  [/^(화요일|화|tuesday|tues|tue)/i, 2],
  [/^(수요일|수|wednesday|wed)/i, 3],
  [/^(목요일|목|thursday|thurs|thu)/i, 4],
  [/^(금요일|금|friday|fri)/i, 5],
  [/^(토요일|토|saturday|sat)/i, 6],
  [/^(일요일|sunday|sun)/i, 7],
];

const UNITS: Array<[RegExp, number]> = [
  [/^(초|seconds?|secs?|s)(?![a-z])/i, 1000],
  [/^(분|minutes?|mins?|m)(?![a-z])/i, 60_000],
  [/^(시간|hours?|hrs?|h)(?![a-z])/i, 3_600_000],
  [/^(일|days?|d)(?![a-z])/i, 86_400_000],
  [/^(주|weeks?|w)(?![a-z])/i, 7 * 86_400_000],
];

/** Working hours: a bare "3시" on a work day means 15:00, not 03:00. */
const AFTERNOON_GUESS_UNTIL = 6;
/** "금요일까지" with no time: the end of that working day. */
const DEADLINE_HOUR = 18;
/** A date with no time: the start of the working day. */
const DEFAULT_HOUR = 9;
const MAX_PHRASE_WORDS = 7;

/**
 * Reads the longest run of leading words that is a time expression, in the user's zone:
 * "내일 오후 3시", "다음 주 월요일 10:00", "금요일까지", "tomorrow 3pm", "in 2h", "30분 후".
 * Returns the instant and the words after it, or null when the first words are not a time.
 */
export function takeWhen(words: string[], clock: Clock): { at: Date; rest: string[] } | null {
  for (let n = Math.min(words.length, MAX_PHRASE_WORDS); n >= 1; n--) {
    const at = parseWhenPhrase(words.slice(0, n).join(' '), clock);
    if (at) return { at, rest: words.slice(n) };
  }
  return null;
}

/** One whole phrase as an instant, or null. Never throws. */
export function parseWhenPhrase(phrase: string, clock: Clock): Date | null {
  try {
    const text = phrase.normalize('NFKC').trim().toLowerCase();
    if (text.length === 0 || text.length > 80) return null;
    const now = DateTime.fromJSDate(clock.now, { zone: clock.timeZone });
    if (!now.isValid) return null;
    if (clock.marked) return absolute(text, now, true, true);
    return relative(text, now) ?? absolute(text, now, clock.deadline === true, false);
  } catch {
    return null;
  }
}

/** "in 2h", "in 30 minutes", "30분 후", "2시간 30분 뒤", "3일 후". */
function relative(text: string, now: DateTime): Date | null {
  const english = /^in\s+(.+)$/.exec(text);
  const korean = /^(.+?)\s*(후|뒤|후에|뒤에|있다가)$/.exec(text);
  const body = english?.[1] ?? korean?.[1];
  if (!body) return null;
  const ms = durationMs(body);
  return ms !== null && ms > 0 ? now.plus({ milliseconds: ms }).toJSDate() : null;
}

function absolute(text: string, now: DateTime, deadline: boolean, mustBeMarked: boolean): Date | null {
  let rest = text;
  const parts: Parts = { deadline };
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(rest);
    if (match) rest = rest.slice(match[0].length).trimStart();
    return match;
  };

  if (take(/^(by|until|till|due)\s+/)) parts.marked = true;
  else take(/^(on|at)\s+/);
  const date = datePart(take, now);
  parts.date = date?.date;
  parts.weekday = date?.weekday;
  take(/^(at|@)\s*/);
  timePart(take, parts);
  if (take(/^까지/)) parts.deadline = parts.marked = true;
  take(/^에/);
  if (rest.length > 0) return null;
  if (!parts.date && parts.hour === undefined) return null;
  if (parts.marked) parts.deadline = true;
  if (mustBeMarked && !parts.marked) return null;

  const hour = parts.hour ?? (parts.deadline ? DEADLINE_HOUR : DEFAULT_HOUR);
  const minute = parts.minute ?? 0;
  if (hour > 23 || minute > 59) return null;
  let at = (parts.date ?? now).set({ hour, minute, second: 0, millisecond: 0 });
  if (!parts.date && at <= now) at = at.plus({ days: 1 });
  if (parts.weekday && at <= now) at = at.plus({ weeks: 1 });
  return at.isValid && at > now ? at.toJSDate() : null;
}

function datePart(take: (p: RegExp) => RegExpExecArray | null, now: DateTime): { date: DateTime; weekday?: boolean } | undefined {
  const date = dateOnly(take, now);
  if (!date) return undefined;
  return date instanceof DateTime ? { date } : date;
}

function dateOnly(take: (p: RegExp) => RegExpExecArray | null, now: DateTime): DateTime | { date: DateTime; weekday: boolean } | undefined {
  const today = now.startOf('day');
  if (take(/^(오늘|today)\s*/)) return today;
  if (take(/^(내일|tomorrow)\s*/)) return today.plus({ days: 1 });
  if (take(/^(모레|the day after tomorrow)\s*/)) return today.plus({ days: 2 });
  if (take(/^글피\s*/)) return today.plus({ days: 3 });

  const iso = take(/^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?\s*/);
  if (iso) return valid(DateTime.fromObject({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, { zone: now.zone }));
  const md = take(/^(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*/) ?? take(/^(\d{1,2})\/(\d{1,2})(?!\d)\s*/);
  if (md) return upcoming(DateTime.fromObject({ year: now.year, month: Number(md[1]), day: Number(md[2]) }, { zone: now.zone }), today, { years: 1 });
  const dayOnly = take(/^(\d{1,2})\s*일(?!\s*(후|뒤))\s*/);
  if (dayOnly) return upcoming(DateTime.fromObject({ year: now.year, month: now.month, day: Number(dayOnly[1]) }, { zone: now.zone }), today, { months: 1 });

  const nextWeek = take(/^(다음\s*주|담주|next\s+week)\s*/);
  const thisWeek = !nextWeek && take(/^(이번\s*주|this\s+week|this)\s*/);
  const next = !nextWeek && !thisWeek && take(/^(다음|next)\s+/);
  for (const [pattern, weekday] of WEEKDAYS) {
    if (!take(new RegExp(`${pattern.source}\\s*`, 'i'))) continue;
    if (nextWeek) return today.startOf('week').plus({ weeks: 1 }).set({ weekday: weekday as 1 });
    if (thisWeek) return today.set({ weekday: weekday as 1 });
    const ahead = (weekday - today.weekday + 7) % 7;
    // "next monday" on a Monday is a week away; a bare "월요일" on a Monday is today.
    return { date: today.plus({ days: ahead === 0 && next ? 7 : ahead }), weekday: !next };
  }
  if (nextWeek) return today.startOf('week').plus({ weeks: 1 });
  return undefined;
}

function timePart(take: (p: RegExp) => RegExpExecArray | null, parts: Parts): void {
  if (take(/^(정오|noon)\s*/)) {
    parts.hour = 12;
    return;
  }
  if (take(/^(자정|midnight)\s*/)) {
    parts.hour = 0;
    return;
  }
  const meridiem = take(/^(오전|오후|아침|낮|저녁|밤|새벽)\s*/)?.[1];
  const clock = take(/^(\d{1,2}):(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?\s*/);
  const korean = !clock ? take(/^(\d{1,2})\s*시\s*(?:(\d{1,2})\s*분|(반))?\s*/) : null;
  const english = !clock && !korean ? take(/^(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)\s*/) : null;
  if (!clock && !korean && !english) {
    if (meridiem) parts.hour = undefined;
    return;
  }
  let hour = Number((clock ?? korean ?? english)?.[1]);
  const minute = clock ? Number(clock[2]) : korean?.[3] ? 30 : korean?.[2] ? Number(korean[2]) : 0;
  const suffix = clock?.[3] ?? english?.[2];
  const pm = suffix?.startsWith('p') || (meridiem !== undefined && ['오후', '낮', '저녁', '밤'].includes(meridiem) && !(meridiem === '낮' && hour >= 11));
  const am = suffix?.startsWith('a') || meridiem === '오전' || meridiem === '아침' || meridiem === '새벽';
  if (hour > 12 && (pm || am)) hour = 99;
  else if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  else if (!pm && !am && !clock && hour >= 1 && hour <= AFTERNOON_GUESS_UNTIL) hour += 12;
  parts.hour = hour;
  parts.minute = minute;
}

function upcoming(date: DateTime, today: DateTime, step: { years?: number; months?: number }): DateTime | undefined {
  if (!date.isValid) return undefined;
  return date < today ? date.plus(step) : date;
}

function valid(date: DateTime): DateTime | undefined {
  return date.isValid ? date : undefined;
}

/** "1시간 30분", "90분", "1h30m", "2h", "45 min", "1.5시간", "2 seconds". Null when it is not one. */
function durationMs(text: string): number | null {
  let rest = text.trim();
  let total = 0;
  let matched = false;
  while (rest.length > 0) {
    const number = /^(\d+(?:\.\d+)?)\s*/.exec(rest);
    if (!number?.[1]) return null;
    rest = rest.slice(number[0].length);
    const unit = UNITS.find(([pattern]) => pattern.test(rest));
    if (!unit) return null;
    const unitMatch = unit[0].exec(rest);
    rest = rest.slice(unitMatch?.[0].length ?? 0).trimStart();
    total += Number(number[1]) * unit[1];
    matched = true;
    rest = rest.replace(/^(and|,)\s*/, '');
  }
  return matched && Number.isFinite(total) ? Math.round(total) : null;
}

/** A length of time in whole minutes; throws a coded parse error otherwise. */
export function parseDuration(text: string): { minutes: number } {
  const ms = durationMs(text.normalize('NFKC').toLowerCase());
  if (ms === null || ms < 60_000 || ms > 366 * 86_400_000) throw CommandParseException.badDuration(text);
  return { minutes: Math.round(ms / 60_000) };
}
