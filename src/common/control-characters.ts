/**
 * Control characters no person types: C0 other than tab, line feed and carriage return, DEL and
 * C1. PostgreSQL refuses NUL in text outright; the others only confuse the clients that show them
 * (an escape sequence in a terminal, a forged line break). Tab and line breaks are text.
 */
const CONTROL = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';

const ANY_CONTROL_CHARACTER = new RegExp(`[${CONTROL}]`);
const EVERY_CONTROL_CHARACTER = new RegExp(`[${CONTROL}]`, 'g');

export function hasControlCharacters(text: string): boolean {
  return ANY_CONTROL_CHARACTER.test(text);
}

/** Text from a machine (mail, a bridge) is cleaned rather than refused: a person cannot retype it. */
export function stripControlCharacters(text: string): string {
  return text.replace(EVERY_CONTROL_CHARACTER, '');
}
