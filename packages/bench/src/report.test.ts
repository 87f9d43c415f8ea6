import { describe, expect, it } from 'vitest';
import { evaluateGoal, GOALS } from './goals.js';
import { buildReport, parseBenchResult } from './report.js';
import { percentile, summarize } from './stats.js';
import { chartRows, renderSvg } from './svg.js';
import { renderText } from './text.js';
import type { BenchResult, Goal, MachineInfo } from './types.js';

const machine: MachineInfo = {
  cores: 2,
  cpuModel: 'Test CPU',
  ramGb: 8,
  node: 'v20.19.0',
  platform: 'linux x64',
  date: '2026-01-01T00:00:00.000Z',
};
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('percentile', () => {
  it('is nearest-rank on unsorted samples', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile(range(100), 99)).toBe(99);
    expect(percentile(range(100), 50)).toBe(50);
    expect(percentile(range(10), 99)).toBe(10);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
  it('summarize takes n from the samples, and the low tail when higher is better', () => {
    expect(summarize({ id: 'x', label: 'x', unit: 'ms', n: 0, samples: range(100) })).toMatchObject({
      n: 100,
      p50: 50,
      p99: 99,
    });
    expect(summarize({ id: 'x', label: 'x', unit: 'MB/s', better: 'higher', n: 0, samples: range(100) })).toMatchObject(
      { p50: 50, p99: 1 },
    );
  });
});

describe('goals', () => {
  const g = (stat: Goal['stat'], op: Goal['op'], target: number): Goal => ({
    figureId: 'f',
    stat,
    op,
    target,
    unit: 'ms',
    text: '',
  });
  it('reports met/missed with a signed margin', () => {
    expect(evaluateGoal(g('p50', '<=', 80), { id: 'f', label: '', unit: 'ms', n: 1, p50: 60 })).toMatchObject({
      met: true,
      margin: 20,
      actual: 60,
    });
    expect(evaluateGoal(g('p99', '<=', 250), { id: 'f', label: '', unit: 'ms', n: 1, p99: 300 })).toMatchObject({
      met: false,
      margin: -50,
    });
    expect(evaluateGoal(g('value', '<', 3), { id: 'f', label: '', unit: '%', n: 1, value: 3 })).toMatchObject({
      met: false,
      margin: 0,
    });
    expect(evaluateGoal(g('p50', '>=', 200), { id: 'f', label: '', unit: 'MB/s', n: 1, p50: 250 })).toMatchObject({
      met: true,
      margin: 50,
    });
    expect(evaluateGoal(g('p50', '<=', 80), { id: 'f', label: '', unit: 'ms', n: 0 })).toBeNull();
  });
  it('covers every goal of issues #11, #16, #18, #19 and #21', () => {
    expect(new Set(GOALS.map((x) => x.figureId))).toEqual(
      new Set([
        'idle.detect',
        'tracker.idle.no-hooks',
        'tracker.idleFlips.hooks',
        'permission.detect',
        'delivery.short',
        'delivery.long',
        'idle50.cpu',
        'idle50.rss',
        'transcript.parse',
        'create.share',
        'sse.fanout',
        'delivery50.confirmed',
        'delivery50.wrong',
        'dashboard.status',
        'dashboard.pane',
        'dashboard.js',
        'fleet.event',
        'fleet.forward',
        'fleet.idle.cpu',
        'fleet.idle.rss',
      ]),
    );
  });
});

const results: BenchResult[] = [
  {
    benchmark: 'detection',
    version: '2.1.197',
    figures: [{ id: 'idle.detect', label: 'last model byte → idle', unit: 'ms', n: 0, samples: [10, 20, 30, 400] }],
  },
  {
    benchmark: 'load',
    version: '2.1.197',
    figures: [
      { id: 'idle50.cpu', label: '50 idle: Aegis CPU', unit: '%', n: 10, value: 1.2 },
      { id: 'turns', label: 'turn latency', unit: 'ms', n: 0, samples: [1000, 2000] },
    ],
  },
  { benchmark: 'fanout', figures: [{ id: 'emit', label: 'emit <cost> & "x"', unit: 'µs', n: 0, samples: [1, 2, 3] }] },
];

describe('report', () => {
  const report = buildReport({ results, machine, quick: false, claudeVersions: ['2.1.197'], durationSec: 12 });
  it('keeps one row per figure, summarized and checked against its goals', () => {
    expect(report.rows).toHaveLength(4);
    expect(report.rows[0]).toMatchObject({ version: '2.1.197', figure: { n: 4, p50: 20, p99: 400 } });
    expect(report.rows[0]!.goals.map((x) => x.met)).toEqual([true, false]);
    expect(report.rows[1]!.goals[0]).toMatchObject({ met: true });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
  it('text names the machine and each missed goal', () => {
    const t = renderText(report);
    expect(t).toContain('2 cores (Test CPU)');
    expect(t).toContain('Figures are for this 2-core machine');
    expect(t).toContain('Goals: 2 met, 1 missed.');
    expect(t).toMatch(/MISSED by 340 ms/);
  });
  it('parseBenchResult checks the shape', () => {
    expect(parseBenchResult(JSON.stringify(results[0]))).toEqual(results[0]);
    expect(() => parseBenchResult('{"figures": []}')).toThrow(/bench result/);
    expect(() =>
      parseBenchResult(
        JSON.stringify({ benchmark: 'x', figures: [{ id: 'a', label: 'a', unit: 'ms', n: 1, samples: [null] }] }),
      ),
    ).toThrow(/finite/);
  });
});

describe('svg', () => {
  it('draws one row per latency figure, escaped, as well-formed SVG', () => {
    const report = buildReport({ results, machine, quick: false, claudeVersions: ['2.1.197'], durationSec: 1 });
    const rows = chartRows(report.rows);
    expect(rows.map((r) => r.label)).toEqual([
      'last model byte → idle (2.1.197)',
      'turn latency (2.1.197)',
      'emit <cost> & "x"',
    ]);
    expect(rows[2]!.samples).toEqual([0.001, 0.002, 0.003]); // µs → ms
    const svg = renderSvg(rows, 'title', 'sub & more');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g class="row"/g)).toHaveLength(3);
    expect(svg).toContain('emit &lt;cost&gt; &amp; &quot;x&quot;');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // well-formed: every element opened is closed, in order
    const stack: string[] = [];
    for (const tag of svg.match(/<\/?[a-z]+\b[^>]*>/g) ?? []) {
      if (tag.endsWith('/>')) continue;
      const [, close, name] = /^<(\/?)([a-z]+)/.exec(tag)!;
      if (close) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
  });
  it('draws an empty chart without NaN', () => {
    expect(renderSvg([], 't', 's')).not.toMatch(/NaN|Infinity/);
  });
});
