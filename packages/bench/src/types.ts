/**
 * What each package bench writes to the file named by `AEGIS_BENCH_JSON` (one JSON object), and what the report holds.
 * Latency figures keep their raw samples (for the chart); the report recomputes p50/p99/n from them.
 */
export type Unit = 'ms' | 'µs' | 's' | 'MB/s' | '%' | 'MB' | 'turns/s' | 'count';

export interface Figure {
  /** Stable id, the same for every Claude Code version (`idle.detect`, `delivery.short`, …); goals are keyed by it. */
  id: string;
  label: string;
  unit: Unit;
  /** `higher` for throughput: its "p99" is then the value 99 % of the samples reach (the 1st percentile). Default `lower`. */
  better?: 'lower' | 'higher';
  samples?: number[];
  p50?: number;
  p99?: number;
  n: number;
  /** A single figure (mean CPU over a window, peak RSS, throughput of a whole run). */
  value?: number;
  note?: string;
}

export interface BenchResult {
  /** Which bench (`tmux driver`, `transcript parse`, …). */
  benchmark: string;
  /** Claude Code version, for benches on the real CLI. */
  version?: string;
  figures: Figure[];
  notes?: string[];
}

export interface Goal {
  figureId: string;
  /** Which statistic the goal is about. */
  stat: 'p50' | 'p99' | 'value';
  op: '<=' | '<' | '>=';
  target: number;
  unit: Unit;
  text: string;
}

export interface GoalResult {
  goal: Goal;
  actual: number;
  met: boolean;
  /** Distance to the target in the figure's unit: positive = room left (met), negative = missed by. */
  margin: number;
}

export interface ReportRow {
  benchmark: string;
  version: string | null;
  figure: Figure;
  goals: GoalResult[];
}

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  ramGb: number;
  node: string;
  platform: string;
  date: string;
}

export interface Report {
  machine: MachineInfo;
  quick: boolean;
  claudeVersions: string[];
  durationSec: number;
  rows: ReportRow[];
  /** Benches that failed (non-zero exit or no JSON): name and the last lines of their stderr. */
  failures: Array<{ step: string; error: string }>;
  notes: string[];
}
