import { DateTime } from 'luxon';
import rrulePkg from 'rrule';
import { nextOccurrence } from '../../reminders/recurrence.js';
import { CommandParseException } from './command-parse.exception.js';
import { readWhen, type Clock } from './when.js';

const { RRule } = rrulePkg;

const DAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const WEEKDAY_WORDS: Array<[RegExp, number]> = [
  [/^(월요일|월|mondays?|mon)$/i, 0],
  [/^(화요일|화|tuesdays?|tue|tues)$/i, 1],
  [/^(수요일|수|wednesdays?|wed)$/i, 2],
  [/^(목요일|목|thursdays?|thu|thurs)$/i, 3],
  [/^(금요일|금|fridays?|fri)$/i, 4],
  [/^(토요일|토|saturdays?|sat)$/i, 5],
  [/^(일요일|sundays?|sun)$/i, 6],
];
const DEFAULT_TIME = { hour: 9, minute: 0 };

type Rule = { freq: number; byweekday?: (typeof RRule.MO)[]; bymonthday?: number };

/**
 * Reads a leading recurrence ("매주 월요일 9시", "평일 9시", "매월 1일 10시", "every weekday at
 * 9:00", "every monday 9am", "daily 18:00") into RFC 5545 lines (DTSTART with TZID, RRULE) and the
 * first occurrence after now. Null when the words do not start with one; a coded
 * CommandParseException for a day or time that cannot be ("매월 32일", "매일 25시").
 */
export function parseRecurrence(
  words: string[],
  clock: Clock,
): { recurrence: string; firstAt: Date; rest: string[] } | null {
  const normalised = words.map((w) => w.normalize('NFKC').toLowerCase());
  const head = readRule(normalised);
  if (!head) return null;
  const { rule, used } = head;
  let time = DEFAULT_TIME;
  let timeWords = 0;
  const now = DateTime.fromJSDate(clock.now, { zone: clock.timeZone });
  if (!now.isValid) return null;
  for (let n = Math.min(4, normalised.length - used); n >= 1; n--) {
    const phrase = normalised
      .slice(used, used + n)
      .join(' ')
      .replace(/^at\s+/, '');
    // Read the time against the start of the day, so that no time of day is pushed to tomorrow
    // (자정, the start itself, reads as past: it is a time of day all the same).
    const reading = readWhen(`오늘 ${phrase}`, { now: now.startOf('day').toJSDate(), timeZone: clock.timeZone });
    if (reading?.kind === 'impossible')
      throw CommandParseException.impossibleDate(reading.text, reading.what, reading.rule);
    if (reading) {
      const local = DateTime.fromJSDate(reading.at, { zone: clock.timeZone });
      time = { hour: local.hour, minute: local.minute };
      timeWords = n;
      break;
    }
  }
  const start = now.startOf('day').set(time);
  const rrule = new RRule({ freq: rule.freq, byweekday: rule.byweekday, bymonthday: rule.bymonthday }).toString();
  const recurrence = `DTSTART;TZID=${clock.timeZone}:${start.toFormat("yyyyMMdd'T'HHmmss")}\n${rrule}`;
  // The rule starts today; the first firing is the first occurrence after now, not today's past one.
  const firstAt = nextOccurrence(
    recurrence,
    clock.timeZone,
    new Date(Math.max(clock.now.getTime(), start.toMillis() - 1)),
  );
  if (!firstAt) return null;
  return { recurrence, firstAt, rest: words.slice(used + timeWords) };
}

function readRule(words: string[]): { rule: Rule; used: number } | null {
  const [first = '', second = '', third = ''] = words;
  if (first === '매일' || first === 'daily' || (first === 'every' && second === 'day'))
    return { rule: { freq: RRule.DAILY }, used: first === 'every' ? 2 : 1 };
  if (['평일', '평일마다', 'weekdays'].includes(first))
    return { rule: { freq: RRule.WEEKLY, byweekday: DAYS.slice(0, 5) }, used: 1 };
  if ((first === '매' && second === '평일') || (first === 'every' && second === 'weekday'))
    return { rule: { freq: RRule.WEEKLY, byweekday: DAYS.slice(0, 5) }, used: 2 };
  if (first === '매주' || first === 'every' || (first === 'weekly' && second === 'on')) {
    const offset = first === 'weekly' ? 2 : 1;
    const day = weekday(words[offset] ?? '');
    if (day !== null) return { rule: { freq: RRule.WEEKLY, byweekday: [DAYS[day] ?? RRule.MO] }, used: offset + 1 };
    if (first === '매주') return { rule: { freq: RRule.WEEKLY }, used: 1 };
  }
  const koreanMonthly = first === '매월' || first === '매달' ? monthDay(second, /^(\d+)일$/.exec(second)?.[1]) : null;
  if (koreanMonthly !== null) return { rule: { freq: RRule.MONTHLY, bymonthday: koreanMonthly }, used: 2 };
  const englishMonthly =
    (first === 'monthly' && second === 'on') || (first === 'every' && second === 'month' && third === 'on');
  if (englishMonthly) {
    const offset = first === 'monthly' ? 2 : 3;
    const day = monthDay(words[offset] ?? '', /^(?:the\s*)?(\d+)(st|nd|rd|th)?$/.exec(words[offset] ?? '')?.[1]);
    if (day !== null) return { rule: { freq: RRule.MONTHLY, bymonthday: day }, used: offset + 1 };
  }
  return null;
}

/**
 * A day of the month, 1 to 31; null when the word is not one. A number outside that range ("매월
 * 32일") is refused, not read as no recurrence (nor left to rrule, which would search years for a 99th).
 */
function monthDay(word: string, digits: string | undefined): number | null {
  if (digits === undefined) return null;
  const day = Number(digits);
  if (day >= 1 && day <= 31) return day;
  throw CommandParseException.impossibleDate(word, 'date', {
    en: 'days of the month run from 1 to 31',
    ko: '날짜는 1일부터 31일까지입니다',
  });
}

function weekday(word: string): number | null {
  for (const [pattern, index] of WEEKDAY_WORDS) if (pattern.test(word)) return index;
  return null;
}
