import { distance } from 'fastest-levenshtein';

/** The known command closest to a mistyped one ("tsak" → "task"), or null when none is close. */
export function suggestCommand(input: string, known: string[]): string | null {
  const typed = input.normalize('NFKC').toLowerCase();
  if (typed.length === 0) return null;
  let best: { name: string; score: number } | null = null;
  for (const name of known) {
    const score = distance(typed, name);
    if (score === 0) return name;
    if (!best || score < best.score) best = { name, score };
  }
  // One edit in names of up to three letters; two (a swapped pair) or a third of the letters beyond.
  const allowed = typed.length <= 3 ? 1 : Math.max(2, Math.floor(typed.length / 3));
  return best && best.score <= allowed ? best.name : null;
}
