import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { nextOccurrence } from '../../reminders/recurrence.js';
import { CommandParseException } from './command-parse.exception.js';
import { parseRecurrence } from './recurrence-text.js';
import { suggestCommand } from './suggest.js';
import { parseCommandLine } from './tokenize.js';
import { parseDuration, parseWhenPhrase, readWhen, takeWhen } from './when.js';

const zone = 'Asia/Seoul';
// Tuesday 24 November 2026, 10:00 in Seoul.
const now = DateTime.fromISO('2026-11-24T10:00:00', { zone }).toJSDate();
const clock = { now, timeZone: zone };
const seoul = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const coded = (code: string, text?: string) => expect.objectContaining({ code, ...(text === undefined ? {} : { details: { text } }) });
const impossible = (text?: string) => coded('COMMAND_PARSE_IMPOSSIBLE_DATE', text);

describe('parseCommandLine', () => {
  it('reads words, quotes of three scripts, mentions, rooms and options', () => {
    const line = parseCommandLine('/task "예산 협의 자료 취합" @kim.mois @기획재정부 #기획팀 due:금요일 note:“두 단어” 「괄호 인용」');
    expect(line.command).toBe('task');
    expect(line.args.map((t) => [t.kind, t.value, t.key])).toEqual([
      ['quoted', '예산 협의 자료 취합', undefined],
      ['agency_or_user', 'kim.mois', undefined],
      ['agency_or_user', '기획재정부', undefined],
      ['room', '기획팀', undefined],
      ['option', '금요일', 'due'],
      ['option', '두 단어', 'note'],
      ['quoted', '괄호 인용', undefined],
    ]);
  });

  it('folds full-width forms and the ideographic space', () => {
    const line = parseCommandLine('／ＲＥＭＩＮＤ　ｍｅ　＠ｋｉｍ　１４：００');
    expect(line.command).toBe('remind');
    expect(line.args.map((t) => t.value)).toEqual(['me', 'kim', '14:00']);
    expect(line.args[2]?.kind).toBe('word');
  });

  it('keeps times and URLs as words, and Korean command names', () => {
    const line = parseCommandLine('/과제 9:30 https://example.org/a');
    expect(line.command).toBe('과제');
    expect(line.args.map((t) => t.kind)).toEqual(['word', 'word']);
  });

  it('answers bad lines with coded errors', () => {
    expect(() => parseCommandLine('hello')).toThrow(CommandParseException);
    expect(() => parseCommandLine('/')).toThrow(CommandParseException);
    expect(() => parseCommandLine('/task "열린 따옴표')).toThrow(expect.objectContaining({ code: 'COMMAND_PARSE_UNTERMINATED_QUOTE' }));
    expect(() => parseCommandLine(`/task ${'가'.repeat(5000)}`)).toThrow(expect.objectContaining({ code: 'COMMAND_PARSE_TOO_LONG' }));
  });

  it('never throws anything but a coded parse error, whatever the input', () => {
    const pieces = fc.constantFrom('/', '／', 'task', '과제', ' ', '\u3000', '"', '“', '”', '「', '」', '『', '@', '＠', '#', ':', 'due:', '14:00', 'https://', '\n', '\u0000', '🙂');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(pieces, { maxLength: 40 }).map((p) => p.join(''))), (input) => {
        try {
          parseCommandLine(input);
        } catch (error) {
          if (!(error instanceof CommandParseException)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a line as it is displayed: invisible format characters are dropped, joiners kept inside arguments', () => {
    const joined = parseCommandLine('/remind\u200bme\u200b30분\u200b후');
    expect(joined.command).toBe('remindme30분후');
    expect(joined.args).toEqual([]);
    const marked = parseCommandLine('\ufeff/\u200ftask\u202e "\u2066제목\u2069" 👨\u200d👩\u200d👧');
    expect(marked.command).toBe('task');
    expect(marked.args.map((t) => t.value)).toEqual(['제목', '👨\u200d👩\u200d👧']);
    expect(parseCommandLine('/ta\u200dsk').command).toBe('task');
    expect(() => parseCommandLine('/\u200b\u200d')).toThrow(coded('COMMAND_PARSE_EMPTY'));
  });

  it('returns a long command name whole, for the registry to call unknown', () => {
    expect(parseCommandLine(`/${'z'.repeat(70)}`).command).toBe('z'.repeat(70));
  });

  it('fuzz: slash lines of full-width, zero-width, RTL, emoji, long names and Korean quotes throw only coded parse errors, and read as displayed', () => {
    const pieces = fc.constantFrom(
      '/', '／', ' ', '\u3000', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u200f', '\u202b', '\u202e', '\u2066', '\u2069', '\u061c',
      'remind', 'ｒｅｍｉｎｄ', '알림', '과제', 'me', '나', 'z'.repeat(70), '가'.repeat(40), '🙂', '👨\u200d👩\u200d👧', '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}',
      '"', '＂', '“', '”', '‘', '’', '「', '」', '『', '』', '《', '》', '@', '＠', '#', ':', 'due:', '기한:', '14:00', '２월 ３０일', '31/02', '25시', 'https://', '\n', '\t',
    );
    const line = fc.tuple(fc.constantFrom('/', '／', '\u200b/', '\ufeff/', ' /'), fc.array(pieces, { maxLength: 30 })).map(([head, rest]) => head + rest.join(''));
    let parsed = 0;
    fc.assert(
      fc.property(line, (input) => {
        try {
          const result = parseCommandLine(input);
          parsed++;
          expect(result.command).not.toMatch(/[\s\p{Cf}]/u);
          expect(result.raw).not.toMatch(/[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad\u061c]/u);
          takeWhen(result.args.map((t) => t.value), clock);
        } catch (error) {
          if (!(error instanceof CommandParseException)) throw error;
        }
      }),
      { numRuns: 4000 },
    );
    expect(parsed).toBeGreaterThan(1000);
  });

  it('gives quoted text back unchanged, and full-width input equals its ASCII twin', () => {
    const safe = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/["\s]/u.test(s) && s === s.normalize('NFKC'));
    fc.assert(
      fc.property(safe, (text) => {
        const line = parseCommandLine(`/note "${text} ${text}"`);
        expect(line.args).toHaveLength(1);
        expect(line.args[0]?.value).toBe(`${text} ${text}`);
      }),
    );
    const ascii = fc.stringMatching(/^[a-z0-9@#: ]{1,30}$/);
    fc.assert(
      fc.property(ascii, (text) => {
        const wide = [...text].map((c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
        expect(parseCommandLine(`/x ${wide}`).args).toEqual(parseCommandLine(`/x ${text}`).args);
      }),
    );
  });
});

describe('takeWhen', () => {
  const cases: Array<[string, string]> = [
    ['내일 오후 3시', '2026-11-25T15:00'],
    ['내일 3시', '2026-11-25T15:00'],
    ['모레 10시', '2026-11-26T10:00'],
    ['오늘 18:30', '2026-11-24T18:30'],
    ['다음 주 월요일 10:00', '2026-11-30T10:00'],
    ['다음주 월요일', '2026-11-30T09:00'],
    ['금요일까지', '2026-11-27T18:00'],
    ['3월 5일 14시', '2027-03-05T14:00'],
    ['12월 1일 오전 9시 30분', '2026-12-01T09:30'],
    ['2026-12-01 09:00', '2026-12-01T09:00'],
    ['12/1 9am', '2026-12-01T09:00'],
    ['tomorrow 3pm', '2026-11-25T15:00'],
    ['tomorrow at 15:00', '2026-11-25T15:00'],
    ['next monday 10:00', '2026-11-30T10:00'],
    ['friday', '2026-11-27T09:00'],
    ['tuesday 9am', '2026-12-01T09:00'],
    ['noon', '2026-11-24T12:00'],
    ['정오', '2026-11-24T12:00'],
    ['9시 반', '2026-11-25T09:30'],
    ['15:00', '2026-11-24T15:00'],
    ['9:00', '2026-11-25T09:00'],
  ];
  it.each(cases)('reads "%s" as %s in Seoul', (text, expected) => {
    expect(takeWhen(text.split(' '), clock)?.at).toEqual(seoul(expected));
  });

  it('reads relative times from now', () => {
    expect(takeWhen(['in', '2h'], clock)?.at).toEqual(seoul('2026-11-24T12:00'));
    expect(takeWhen(['in', '30', 'minutes'], clock)?.at).toEqual(seoul('2026-11-24T10:30'));
    expect(takeWhen(['30분', '후'], clock)?.at).toEqual(seoul('2026-11-24T10:30'));
    expect(takeWhen(['2시간', '30분', '뒤'], clock)?.at).toEqual(seoul('2026-11-24T12:30'));
    expect(takeWhen(['3일', '후'], clock)?.at).toEqual(seoul('2026-11-27T10:00'));
    expect(takeWhen(['in', '2', 'seconds'], clock)?.at).toEqual(seoul('2026-11-24T10:00:02'));
  });

  it('reads a date without a time as the end of the working day when it is a due date', () => {
    const due = { ...clock, deadline: true };
    expect(takeWhen(['금요일'], due)?.at).toEqual(seoul('2026-11-27T18:00'));
    expect(takeWhen(['friday'], due)?.at).toEqual(seoul('2026-11-27T18:00'));
    expect(takeWhen(['다음주', '월요일'], due)?.at).toEqual(seoul('2026-11-30T18:00'));
    // A time, when given, is kept.
    expect(takeWhen(['금요일', '12시'], due)?.at).toEqual(seoul('2026-11-27T12:00'));
  });

  it('takes only a marked deadline when asked to, leaving a leading date word to the text after it', () => {
    const marked = { ...clock, deadline: true, marked: true };
    expect(takeWhen(['금요일까지', '의견', '부탁드립니다'], marked)).toEqual({ at: seoul('2026-11-27T18:00'), rest: ['의견', '부탁드립니다'] });
    expect(takeWhen(['by', 'friday', 'please'], marked)).toEqual({ at: seoul('2026-11-27T18:00'), rest: ['please'] });
    expect(takeWhen(['until', 'tomorrow', '3pm'], marked)?.at).toEqual(seoul('2026-11-25T15:00'));
    expect(takeWhen(['내일', '오후', '3시까지'], marked)?.at).toEqual(seoul('2026-11-25T15:00'));
    expect(takeWhen(['오늘', '회의', '결과'], marked)).toBeNull();
    expect(takeWhen(['in', '2h', '보고'], marked)).toBeNull();
    // Unmarked, the same words are a time.
    expect(takeWhen(['오늘', '회의', '결과'], { ...clock, deadline: true })?.rest).toEqual(['회의', '결과']);
  });

  it('takes the longest leading time and leaves the rest', () => {
    expect(takeWhen(['내일', '오후', '3시', '보고서', '제출'], clock)).toEqual({ at: seoul('2026-11-25T15:00'), rest: ['보고서', '제출'] });
    expect(takeWhen(['보고서', '내일'], clock)).toBeNull();
  });

  it('uses the given zone', () => {
    expect(takeWhen(['tomorrow', '9am'], { now, timeZone: 'Europe/Paris' })?.at).toEqual(DateTime.fromISO('2026-11-25T09:00', { zone: 'Europe/Paris' }).toJSDate());
  });

  it('understands a Korean date with its year, and the official dotted form', () => {
    expect(takeWhen(['2026년', '12월', '31일', '18시'], clock)?.at).toEqual(seoul('2026-12-31T18:00'));
    expect(takeWhen('2027년 1월 5일 오전 10시 30분 보고'.split(' '), clock)).toEqual({ at: seoul('2027-01-05T10:30'), rest: ['보고'] });
    expect(takeWhen('2026. 12. 31. 14:00'.split(' '), clock)?.at).toEqual(seoul('2026-12-31T14:00'));
    expect(takeWhen(['2026.12.31', '9:30'], clock)?.at).toEqual(seoul('2026-12-31T09:30'));
    expect(takeWhen(['2026/12/31'], { ...clock, deadline: true })?.at).toEqual(seoul('2026-12-31T18:00'));
  });

  it('reads a/b as month/day, and as day/month only when a cannot be a month', () => {
    expect(takeWhen(['12/25'], clock)?.at).toEqual(seoul('2026-12-25T09:00'));
    expect(takeWhen(['25/12', '18:00'], clock)?.at).toEqual(seoul('2026-12-25T18:00'));
    expect(takeWhen(['3/1'], clock)?.at).toEqual(seoul('2027-03-01T09:00'));
    expect(takeWhen(['1/3'], clock)?.at).toEqual(seoul('2027-01-03T09:00'));
  });

  it('takes a date without a year or month to the next time it exists', () => {
    expect(takeWhen(['2월', '29일'], clock)?.at).toEqual(seoul('2028-02-29T09:00'));
    expect(takeWhen(['29/02'], clock)?.at).toEqual(seoul('2028-02-29T09:00'));
    // November has 30 days: the 31st is December's.
    expect(takeWhen(['31일', '10시'], clock)?.at).toEqual(seoul('2026-12-31T10:00'));
    expect(takeWhen(['30일'], clock)?.at).toEqual(seoul('2026-11-30T09:00'));
  });

  it.each([
    ['2월 30일 오후 3시 회의', '2월 30일'],
    ['31/02 15:00', '31/02'],
    ['2026-02-30 10:00', '2026-02-30'],
    ['2027-02-29', '2027-02-29'],
    ['2026년 2월 29일 9시', '2026년 2월 29일'],
    ['2026. 4. 31.', '2026. 4. 31.'],
    ['13월 5일', '13월 5일'],
    ['0월 5일', '0월 5일'],
    ['2026-13-01', '2026-13-01'],
    ['13/13', '13/13'],
    ['30/02', '30/02'],
    ['4월 31일', '4월 31일'],
    ['32일', '32일'],
    ['0일 9시', '0일'],
    ['내일 25시 보고', '25시'],
    ['25:00', '25:00'],
    ['금요일 24:00', '24:00'],
    ['10:61', '10:61'],
    ['9시 61분', '9시 61분'],
    ['오후 13시', '오후 13시'],
    ['13pm', '13pm'],
    ['by friday 25:00', '25:00'],
  ])('refuses "%s", naming "%s", instead of reading the rest', (phrase, named) => {
    let thrown: unknown;
    try {
      takeWhen(phrase.split(' '), clock);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(impossible(named));
    const { text } = thrown as CommandParseException;
    expect(text.ko).toContain(`"${named}"은(는) 없는`);
    expect(text.en).toContain(`"${named}" is not a`);
  });

  it('says which rule an impossible date broke', () => {
    expect(() => takeWhen(['2월', '30일'], clock)).toThrow(expect.objectContaining({ text: expect.objectContaining({ ko: expect.stringContaining('2월은 29일까지입니다') }) }));
    expect(() => takeWhen(['2027-02-29'], clock)).toThrow(expect.objectContaining({ text: expect.objectContaining({ en: expect.stringContaining('February 2027 has 28 days') }) }));
    expect(() => takeWhen(['13월', '1일'], clock)).toThrow(expect.objectContaining({ text: expect.objectContaining({ en: expect.stringContaining('months run from 1 to 12') }) }));
  });

  it('says a time already gone is past, with the instant it was read as', () => {
    const past = (words: string[], text: string) => {
      let thrown: unknown;
      try {
        takeWhen(words, clock);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toEqual(coded('COMMAND_PARSE_PAST_TIME', text));
      return (thrown as CommandParseException).text;
    };
    expect(past(['2020-01-01', '10:00', '보고'], '2020-01-01 10:00').ko).toContain('2020년 1월 1일 (수) 오전 10:00');
    expect(past(['오늘', '9시'], '오늘 9시').en).toContain('Tue 24 Nov 2026, 9:00 AM');
    past(['이번주', '월요일', '10:00'], '이번주 월요일 10:00');
    expect(() => takeWhen(['until', 'today', '9am'], { ...clock, marked: true })).toThrow(coded('COMMAND_PARSE_PAST_TIME', 'today 9am'));
  });

  it('leaves words that are no time at all to the caller, and unmarked dates to free text', () => {
    expect(takeWhen(['보고서', '제출'], clock)).toBeNull();
    expect(takeWhen(['2월', '30일', '회의', '결과'], { ...clock, deadline: true, marked: true })).toBeNull();
  });

  it('never throws and never lands before now', () => {
    const words = fc.constantFrom('내일', '오늘', '모레', '오후', '오전', '3시', '반', '30분', '후', 'in', '2h', 'tomorrow', 'at', '25:99', '0:00', '12am', '13pm', '금요일', '까지', 'next', 'monday', '다음', '주', '2월', '30일', '99', '');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 6 }), fc.integer({ min: 0, max: 4_000_000_000_000 }), (parts, ms) => {
        const at = parseWhenPhrase(parts.join(' '), { now: new Date(ms), timeZone: zone });
        if (at) expect(at.getTime()).toBeGreaterThan(ms);
      }),
      { numRuns: 3000 },
    );
  });
});

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
    expect(weekdays && nextOccurrence(weekdays.recurrence, zone, seoul('2026-11-27T09:00'))).toEqual(seoul('2026-11-30T09:00'));

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
    for (const day of ['0일', '32일', '99일']) expect(() => parseRecurrence(['매월', day, '9시'], clock)).toThrow(impossible(day));
    expect(() => parseRecurrence(['monthly', 'on', '0th'], clock)).toThrow(impossible('0th'));
    expect(() => parseRecurrence(['every', 'month', 'on', '45'], clock)).toThrow(impossible('45'));
  });

  it('refuses a time of day that cannot be instead of falling back to 9:00 with it left in the text', () => {
    expect(() => parseRecurrence(['매일', '25시', '점검'], clock)).toThrow(impossible('25시'));
    expect(() => parseRecurrence(['every', 'monday', '9:75', 'standup'], clock)).toThrow(impossible('9:75'));
    expect(parseRecurrence(['매일', '자정', '백업'], clock)).toMatchObject({ firstAt: seoul('2026-11-25T00:00'), rest: ['백업'] });
  });
});

describe('suggestCommand', () => {
  const known = ['task', 'remind', 'meet', 'memo', 'help', '과제', '알림'];
  it('finds the command meant', () => {
    expect(suggestCommand('tsak', known)).toBe('task');
    expect(suggestCommand('remnd', known)).toBe('remind');
    expect(suggestCommand('과재', known)).toBe('과제');
    expect(suggestCommand('xyzzy', known)).toBeNull();
  });

  it('finds the name a run-together line starts with, and nothing in a long random name', () => {
    expect(suggestCommand('remindme30분후예산자료보내기', known)).toBe('remind');
    expect(suggestCommand('알림나내일오후3시', known)).toBe('알림');
    expect(suggestCommand('z'.repeat(70), known)).toBeNull();
    expect(suggestCommand('z'.repeat(4000), known)).toBeNull();
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
    fc.tuple(fc.oneof(fc.tuple(badMonth, fc.integer({ min: 1, max: 31 })), goodMonth.chain((m) => fc.tuple(fc.constant(m), fc.oneof(fc.constant(0), fc.integer({ min: (MOST_DAYS[m - 1] ?? 31) + 1, max: 99 }))))), fc.boolean(), fc.boolean()).map(([[m, d], slash, padded]) =>
      // Month first only while the first number can be no day (a 13 there would be read day first).
      slash && m <= 12 ? `${pad(m, padded)}/${pad(d, padded)}` : `${m}월 ${d}일`,
    ),
    // Day first, as 31/02: a day no month b has, or two numbers that are neither month.
    fc.oneof(
      goodMonth.chain((b) => fc.tuple(fc.integer({ min: Math.max(13, (MOST_DAYS[b - 1] ?? 31) + 1), max: 99 }), fc.constant(b))),
      fc.tuple(fc.integer({ min: 13, max: 99 }), fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 }))),
    ).map(([a, b]) => `${a}/${String(b).padStart(2, '0')}`),
    // With a year: ISO and its slash and dot twins, the official "2026. 2. 30.", and 2026년 2월 30일.
    fc
      .tuple(year, fc.oneof(fc.tuple(badMonth, fc.integer({ min: 1, max: 28 })), fc.tuple(goodMonth, fc.oneof(fc.constant(0), fc.integer({ min: 29, max: 99 })))), fc.constantFrom('-', '/', '.', '. ', '년'), fc.boolean())
      .filter(([y, [m, d]]) => m < 1 || m > 12 || d < 1 || d > daysIn(y, m))
      .map(([y, [m, d], sep, padded]) => (sep === '년' ? `${y}년 ${m}월 ${d}일` : sep === '. ' ? `${y}. ${m}. ${d}.` : `${y}${sep}${pad(m, padded)}${sep}${pad(d, padded)}`)),
    // A day of the month alone.
    fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 99 })).map((d) => `${d}일`),
  );

  /** A time of day in every written form, with an hour or minute that cannot be. */
  const impossibleTime = fc.oneof(
    fc.integer({ min: 24, max: 99 }).map((h) => `${h}시`),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 60, max: 99 })).map(([h, m]) => `${h}시 ${m}분`),
    fc.oneof(fc.tuple(fc.integer({ min: 24, max: 99 }), fc.integer({ min: 0, max: 59 })), fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 60, max: 99 }))).map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
    fc.tuple(fc.constantFrom('오전', '오후', '저녁', '새벽'), fc.integer({ min: 13, max: 99 })).map(([meridiem, h]) => `${meridiem} ${h}시`),
    fc.tuple(fc.integer({ min: 13, max: 99 }), fc.constantFrom('am', 'pm', 'AM', 'p.m.')).map(([h, suffix]) => `${h}${suffix}`),
  );
  const goodDate = fc.constantFrom('내일', '금요일', '다음 주 월요일', '12월 1일', '12/1', '2099-01-02', '2099년 1월 2일');
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
      fc.property(phrase, fc.constantFrom('', '까지'), fc.constantFrom([], ['회의', '자료']), anyClock, fc.boolean(), (text, until, after, clockNow, deadline) => {
        const words = [...`${text}${until}`.split(' '), ...after];
        const at = { ...clockNow, deadline };
        expect(readWhen(`${text}${until}`, at)).toMatchObject({ kind: 'impossible' });
        expect(parseWhenPhrase(`${text}${until}`, at)).toBeNull();
        expect(() => takeWhen(words, at)).toThrow(impossible());
      }),
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
      fc.property(anyClock, fc.integer({ min: 2 * 3_600_000 + 60_000, max: 300 * 86_400_000 }), fc.integer({ min: 0, max: 6 }), (clockNow, ahead, form) => {
        const local = DateTime.fromMillis(clockNow.now.getTime() + ahead, { zone: clockNow.timeZone }).startOf('minute');
        const text = written(local, form);
        if (text === null) return;
        const found = takeWhen([...text.split(' '), '보고'], clockNow);
        expect(found?.rest).toEqual(['보고']);
        const back = DateTime.fromJSDate(found?.at ?? new Date(0), { zone: clockNow.timeZone });
        expect(back.toFormat('yyyy-MM-dd HH:mm')).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
      }),
      { numRuns: 3000 },
    );
  });

  it('a day-only date less than four weeks ahead reads back as itself', () => {
    // At most 26 days of clock time: with the hour of day and a DST change that is 27 calendar
    // days, less than the shortest month, so the day named comes first at the target.
    fc.assert(
      fc.property(anyClock, fc.integer({ min: 86_400_000, max: 26 * 86_400_000 }), (clockNow, ahead) => {
        const local = DateTime.fromMillis(clockNow.now.getTime() + ahead, { zone: clockNow.timeZone }).startOf('minute');
        const at = takeWhen([`${local.day}일`, `${local.hour}:${String(local.minute).padStart(2, '0')}`], clockNow)?.at;
        expect(DateTime.fromJSDate(at ?? new Date(0), { zone: clockNow.timeZone }).toFormat('yyyy-MM-dd HH:mm')).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
      }),
      { numRuns: 1000 },
    );
  });
});
