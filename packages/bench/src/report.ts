import { cpus, totalmem } from 'node:os';
import { evaluateFigure, GOALS } from './goals.js';
import { summarize } from './stats.js';
import type { BenchResult, Goal, MachineInfo, Report } from './types.js';

export function machineInfo(now = new Date()): MachineInfo {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    ramGb: totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: now.toISOString(),
  };
}

export interface BuildInput {
  results: readonly BenchResult[];
  machine: MachineInfo;
  quick: boolean;
  claudeVersions: string[];
  durationSec: number;
  failures?: Report['failures'];
  notes?: string[];
  goals?: readonly Goal[];
}

/** Rows in bench order, each figure summarized (p50/p99/n from its samples) and checked against its goals. */
export function buildReport(i: BuildInput): Report {
  const rows = i.results.flatMap((r) =>
    r.figures.map((f) => {
      const figure = summarize(f);
      return {
        benchmark: r.benchmark,
        version: r.version ?? null,
        figure,
        goals: evaluateFigure(figure, i.goals ?? GOALS),
      };
    }),
  );
  return {
    machine: i.machine,
    quick: i.quick,
    claudeVersions: i.claudeVersions,
    durationSec: i.durationSec,
    rows,
    failures: i.failures ?? [],
    notes: [
      ...(i.notes ?? []),
      ...i.results.flatMap((r) =>
        (r.notes ?? []).map((n) => `${r.benchmark}${r.version ? ` ${r.version}` : ''}: ${n}`),
      ),
    ],
  };
}

/** Checks the shape of what a bench wrote (it is read from a file). */
export function parseBenchResult(json: string): BenchResult {
  const o = JSON.parse(json) as BenchResult;
  if (typeof o !== 'object' || o === null || typeof o.benchmark !== 'string' || !Array.isArray(o.figures))
    throw new Error('not a bench result: needs {benchmark, figures[]}');
  for (const f of o.figures) {
    if (
      typeof f.id !== 'string' ||
      typeof f.label !== 'string' ||
      typeof f.unit !== 'string' ||
      typeof f.n !== 'number'
    )
      throw new Error(`bad figure ${JSON.stringify(f).slice(0, 120)}`);
    if (f.samples !== undefined && !f.samples.every((x) => typeof x === 'number' && Number.isFinite(x)))
      throw new Error(`figure ${f.id}: samples must be finite numbers`);
  }
  return o;
}
