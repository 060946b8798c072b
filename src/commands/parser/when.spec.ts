import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type CommandParseException } from './command-parse.exception.js';
import { parseWhenPhrase, takeWhen } from './when.js';

const zone = 'Asia/Seoul';
// Tuesday 24 November 2026, 10:00 in Seoul.
const now = DateTime.fromISO('2026-11-24T10:00:00', { zone }).toJSDate();
const clock = { now, timeZone: zone };
const seoul = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const coded = (code: string, text?: string) =>
  expect.objectContaining({ code, ...(text === undefined ? {} : { details: { text } }) });
const impossible = (text?: string) => coded('COMMAND_PARSE_IMPOSSIBLE_DATE', text);

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
    expect(takeWhen(['금요일까지', '의견', '부탁드립니다'], marked)).toEqual({
      at: seoul('2026-11-27T18:00'),
      rest: ['의견', '부탁드립니다'],
    });
    expect(takeWhen(['by', 'friday', 'please'], marked)).toEqual({ at: seoul('2026-11-27T18:00'), rest: ['please'] });
    expect(takeWhen(['until', 'tomorrow', '3pm'], marked)?.at).toEqual(seoul('2026-11-25T15:00'));
    expect(takeWhen(['내일', '오후', '3시까지'], marked)?.at).toEqual(seoul('2026-11-25T15:00'));
    expect(takeWhen(['오늘', '회의', '결과'], marked)).toBeNull();
    expect(takeWhen(['in', '2h', '보고'], marked)).toBeNull();
    // Unmarked, the same words are a time.
    expect(takeWhen(['오늘', '회의', '결과'], { ...clock, deadline: true })?.rest).toEqual(['회의', '결과']);
  });

  it('takes the longest leading time and leaves the rest', () => {
    expect(takeWhen(['내일', '오후', '3시', '보고서', '제출'], clock)).toEqual({
      at: seoul('2026-11-25T15:00'),
      rest: ['보고서', '제출'],
    });
    expect(takeWhen(['보고서', '내일'], clock)).toBeNull();
  });

  it('uses the given zone', () => {
    expect(takeWhen(['tomorrow', '9am'], { now, timeZone: 'Europe/Paris' })?.at).toEqual(
      DateTime.fromISO('2026-11-25T09:00', { zone: 'Europe/Paris' }).toJSDate(),
    );
  });

  it('understands a Korean date with its year, and the official dotted form', () => {
    expect(takeWhen(['2026년', '12월', '31일', '18시'], clock)?.at).toEqual(seoul('2026-12-31T18:00'));
    expect(takeWhen('2027년 1월 5일 오전 10시 30분 보고'.split(' '), clock)).toEqual({
      at: seoul('2027-01-05T10:30'),
      rest: ['보고'],
    });
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
    expect(() => takeWhen(['2월', '30일'], clock)).toThrow(
      expect.objectContaining({
        text: expect.objectContaining({ ko: expect.stringContaining('2월은 29일까지입니다') }),
      }),
    );
    expect(() => takeWhen(['2027-02-29'], clock)).toThrow(
      expect.objectContaining({
        text: expect.objectContaining({ en: expect.stringContaining('February 2027 has 28 days') }),
      }),
    );
    expect(() => takeWhen(['13월', '1일'], clock)).toThrow(
      expect.objectContaining({
        text: expect.objectContaining({ en: expect.stringContaining('months run from 1 to 12') }),
      }),
    );
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
    expect(() => takeWhen(['until', 'today', '9am'], { ...clock, marked: true })).toThrow(
      coded('COMMAND_PARSE_PAST_TIME', 'today 9am'),
    );
  });

  it('leaves words that are no time at all to the caller, and unmarked dates to free text', () => {
    expect(takeWhen(['보고서', '제출'], clock)).toBeNull();
    expect(takeWhen(['2월', '30일', '회의', '결과'], { ...clock, deadline: true, marked: true })).toBeNull();
  });

  it('never throws and never lands before now', () => {
    const words = fc.constantFrom(
      '내일',
      '오늘',
      '모레',
      '오후',
      '오전',
      '3시',
      '반',
      '30분',
      '후',
      'in',
      '2h',
      'tomorrow',
      'at',
      '25:99',
      '0:00',
      '12am',
      '13pm',
      '금요일',
      '까지',
      'next',
      'monday',
      '다음',
      '주',
      '2월',
      '30일',
      '99',
      '',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 6 }), fc.integer({ min: 0, max: 4_000_000_000_000 }), (parts, ms) => {
        const at = parseWhenPhrase(parts.join(' '), { now: new Date(ms), timeZone: zone });
        if (at) expect(at.getTime()).toBeGreaterThan(ms);
      }),
      { numRuns: 3000 },
    );
  });
});
