import { distance } from 'fastest-levenshtein';

/** Past this many characters a typed name is compared by its start only: a name is never that long. */
const COMPARED_LENGTH = 40;

/**
 * The known command closest to a mistyped one ("tsak" → "task"), or the known name a run-together
 * line starts with ("remindme30분후" → "remind"); null when none is close.
 */
export function suggestCommand(input: string, known: string[]): string | null {
  const typed = input.normalize('NFKC').toLowerCase().slice(0, COMPARED_LENGTH);
  if (typed.length === 0) return null;
  let best: { name: string; score: number } | null = null;
  for (const name of known) {
    const score = distance(typed, name);
    if (score === 0) return name;
    if (!best || score < best.score) best = { name, score };
  }
  // One edit in names of up to three letters; two (a swapped pair) or a third of the letters beyond.
  const allowed = typed.length <= 3 ? 1 : Math.max(2, Math.floor(typed.length / 3));
  if (best && best.score <= allowed) return best.name;
  // The longest name the line starts with: the space after it was lost (or was a zero-width one).
  const prefixes = known.filter((name) => name.length >= 2 && typed.startsWith(name));
  return prefixes.sort((a, b) => b.length - a.length)[0] ?? null;
}
