import type { PatternTable } from './pattern-table.js';
import { TABLE_2_1_197 } from './table-2-1-197.js';
import { TABLE_2_1_331 } from './table-2-1-331.js';

/** All known tables, oldest first. Add a table when a pinned version changes its screens. */
export const PATTERN_TABLES: readonly PatternTable[] = [TABLE_2_1_197, TABLE_2_1_331];

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The table for a Claude Code version: the newest table not newer than `version`. Unknown or missing
 * versions, and versions newer than every table, get the newest table; versions older than every table
 * get the oldest.
 */
export function patternsFor(version?: string, tables: readonly PatternTable[] = PATTERN_TABLES): PatternTable {
  const sorted = [...tables].sort((a, b) => compareVersions(a.version, b.version));
  const newest = sorted[sorted.length - 1];
  const oldest = sorted[0];
  if (!newest || !oldest) throw new Error('no pattern tables');
  if (!version || !/^\d+(\.\d+)*/.test(version)) return newest;
  let pick = oldest;
  for (const t of sorted) if (compareVersions(t.version, version) <= 0) pick = t;
  return pick;
}
