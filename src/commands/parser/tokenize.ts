import { CommandParseException } from './command-parse.exception.js';

export const MAX_COMMAND_LENGTH = 4000;

export type TokenKind = 'word' | 'quoted' | 'user' | 'agency_or_user' | 'room' | 'option';

export interface Token {
  kind: TokenKind;
  value: string;
  /** For options: the key, lower-cased. */
  key?: string;
  /** Offsets into `raw` of the parsed line. */
  start: number;
  end: number;
}

export interface ParsedCommandLine {
  command: string;
  args: Token[];
  /** The line after NFKC normalisation; token offsets point into it. */
  raw: string;
}

// Opening quote → closing quote. NFKC leaves the typographic and CJK quotes as they are.
const QUOTES: Record<string, string> = { '"': '"', '\u201c': '\u201d', '\u300c': '\u300d', '\u300e': '\u300f' };
const SPACE = /\s/u;
/**
 * Invisible format characters (zero-width space, word joiner, byte-order mark, soft hyphen,
 * left-to-right and right-to-left marks and embeddings) are dropped, so a line reads as it is
 * displayed: `/remind\u200bme` is the unknown `/remindme` a person sees, not `/remind me`, and no
 * bidi control can make an argument look other than it is. The joiners (U+200C, U+200D) and tag
 * characters stay inside arguments, where they shape emoji and scripts, but not in a command name.
 */
const INVISIBLE = /(?!\u200c|\u200d|[\u{e0001}\u{e0020}-\u{e007f}])\p{Cf}/gu;
const FORMAT = /\p{Cf}/gu;
// key:value, where the key is letters (Latin or Hangul); a time such as 14:00 or a URL is a word.
const OPTION = /^([A-Za-z\u3131-\u318e\uac00-\ud7a3][A-Za-z0-9_\u3131-\u318e\uac00-\ud7a3-]*):(?!\/\/)(.+)$/u;

/**
 * Splits a slash command into its name and tokens: words, quoted strings ("…", “…”, 「…」, 『…』),
 * @mentions, #rooms and key:value options. Full-width forms (slash, letters, digits, @, # and the
 * ideographic space) are folded first with NFKC, so a line typed with a Korean IME reads the same.
 * The command name is returned as typed (lower-cased), whatever its length: telling a known name
 * from an unknown one is the registry's business. Throws only CommandParseException.
 */
export function parseCommandLine(input: string): ParsedCommandLine {
  if (input.length > MAX_COMMAND_LENGTH * 2) throw CommandParseException.tooLong(MAX_COMMAND_LENGTH);
  const raw = input.normalize('NFKC').replace(INVISIBLE, '').trim();
  if (raw.length > MAX_COMMAND_LENGTH) throw CommandParseException.tooLong(MAX_COMMAND_LENGTH);
  if (!raw.startsWith('/')) throw CommandParseException.notACommand();
  // The name runs to the first space, quotes and colons included: it is never an option or a quote.
  let start = 1;
  while (start < raw.length && SPACE.test(raw.charAt(start))) start++;
  let end = start;
  while (end < raw.length && !SPACE.test(raw.charAt(end))) end++;
  const name = raw.slice(start, end);
  const command = name.replace(FORMAT, '').toLowerCase();
  if (command.length === 0 || '@#'.includes(command.charAt(0)) || QUOTES[command.charAt(0)] !== undefined)
    throw CommandParseException.empty();
  return { command, args: tokenize(raw, end), raw };
}

function tokenize(text: string, from: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const char = text.charAt(i);
    if (SPACE.test(char)) {
      i++;
      continue;
    }
    const start = i;
    const sigil = char === '@' || char === '#' ? char : '';
    if (sigil) i++;
    const quoteClose = QUOTES[text.charAt(i)];
    let value: string;
    let quoted = false;
    if (quoteClose !== undefined) {
      const close = text.indexOf(quoteClose, i + 1);
      if (close === -1) throw CommandParseException.unterminatedQuote(i);
      value = text.slice(i + 1, close);
      i = close + 1;
      quoted = true;
    } else {
      const wordStart = i;
      while (i < text.length && !SPACE.test(text.charAt(i))) {
        // A quote inside key:"value" belongs to the value.
        const close = QUOTES[text.charAt(i)];
        if (close !== undefined && text.charAt(i - 1) === ':') {
          const end = text.indexOf(close, i + 1);
          if (end === -1) throw CommandParseException.unterminatedQuote(i);
          i = end + 1;
          continue;
        }
        i++;
      }
      value = text.slice(wordStart, i);
    }
    tokens.push(classify(sigil, value, quoted, start, i));
  }
  return tokens;
}

function classify(sigil: string, value: string, quoted: boolean, start: number, end: number): Token {
  if (sigil === '@' && value.length > 0) return { kind: 'agency_or_user', value, start, end };
  if (sigil === '#' && value.length > 0) return { kind: 'room', value, start, end };
  if (sigil) return { kind: 'word', value: sigil + value, start, end };
  if (quoted) return { kind: 'quoted', value, start, end };
  const option = OPTION.exec(value);
  if (option?.[1] && option[2]) {
    const rawValue = option[2];
    const close = QUOTES[rawValue.charAt(0)];
    const unquoted =
      close !== undefined && rawValue.endsWith(close) && rawValue.length >= 2 ? rawValue.slice(1, -1) : rawValue;
    return { kind: 'option', key: option[1].toLowerCase(), value: unquoted, start, end };
  }
  return { kind: 'word', value, start, end };
}
