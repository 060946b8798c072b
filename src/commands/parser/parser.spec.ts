import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { CommandParseException } from './command-parse.exception.js';
import { suggestCommand } from './suggest.js';
import { parseCommandLine } from './tokenize.js';
import { takeWhen } from './when.js';

const zone = 'Asia/Seoul';
// Tuesday 24 November 2026, 10:00 in Seoul.
const now = DateTime.fromISO('2026-11-24T10:00:00', { zone }).toJSDate();
const clock = { now, timeZone: zone };
const coded = (code: string, text?: string) =>
  expect.objectContaining({ code, ...(text === undefined ? {} : { details: { text } }) });

describe('parseCommandLine', () => {
  it('reads words, quotes of three scripts, mentions, rooms and options', () => {
    const line = parseCommandLine(
      '/task "예산 협의 자료 취합" @kim.mois @기획재정부 #기획팀 due:금요일 note:“두 단어” 「괄호 인용」',
    );
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
    expect(() => parseCommandLine('/task "열린 따옴표')).toThrow(
      expect.objectContaining({ code: 'COMMAND_PARSE_UNTERMINATED_QUOTE' }),
    );
    expect(() => parseCommandLine(`/task ${'가'.repeat(5000)}`)).toThrow(
      expect.objectContaining({ code: 'COMMAND_PARSE_TOO_LONG' }),
    );
  });

  it('never throws anything but a coded parse error, whatever the input', () => {
    const pieces = fc.constantFrom(
      '/',
      '／',
      'task',
      '과제',
      ' ',
      '\u3000',
      '"',
      '“',
      '”',
      '「',
      '」',
      '『',
      '@',
      '＠',
      '#',
      ':',
      'due:',
      '14:00',
      'https://',
      '\n',
      '\u0000',
      '🙂',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')),
        ),
        (input) => {
          try {
            parseCommandLine(input);
          } catch (error) {
            if (!(error instanceof CommandParseException)) throw error;
          }
        },
      ),
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
      '/',
      '／',
      ' ',
      '\u3000',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u200e',
      '\u200f',
      '\u202b',
      '\u202e',
      '\u2066',
      '\u2069',
      '\u061c',
      'remind',
      'ｒｅｍｉｎｄ',
      '알림',
      '과제',
      'me',
      '나',
      'z'.repeat(70),
      '가'.repeat(40),
      '🙂',
      '👨\u200d👩\u200d👧',
      '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}',
      '"',
      '＂',
      '“',
      '”',
      '‘',
      '’',
      '「',
      '」',
      '『',
      '』',
      '《',
      '》',
      '@',
      '＠',
      '#',
      ':',
      'due:',
      '기한:',
      '14:00',
      '２월 ３０일',
      '31/02',
      '25시',
      'https://',
      '\n',
      '\t',
    );
    const line = fc
      .tuple(fc.constantFrom('/', '／', '\u200b/', '\ufeff/', ' /'), fc.array(pieces, { maxLength: 30 }))
      .map(([head, rest]) => head + rest.join(''));
    let parsed = 0;
    fc.assert(
      fc.property(line, (input) => {
        try {
          const result = parseCommandLine(input);
          parsed++;
          expect(result.command).not.toMatch(/[\s\p{Cf}]/u);
          expect(result.raw).not.toMatch(/[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad\u061c]/u);
          takeWhen(
            result.args.map((t) => t.value),
            clock,
          );
        } catch (error) {
          if (!(error instanceof CommandParseException)) throw error;
        }
      }),
      { numRuns: 4000 },
    );
    expect(parsed).toBeGreaterThan(1000);
  });

  it('gives quoted text back unchanged, and full-width input equals its ASCII twin', () => {
    const safe = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => !/["\s]/u.test(s) && s === s.normalize('NFKC'));
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
        const wide = [...text]
          .map((c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
          .join('');
        expect(parseCommandLine(`/x ${wide}`).args).toEqual(parseCommandLine(`/x ${text}`).args);
      }),
    );
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
