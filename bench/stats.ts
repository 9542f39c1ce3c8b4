/** Median with min and max (the benchmark's "median of 3 (min–max)"). */
export interface Range {
  median: number;
  min: number;
  max: number;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function range(values: readonly number[]): Range {
  const valid = values.filter((v) => !Number.isNaN(v));
  return {
    median: median(valid),
    min: valid.length > 0 ? Math.min(...valid) : Number.NaN,
    max: valid.length > 0 ? Math.max(...valid) : Number.NaN,
  };
}

/** The p-th percentile (0–100) of unsorted samples, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
