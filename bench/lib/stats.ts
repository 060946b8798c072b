/**
 * Percentiles that count losses: a value that never came (a message never delivered, a mail never
 * posted) is counted as `lostAs` (the run's timeout), never dropped from the distribution.
 */
export function percentile(values: readonly number[], p: number, lost = 0, lostAs = Infinity): number {
  const all = [...values].sort((a, b) => a - b);
  for (let i = 0; i < lost; i++) all.push(lostAs);
  if (all.length === 0) return Number.NaN;
  return all[Math.min(all.length - 1, Math.max(0, Math.ceil((p / 100) * all.length) - 1))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function range(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [Number.NaN, Number.NaN];
}
