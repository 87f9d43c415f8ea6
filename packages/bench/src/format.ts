import type { GoalResult, Unit } from './types.js';

/** A number in its unit, with as many decimals as its size deserves. */
export function fmt(x: number | undefined, unit: Unit): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  const digits = unit === 'count' ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : 2;
  const n = x.toFixed(digits);
  return unit === 'count' ? n : `${n} ${unit}`;
}

/** `met by 12 ms` / `MISSED by 30 ms (+38 %)`. */
export function verdict(r: GoalResult): string {
  const by = fmt(Math.abs(r.margin), r.goal.unit);
  if (r.met) return `met by ${by}`;
  const rel = r.goal.target === 0 ? '' : ` (${Math.round((Math.abs(r.margin) / r.goal.target) * 100)} % off)`;
  return `MISSED by ${by}${rel}`;
}
