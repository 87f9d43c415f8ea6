import type { Figure } from './types.js';

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

/** A figure with p50/p99/n recomputed from its samples (the tail is the low end when higher is better). */
export function summarize(f: Figure): Figure {
  if (!f.samples || f.samples.length === 0) return f;
  const higher = f.better === 'higher';
  return {
    ...f,
    n: Math.max(f.n, f.samples.length),
    p50: percentile(f.samples, 50),
    p99: percentile(f.samples, higher ? 1 : 99),
  };
}

export function minMax(samples: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of samples) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}
