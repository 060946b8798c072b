/**
 * C0 control characters other than tab, line feed and carriage return. PostgreSQL refuses NUL in
 * text outright; the others are never typed by a person and only confuse the clients that show them.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_GLOBAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** For DTOs: matches text with none of them. */
// eslint-disable-next-line no-control-regex
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F]*$/;

export const NO_CONTROL_CHARACTERS_MESSAGE = '$property must not contain control characters (NUL and the like)';

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** Text from a machine (mail, a bridge) is cleaned rather than refused: a person cannot retype it. */
export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS_GLOBAL, '');
}
