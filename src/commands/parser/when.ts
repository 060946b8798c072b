import { DateTime } from 'luxon';
import type { LocalisedText } from '../../common/ieum.exception.js';
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
/** A 29 February without a year is the next one: at most eight years away (2096 → 2104). */
const LEAP_SEARCH_YEARS = 8;

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** The most days each month can have, in any year. */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A date or time written in a form the parser knows, with a number that cannot be. */
interface Impossible {
  text: string;
  what: 'date' | 'time';
  rule: LocalisedText;
}

/**
 * What a phrase reads as: a time to come, one already gone, one that cannot exist (30 February,
 * 25시), or (null) no time at all. `text` is the part to name when telling the person.
 */
export type WhenReading =
  { kind: 'at'; at: Date } | { kind: 'past'; at: Date; text: string } | ({ kind: 'impossible' } & Impossible);

/**
 * Reads the longest run of leading words that is a time expression, in the user's zone:
 * "내일 오후 3시", "다음 주 월요일 10:00", "금요일까지", "2026년 12월 31일 18시", "25/12", "tomorrow
 * 3pm", "in 2h", "30분 후". Returns the instant and the words after it, or null when the first
 * words are not a time. Dates are never guessed: when the longest reading is a date or time that
 * does not exist, or one already past, it throws a coded CommandParseException naming it, rather
 * than falling back to a shorter reading and leaving the rest as text.
 */
export function takeWhen(words: string[], clock: Clock): { at: Date; rest: string[] } | null {
  for (let n = Math.min(words.length, MAX_PHRASE_WORDS); n >= 1; n--) {
    const reading = readWhen(words.slice(0, n).join(' '), clock);
    if (reading) return { at: settle(reading, clock), rest: words.slice(n) };
  }
  return null;
}

/** The instant of a reading, or the coded refusal of one that is impossible or past. */
export function settle(reading: WhenReading, clock: Pick<Clock, 'timeZone'>): Date {
  switch (reading.kind) {
    case 'at':
      return reading.at;
    case 'impossible':
      throw CommandParseException.impossibleDate(reading.text, reading.what, reading.rule);
    case 'past':
      throw CommandParseException.pastTime(reading.text, formatInstant(reading.at, clock.timeZone));
  }
}

/** One whole phrase as an instant to come, or null (none, past or impossible). Never throws. */
export function parseWhenPhrase(phrase: string, clock: Clock): Date | null {
  const reading = readWhen(phrase, clock);
  return reading?.kind === 'at' ? reading.at : null;
}

/** One whole phrase read as a time, or null when it is not one. Never throws. */
export function readWhen(phrase: string, clock: Clock): WhenReading | null {
  try {
    const text = phrase.normalize('NFKC').trim().toLowerCase();
    if (text.length === 0 || text.length > 80) return null;
    const now = DateTime.fromJSDate(clock.now, { zone: clock.timeZone });
    if (!now.isValid) return null;
    if (clock.marked) return absolute(text, now, true, true);
    const later = relative(text, now);
    return later ? { kind: 'at', at: later } : absolute(text, now, clock.deadline === true, false);
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

type Take = (pattern: RegExp) => RegExpExecArray | null;

function absolute(text: string, now: DateTime, deadline: boolean, mustBeMarked: boolean): WhenReading | null {
  let rest = text;
  const parts: Parts = { deadline };
  const take: Take = (pattern) => {
    const match = pattern.exec(rest);
    if (match) rest = rest.slice(match[0].length).trimStart();
    return match;
  };

  if (take(/^(by|until|till|due)\s+/)) parts.marked = true;
  else take(/^(on|at)\s+/);
  const date = dateOnly(take, now);
  let problem: Impossible | undefined;
  if (date && 'problem' in date) problem = date.problem;
  else if (date) {
    parts.date = date.date;
    parts.weekday = date.weekday;
  }
  take(/^(at|@)\s*/);
  const timeProblem = timePart(take, parts);
  problem ??= timeProblem;
  if (take(/^까지/)) parts.deadline = parts.marked = true;
  take(/^에/);
  if (rest.length > 0) return null;
  if (!date && parts.hour === undefined && !problem) return null;
  if (parts.marked) parts.deadline = true;
  if (mustBeMarked && !parts.marked) return null;
  if (problem) return { kind: 'impossible', ...problem };

  const hour = parts.hour ?? (parts.deadline ? DEADLINE_HOUR : DEFAULT_HOUR);
  const minute = parts.minute ?? 0;
  let at = (parts.date ?? now).set({ hour, minute, second: 0, millisecond: 0 });
  if (!parts.date && at <= now) at = at.plus({ days: 1 });
  if (parts.weekday && at <= now) at = at.plus({ weeks: 1 });
  if (!at.isValid) return null;
  return at > now
    ? { kind: 'at', at: at.toJSDate() }
    : { kind: 'past', at: at.toJSDate(), text: text.replace(/^(by|until|till|due|on|at)\s+/, '') };
}

type DateRead = { date: DateTime; weekday?: boolean } | { problem: Impossible };

function dateOnly(take: Take, now: DateTime): DateRead | undefined {
  const today = now.startOf('day');
  if (take(/^(오늘|today)\s*/)) return { date: today };
  if (take(/^(내일|tomorrow)\s*/)) return { date: today.plus({ days: 1 }) };
  if (take(/^(모레|the day after tomorrow)\s*/)) return { date: today.plus({ days: 2 }) };
  if (take(/^글피\s*/)) return { date: today.plus({ days: 3 }) };

  // 2026년 12월 31일; 2026-12-31, 2026/12/31, 2026.12.31 and the official 2026. 12. 31.
  const full =
    take(/^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*/) ??
    take(/^(\d{4})([-./])\s*(\d{1,2})\2\s*(\d{1,2})\.?\s*/);
  if (full) {
    const [year, month, day] = full.length === 5 ? [full[1], full[3], full[4]] : [full[1], full[2], full[3]];
    return exactDate(Number(year), Number(month), Number(day), full[0].trim(), now);
  }
  const md = take(/^(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*/);
  if (md) return yearless(Number(md[1]), Number(md[2]), md[0].trim(), today);
  // a/b is month/day, as written in Korea ("12/25"); when a cannot be a month and b can, it is
  // day/month ("25/12", "31/02"): the order is never a guess between two real dates.
  const slash = take(/^(\d{1,2})\/(\d{1,2})(?!\d)\s*/);
  if (slash) {
    const [a, b] = [Number(slash[1]), Number(slash[2])];
    const [month, day] = a > 12 && b >= 1 && b <= 12 ? [b, a] : [a, b];
    return yearless(month, day, slash[0].trim(), today);
  }
  const dayOnly = take(/^(\d{1,2})\s*일(?!\s*(후|뒤))\s*/);
  if (dayOnly) return nextDayOfMonth(Number(dayOnly[1]), dayOnly[0].trim(), today);

  const nextWeek = take(/^(다음\s*주|담주|next\s+week)\s*/);
  const thisWeek = !nextWeek && take(/^(이번\s*주|this\s+week|this)\s*/);
  const next = !nextWeek && !thisWeek && take(/^(다음|next)\s+/);
  for (const [pattern, weekday] of WEEKDAYS) {
    if (!take(new RegExp(`${pattern.source}\\s*`, 'i'))) continue;
    if (nextWeek)
      return {
        date: today
          .startOf('week')
          .plus({ weeks: 1 })
          .set({ weekday: weekday as 1 }),
      };
    if (thisWeek) return { date: today.set({ weekday: weekday as 1 }) };
    const ahead = (weekday - today.weekday + 7) % 7;
    // "next monday" on a Monday is a week away; a bare "월요일" on a Monday is today.
    return { date: today.plus({ days: ahead === 0 && next ? 7 : ahead }), weekday: !next };
  }
  if (nextWeek) return { date: today.startOf('week').plus({ weeks: 1 }) };
  return undefined;
}

/** A date with its year: it exists or it is refused, whatever day it is. */
function exactDate(year: number, month: number, day: number, text: string, now: DateTime): DateRead {
  if (month < 1 || month > 12) return { problem: badMonth(text) };
  const date = DateTime.fromObject({ year, month, day }, { zone: now.zone });
  if (date.isValid) return { date };
  const days =
    DateTime.fromObject({ year, month, day: 1 }, { zone: now.zone }).daysInMonth ?? MAX_DAYS[month - 1] ?? 31;
  const rule = {
    en: `${MONTHS_EN[month - 1] ?? ''} ${year} has ${days} days`,
    ko: `${year}년 ${month}월은 ${days}일까지입니다`,
  };
  return { problem: { text, what: 'date', rule } };
}

/** A month and day without a year: the next time it comes, today included (29 February too). */
function yearless(month: number, day: number, text: string, today: DateTime): DateRead {
  if (month < 1 || month > 12) return { problem: badMonth(text) };
  const most = MAX_DAYS[month - 1] ?? 31;
  if (day < 1 || day > most) {
    const rule =
      day > 31 || day < 1
        ? DAYS_RULE
        : { en: `${MONTHS_EN[month - 1] ?? ''} has at most ${most} days`, ko: `${month}월은 ${most}일까지입니다` };
    return { problem: { text, what: 'date', rule } };
  }
  for (let year = today.year; year <= today.year + LEAP_SEARCH_YEARS; year++) {
    const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
    if (date.isValid && date >= today) return { date };
  }
  return { problem: { text, what: 'date', rule: DAYS_RULE } };
}

/** "31일": the next month that has that day, this one included when it is still to come. */
function nextDayOfMonth(day: number, text: string, today: DateTime): DateRead {
  if (day >= 1 && day <= 31) {
    for (let ahead = 0; ahead <= 12; ahead++) {
      const month = today.startOf('month').plus({ months: ahead });
      const date = DateTime.fromObject({ year: month.year, month: month.month, day }, { zone: today.zone });
      if (date.isValid && date >= today) return { date };
    }
  }
  return { problem: { text, what: 'date', rule: DAYS_RULE } };
}

const DAYS_RULE: LocalisedText = { en: 'days of the month run from 1 to 31', ko: '날짜는 1일부터 31일까지입니다' };

function badMonth(text: string): Impossible {
  return { text, what: 'date', rule: { en: 'months run from 1 to 12', ko: '월은 1월부터 12월까지입니다' } };
}

/** Reads a time of day into `parts`; a time written in a known form with an hour or minute that cannot be is returned. */
function timePart(take: Take, parts: Parts): Impossible | undefined {
  if (take(/^(정오|noon)\s*/)) {
    parts.hour = 12;
    return undefined;
  }
  if (take(/^(자정|midnight)\s*/)) {
    parts.hour = 0;
    return undefined;
  }
  const meridiemMatch = take(/^(오전|오후|아침|낮|저녁|밤|새벽)\s*/);
  const meridiem = meridiemMatch?.[1];
  const clock = take(/^(\d{1,2}):(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?\s*/);
  const korean = !clock ? take(/^(\d{1,2})\s*시\s*(?:(\d{1,2})\s*분|(반))?\s*/) : null;
  const english = !clock && !korean ? take(/^(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)\s*/) : null;
  const found = clock ?? korean ?? english;
  if (!found) {
    if (meridiem) parts.hour = undefined;
    return undefined;
  }
  const text = `${meridiemMatch?.[0] ?? ''}${found[0]}`.trim();
  let hour = Number(found[1]);
  const minute = clock ? Number(clock[2]) : korean?.[3] ? 30 : korean?.[2] ? Number(korean[2]) : 0;
  const suffix = clock?.[3] ?? english?.[2];
  const pm =
    suffix?.startsWith('p') ||
    (meridiem !== undefined && ['오후', '낮', '저녁', '밤'].includes(meridiem) && !(meridiem === '낮' && hour >= 11));
  const am = suffix?.startsWith('a') || meridiem === '오전' || meridiem === '아침' || meridiem === '새벽';
  if (minute > 59)
    return { text, what: 'time', rule: { en: 'minutes run from 0 to 59', ko: '분은 0분부터 59분까지입니다' } };
  if (hour > 23 || (hour > 12 && (pm || am))) {
    return {
      text,
      what: 'time',
      rule: {
        en: 'hours run from 0 to 23, or 1 to 12 with am or pm',
        ko: '시는 0시부터 23시까지, 오전·오후와 함께라면 1시부터 12시까지입니다',
      },
    };
  }
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  else if (!pm && !am && !clock && hour >= 1 && hour <= AFTERNOON_GUESS_UNTIL) hour += 12;
  parts.hour = hour;
  parts.minute = minute;
  return undefined;
}

/** An instant as the person reads it: "2026년 12월 31일 (목) 오후 6:00" / "Thu 31 Dec 2026, 6:00 PM". */
export function formatInstant(at: Date, timeZone: string): LocalisedText {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return {
    en: local.setLocale('en').toFormat('ccc d LLL yyyy, h:mm a'),
    ko: local.setLocale('ko').toFormat('yyyy년 M월 d일 (ccc) a h:mm'),
  };
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
