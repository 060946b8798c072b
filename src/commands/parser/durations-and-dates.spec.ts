import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { nextOccurrence } from '../../reminders/recurrence.js';
import { CommandParseException } from './command-parse.exception.js';
import { parseRecurrence } from './recurrence-text.js';
import { parseDuration, parseWhenPhrase, readWhen, takeWhen } from './when.js';

const zone = 'Asia/Seoul';
// Tuesday 24 November 2026, 10:00 in Seoul.
const now = DateTime.fromISO('2026-11-24T10:00:00', { zone }).toJSDate();
const clock = { now, timeZone: zone };
const seoul = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const coded = (code: string, text?: string) =>
  expect.objectContaining({ code, ...(text === undefined ? {} : { details: { text } }) });
const impossible = (text?: string) => coded('COMMAND_PARSE_IMPOSSIBLE_DATE', text);

describe('parseDuration', () => {
  it.each([
    ['30분', 30],
    ['1시간 30분', 90],
    ['90m', 90],
    ['1h30m', 90],
    ['2h', 120],
    ['45 min', 45],
    ['1.5시간', 90],
  ])('%s is %i minutes', (text, minutes) => {
    expect(parseDuration(text).minutes).toBe(minutes);
  });

  it('refuses what is not a duration', () => {
    expect(() => parseDuration('soon')).toThrow(CommandParseException);
    expect(() => parseDuration('10초')).toThrow(CommandParseException);
  });
});

describe('parseRecurrence', () => {
  it('reads Korean and English rules into an RRULE with the first occurrence after now', () => {
    const weekly = parseRecurrence(['매주', '월요일', '9시', '주간', '회의'], clock);
    expect(weekly?.recurrence).toBe('DTSTART;TZID=Asia/Seoul:20261124T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO');
    expect(weekly?.firstAt).toEqual(seoul('2026-11-30T09:00'));
    expect(weekly?.rest).toEqual(['주간', '회의']);

    const weekdays = parseRecurrence(['every', 'weekday', 'at', '9:00', 'standup'], clock);
    expect(weekdays?.firstAt).toEqual(seoul('2026-11-25T09:00'));
    expect(weekdays?.rest).toEqual(['standup']);
    expect(weekdays && nextOccurrence(weekdays.recurrence, zone, seoul('2026-11-27T09:00'))).toEqual(
      seoul('2026-11-30T09:00'),
    );

    expect(parseRecurrence(['매일', '오후', '6시'], clock)?.firstAt).toEqual(seoul('2026-11-24T18:00'));
    expect(parseRecurrence(['평일', '9시'], clock)?.firstAt).toEqual(seoul('2026-11-25T09:00'));
    expect(parseRecurrence(['매월', '1일', '10시'], clock)?.firstAt).toEqual(seoul('2026-12-01T10:00'));
    expect(parseRecurrence(['every', 'monday', '9am'], clock)?.firstAt).toEqual(seoul('2026-11-30T09:00'));
    expect(parseRecurrence(['weekly', 'on', 'friday', '17:00'], clock)?.firstAt).toEqual(seoul('2026-11-27T17:00'));
    expect(parseRecurrence(['daily', '9:00'], clock)?.firstAt).toEqual(seoul('2026-11-25T09:00'));
    expect(parseRecurrence(['내일', '9시'], clock)).toBeNull();
  });

  it('takes a day of the month only from 1 to 31, and refuses one that cannot be', () => {
    expect(parseRecurrence(['매월', '31일', '9시'], clock)?.firstAt).toEqual(seoul('2026-12-31T09:00'));
    for (const day of ['0일', '32일', '99일'])
      expect(() => parseRecurrence(['매월', day, '9시'], clock)).toThrow(impossible(day));
    expect(() => parseRecurrence(['monthly', 'on', '0th'], clock)).toThrow(impossible('0th'));
    expect(() => parseRecurrence(['every', 'month', 'on', '45'], clock)).toThrow(impossible('45'));
  });

  it('refuses a time of day that cannot be instead of falling back to 9:00 with it left in the text', () => {
    expect(() => parseRecurrence(['매일', '25시', '점검'], clock)).toThrow(impossible('25시'));
    expect(() => parseRecurrence(['every', 'monday', '9:75', 'standup'], clock)).toThrow(impossible('9:75'));
    expect(parseRecurrence(['매일', '자정', '백업'], clock)).toMatchObject({
      firstAt: seoul('2026-11-25T00:00'),
      rest: ['백업'],
    });
  });
});

describe('dates are never guessed (properties)', () => {
  // Any moment from 2000 to 2090 in a few zones: nothing depends on when the test runs.
  const anyClock = fc.record({
    now: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }).map((ms) => new Date(ms)),
    timeZone: fc.constantFrom('Asia/Seoul', 'UTC', 'America/New_York', 'Europe/Paris', 'Pacific/Auckland'),
  });
  const MOST_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const pad = (n: number, padded: boolean) => (padded ? String(n).padStart(2, '0') : String(n));
  const goodMonth = fc.integer({ min: 1, max: 12 });
  const badMonth = fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 }));
  const year = fc.integer({ min: 1000, max: 9999 });
  const daysIn = (y: number, m: number) => DateTime.fromObject({ year: y, month: m }).daysInMonth ?? 31;

  /** A date in every written form the parser knows, each with a number that cannot be. */
  const impossibleDate = fc.oneof(
    // Month and day without a year, Korean or with a slash (month first).
    fc
      .tuple(
        fc.oneof(
          fc.tuple(badMonth, fc.integer({ min: 1, max: 31 })),
          goodMonth.chain((m) =>
            fc.tuple(
              fc.constant(m),
              fc.oneof(fc.constant(0), fc.integer({ min: (MOST_DAYS[m - 1] ?? 31) + 1, max: 99 })),
            ),
          ),
        ),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([[m, d], slash, padded]) =>
        // Month first only while the first number can be no day (a 13 there would be read day first).
        slash && m <= 12 ? `${pad(m, padded)}/${pad(d, padded)}` : `${m}월 ${d}일`,
      ),
    // Day first, as 31/02: a day no month b has, or two numbers that are neither month.
    fc
      .oneof(
        goodMonth.chain((b) =>
          fc.tuple(fc.integer({ min: Math.max(13, (MOST_DAYS[b - 1] ?? 31) + 1), max: 99 }), fc.constant(b)),
        ),
        fc.tuple(fc.integer({ min: 13, max: 99 }), fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 }))),
      )
      .map(([a, b]) => `${a}/${String(b).padStart(2, '0')}`),
    // With a year: ISO and its slash and dot twins, the official "2026. 2. 30.", and 2026년 2월 30일.
    fc
      .tuple(
        year,
        fc.oneof(
          fc.tuple(badMonth, fc.integer({ min: 1, max: 28 })),
          fc.tuple(goodMonth, fc.oneof(fc.constant(0), fc.integer({ min: 29, max: 99 }))),
        ),
        fc.constantFrom('-', '/', '.', '. ', '년'),
        fc.boolean(),
      )
      .filter(([y, [m, d]]) => m < 1 || m > 12 || d < 1 || d > daysIn(y, m))
      .map(([y, [m, d], sep, padded]) =>
        sep === '년'
          ? `${y}년 ${m}월 ${d}일`
          : sep === '. '
            ? `${y}. ${m}. ${d}.`
            : `${y}${sep}${pad(m, padded)}${sep}${pad(d, padded)}`,
      ),
    // A day of the month alone.
    fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 99 })).map((d) => `${d}일`),
  );

  /** A time of day in every written form, with an hour or minute that cannot be. */
  const impossibleTime = fc.oneof(
    fc.integer({ min: 24, max: 99 }).map((h) => `${h}시`),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 60, max: 99 })).map(([h, m]) => `${h}시 ${m}분`),
    fc
      .oneof(
        fc.tuple(fc.integer({ min: 24, max: 99 }), fc.integer({ min: 0, max: 59 })),
        fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 60, max: 99 })),
      )
      .map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
    fc
      .tuple(fc.constantFrom('오전', '오후', '저녁', '새벽'), fc.integer({ min: 13, max: 99 }))
      .map(([meridiem, h]) => `${meridiem} ${h}시`),
    fc
      .tuple(fc.integer({ min: 13, max: 99 }), fc.constantFrom('am', 'pm', 'AM', 'p.m.'))
      .map(([h, suffix]) => `${h}${suffix}`),
  );
  const goodDate = fc.constantFrom(
    '내일',
    '금요일',
    '다음 주 월요일',
    '12월 1일',
    '12/1',
    '2099-01-02',
    '2099년 1월 2일',
  );
  const goodTime = fc.constantFrom('오후 3시', '10:00', '9시 반', '3pm', '정오');

  const phrase = fc.oneof(
    impossibleDate,
    impossibleTime,
    fc.tuple(impossibleDate, goodTime).map(([d, t]) => `${d} ${t}`),
    fc.tuple(goodDate, impossibleTime).map(([d, t]) => `${d} ${t}`),
    fc.tuple(impossibleDate, impossibleTime).map(([d, t]) => `${d} ${t}`),
  );

  it('no impossible date or time, in any supported form, yields an instant', () => {
    fc.assert(
      fc.property(
        phrase,
        fc.constantFrom('', '까지'),
        fc.constantFrom([], ['회의', '자료']),
        anyClock,
        fc.boolean(),
        (text, until, after, clockNow, deadline) => {
          const words = [...`${text}${until}`.split(' '), ...after];
          const at = { ...clockNow, deadline };
          expect(readWhen(`${text}${until}`, at)).toMatchObject({ kind: 'impossible' });
          expect(parseWhenPhrase(`${text}${until}`, at)).toBeNull();
          expect(() => takeWhen(words, at)).toThrow(impossible());
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('every future date and time written in each supported form reads back as itself', () => {
    const written = (local: DateTime, form: number): string | null => {
      const { year: y, month: m, day: d, hour: h, minute: mi } = local;
      const hh = String(h).padStart(2, '0');
      const mm = String(mi).padStart(2, '0');
      const twelve = h % 12 === 0 ? 12 : h % 12;
      const korean = `${h < 12 ? '오전' : '오후'} ${twelve}시 ${mi}분`;
      switch (form) {
        case 0:
          return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${hh}:${mm}`;
        case 1:
          return `${y}년 ${m}월 ${d}일 ${korean}`;
        case 2:
          return `${y}. ${m}. ${d}. ${hh}:${mm}`;
        case 3:
          return `${y}/${m}/${d} ${twelve}:${mm}${h < 12 ? 'am' : 'pm'}`;
        case 4:
          return `${m}월 ${d}일 ${korean}`;
        case 5:
          return `${m}/${d} ${hh}:${mm}`;
        case 6:
          // Day first only where it cannot be read as month first.
          return d > 12 ? `${d}/${String(m).padStart(2, '0')} ${hh}:${mm}` : null;
        default:
          return null;
      }
    };
    fc.assert(
      fc.property(
        anyClock,
        fc.integer({ min: 2 * 3_600_000 + 60_000, max: 300 * 86_400_000 }),
        fc.integer({ min: 0, max: 6 }),
        (clockNow, ahead, form) => {
          const local = DateTime.fromMillis(clockNow.now.getTime() + ahead, { zone: clockNow.timeZone }).startOf(
            'minute',
          );
          const text = written(local, form);
          if (text === null) return;
          const found = takeWhen([...text.split(' '), '보고'], clockNow);
          expect(found?.rest).toEqual(['보고']);
          const back = DateTime.fromJSDate(found?.at ?? new Date(0), { zone: clockNow.timeZone });
          expect(back.toFormat('yyyy-MM-dd HH:mm')).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a day-only date less than four weeks ahead reads back as itself', () => {
    // At most 26 days of clock time: with the hour of day and a DST change that is 27 calendar
    // days, less than the shortest month, so the day named comes first at the target.
    fc.assert(
      fc.property(anyClock, fc.integer({ min: 86_400_000, max: 26 * 86_400_000 }), (clockNow, ahead) => {
        const local = DateTime.fromMillis(clockNow.now.getTime() + ahead, { zone: clockNow.timeZone }).startOf(
          'minute',
        );
        const at = takeWhen([`${local.day}일`, `${local.hour}:${String(local.minute).padStart(2, '0')}`], clockNow)?.at;
        expect(DateTime.fromJSDate(at ?? new Date(0), { zone: clockNow.timeZone }).toFormat('yyyy-MM-dd HH:mm')).toBe(
          local.toFormat('yyyy-MM-dd HH:mm'),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
