import fc from 'fast-check';

/**
 * Hostile slash lines for the command pipeline's fuzz tests (the in-process spec and the e2e
 * suite): full-width forms, zero-width and bidi controls, emoji and ZWJ sequences, balanced and
 * unbalanced quotes of every script, Korean and English names, aliases and subcommands, argument
 * soup, possible and impossible dates. The same seed gives the same lines.
 */
export function slashLines(commandNames: string[], subcommandNames: string[], count: number, seed: number): string[] {
  return fc.sample(lineArbitrary(commandNames, subcommandNames), { seed, numRuns: count });
}

const FULL_WIDTH = (text: string) =>
  [...text].map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');
const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2069',
];
const EMOJI = ['🙂', '👩‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇰🇷', '👍🏽', '❤️', '🧑🏻‍🤝‍🧑🏿', '\u{e0067}'];
const QUOTES = ['"', '\u201c', '\u201d', '\u2018', '\u2019', '「', '」', '『', '』', "'", '＂'];
const DATES = [
  '내일 오후 3시',
  '모레 9시',
  '오늘 18:00',
  '금요일까지',
  '다음주 화요일',
  '다음 주 월요일 오전 10시',
  '3일 후',
  '30분 후',
  '2시간 뒤',
  '어제',
  '지난주',
  'tomorrow 3pm',
  'next monday 9:00',
  'in 2h',
  'in 90 minutes',
  'friday',
  'yesterday',
  '2월 30일',
  '2월 29일',
  '13월 1일',
  '12월 32일',
  '4월 31일',
  '25:00',
  '10:61',
  '24:00',
  '0시',
  '오후 13시',
  '오전 0시',
  '2026-02-29',
  '2028-02-29',
  '2026-13-01',
  '1999-01-01',
  '9999-12-31',
  '2026-11-30T25:00',
  '2027/1/1',
  '12/25',
  '31/12',
  '매주 월요일 9시',
  '매일 오전 9시',
  '평일 8시 30분',
  '매월 1일',
  '매월 31일',
  '매년 2월 29일',
  'every weekday at 9:00',
  'every 2 weeks',
  'every 0 days',
  '격주 금요일',
];
const DURATIONS = ['30분', '1h30m', '90m', '2시간', '0분', '-5m', '1.5시간', '99999h', '1시간 30분', '45', 'h', '분'];
const WORDS = [
  'me',
  '나',
  '저에게',
  'all',
  '전체',
  '모두',
  'list',
  '목록',
  'cancel',
  '취소',
  'status',
  '현황',
  'now',
  '지금',
  'yes',
  '예',
  '아니오',
  '@kim.mois',
  '@김행안',
  '@행정안전부',
  '@1741000',
  '@',
  '＠ｋｉｍ',
  '@@',
  '#기획팀',
  '#',
  '＃방',
  '#a#b',
  'due:금요일',
  '기한:내일',
  '마감:「다음 주」',
  'priority:high',
  '우선순위:긴급',
  'opinion:yes',
  '의견:예',
  'name:홍길동',
  'phone:010-0000-0000',
  'zz:1',
  'due:',
  ':x',
  'https://example.org/a',
  '14:00',
  'a:b:c',
  'citizen@example.org',
  '3f9c2a1b',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '%s%n',
  '${x}',
  '../..',
  '<script>',
  '\\',
  '\u0000',
];

/** A command name: a real one (in any of its spellings) or something that looks like one. */
function nameArbitrary(known: string[]): fc.Arbitrary<string> {
  const real = fc.constantFrom(...known);
  return fc.oneof(
    { weight: 6, arbitrary: real },
    { weight: 2, arbitrary: real.map((n) => FULL_WIDTH(n).toUpperCase()) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(real, fc.constantFrom(...INVISIBLE), fc.nat())
        .map(([n, z, at]) => n.slice(0, at % (n.length + 1)) + z + n.slice(at % (n.length + 1))),
    },
    { weight: 1, arbitrary: fc.tuple(real, fc.constantFrom(...EMOJI)).map(([n, e]) => n + e) },
    { weight: 1, arbitrary: fc.integer({ min: 30, max: 300 }).map((n) => 'z'.repeat(n)) },
    { weight: 1, arbitrary: fc.tuple(real, real).map(([a, b]) => `${a}\u200b${b}`) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '/',
        '@kim',
        '#room',
        '"quoted"',
        '「인용」',
        '\u202eksat',
        'tsak',
        '과재',
        '🙂',
      ),
    },
  );
}

function tokenArbitrary(subcommands: string[]): fc.Arbitrary<string> {
  const quote = fc.constantFrom(...QUOTES);
  const word = fc.constantFrom(...WORDS, ...DATES, ...DURATIONS, ...subcommands);
  return fc.oneof(
    { weight: 30, arbitrary: word },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom('"', '\u201c', '「', '『'), fc.array(word, { maxLength: 4 }))
        .map(
          ([open, inner]) =>
            `${open}${inner.join(' ')}${{ '"': '"', '\u201c': '\u201d', '「': '」', '『': '』' }[open] ?? ''}`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(quote, fc.array(word, { maxLength: 3 }), quote)
        .map(([open, inner, close]) => `${open}${inner.join(' ')}${close}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
    { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE) },
    { weight: 2, arbitrary: word.map(FULL_WIDTH) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );
}

/** A command name, perhaps a subcommand, then argument soup; now and then a line longer than any command may be. */
function lineArbitrary(names: string[], subcommands: string[]): fc.Arbitrary<string> {
  const slash = fc.constantFrom('/', '/', '/', '/', '/', '／', ' /', '\u200b/', '\u202e/', '/ ', '');
  const gap = fc.constantFrom(' ', ' ', ' ', ' ', '  ', '\u3000', '\t', '\n', '\u200b', '');
  const sub = fc.option(fc.constantFrom(...subcommands), { freq: 2 });
  const tail = fc.oneof(
    { weight: 40, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 9_000 }).map((n) => ` ${'가'.repeat(n)}`) },
  );
  return fc
    .tuple(
      slash,
      nameArbitrary(names),
      sub,
      fc.array(fc.tuple(gap, tokenArbitrary(subcommands)), { maxLength: 10 }),
      tail,
    )
    .map(
      ([s, name, first, rest, long]) =>
        `${s}${name}${first === null ? '' : ` ${first}`}${rest.map(([g, t]) => `${g || ' '}${t}`).join('')}${long}`,
    );
}
