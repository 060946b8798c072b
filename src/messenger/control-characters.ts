/**
 * C0 control characters other than tab, line feed and carriage return. PostgreSQL refuses NUL in
 * text outright; the others are never typed by a person and only confuse the clients that show them.
 */
const C0 = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F';

/** For DTOs: matches text with none of them. */
export const NO_CONTROL_CHARACTERS = new RegExp(`^[^${C0}]*$`);

export const NO_CONTROL_CHARACTERS_MESSAGE = '$property must not contain control characters (NUL and the like)';

export function hasControlCharacters(text: string): boolean {
  return !NO_CONTROL_CHARACTERS.test(text);
}

const ANY_CONTROL_CHARACTER = new RegExp(`[${C0}]`, 'g');

/** Text from a machine (mail, a bridge) is cleaned rather than refused: a person cannot retype it. */
export function stripControlCharacters(text: string): string {
  return text.replace(ANY_CONTROL_CHARACTER, '');
}
