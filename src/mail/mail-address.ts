/**
 * An address a mail can go to: `local@domain`, with nothing a header or an SMTP command could be
 * split on (space, control characters, brackets, quotes, commas). A display name, a group, an
 * empty string or a bare word is not one: a mail to it could only fail, however often it is tried.
 */
export function isMailAddress(value: string): boolean {
  return (
    value.length <= 254 &&
    /^[^\s\p{Cc}@<>()[\]\\,;:"]+@[^\s\p{Cc}@<>()[\]\\,;:".]+(\.[^\s\p{Cc}@<>()[\]\\,;:".]+)*$/u.test(value)
  );
}

/** k***@example.org: enough to tell mails apart in a log, not enough to harvest addresses. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0] ?? ''}***${address.slice(at)}`;
}
