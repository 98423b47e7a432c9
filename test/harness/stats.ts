// The one statistics module: every median and percentile in the tests and the benchmarks.

/**
 * The p-th percentile (0-100) by linear interpolation between the two nearest ranks (the
 * usual definition, numpy's default), so percentile(xs, 50) is the textbook median for odd and
 * even counts alike. NaN for an empty list.
 */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (rank - lower);
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);
