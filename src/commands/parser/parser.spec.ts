import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { nextOccurrence } from '../../reminders/recurrence.js';
import { CommandParseException } from './command-parse.exception.js';
import { parseRecurrence } from './recurrence-text.js';
import { suggestCommand } from './suggest.js';
import { parseCommandLine } from './tokenize.js';
import { parseDuration, parseWhenPhrase, takeWhen } from './when.js';

const zone = 'Asia/Seoul';
// Tuesday 24 November 2026, 10:00 in Seoul.
const now = DateTime.fromISO('2026-11-24T10:00:00', { zone }).toJSDate();
const clock = { now, timeZone: zone };
const seoul = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();

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

  it('takes a day of the month only from 1 to 31', () => {
    expect(parseRecurrence(['매월', '31일', '9시'], clock)?.firstAt).toEqual(seoul('2026-12-31T09:00'));
    for (const day of ['0일', '32일', '99일']) expect(parseRecurrence(['매월', day, '9시'], clock)).toBeNull();
    expect(parseRecurrence(['monthly', 'on', 'the', '0th'], clock)).toBeNull();
    expect(parseRecurrence(['every', 'month', 'on', '45'], clock)).toBeNull();
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
});
