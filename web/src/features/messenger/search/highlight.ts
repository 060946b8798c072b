export interface Piece {
  text: string;
  hit: boolean;
}

/**
 * Splits text around every occurrence of the term (case-insensitively, as the server's search
 * matches), so the hits can be marked while everything stays text. Compares slices of the
 * original, so a character whose lower case has another length never shifts the marks.
 */
export function splitHits(text: string, term: string): Piece[] {
  const needle = term.normalize('NFKC').trim().toLocaleLowerCase();
  if (!needle) return [{ text, hit: false }];
  const pieces: Piece[] = [];
  let plain = 0;
  let at = 0;
  while (at <= text.length - needle.length) {
    const window = text.slice(at, at + needle.length);
    if (window.toLocaleLowerCase() === needle) {
      if (at > plain) pieces.push({ text: text.slice(plain, at), hit: false });
      pieces.push({ text: window, hit: true });
      at += needle.length;
      plain = at;
    } else at++;
  }
  if (plain < text.length) pieces.push({ text: text.slice(plain), hit: false });
  return pieces;
}

/** A stretch of text around the first hit, so a long message shows where it matched. */
export function excerpt(text: string, term: string, radius = 60): string {
  const needle = term.normalize('NFKC').trim().toLocaleLowerCase();
  const at = text.toLocaleLowerCase().indexOf(needle);
  if (at < 0 || text.length <= radius * 2 + needle.length) return text;
  const start = Math.max(0, at - radius);
  const end = Math.min(text.length, at + needle.length + radius);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
