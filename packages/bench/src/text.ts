import { fmt, verdict } from './format.js';
import type { Report, ReportRow } from './types.js';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const LABEL = 62;
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function machineLine(r: Report): string {
  const m = r.machine;
  return `${m.cores} cores (${m.cpuModel}), ${m.ramGb.toFixed(1)} GB RAM, Node ${m.node}, ${m.platform}, ${m.date}`;
}

function rowLines(row: ReportRow): string[] {
  const f = row.figure;
  const p50 = f.p50 !== undefined ? fmt(f.p50, f.unit) : '';
  const p99 = f.p99 !== undefined ? fmt(f.p99, f.unit) : '';
  const value = f.value !== undefined ? fmt(f.value, f.unit) : '';
  const goals = row.goals.length ? row.goals : [null];
  return goals.map((g, i) => {
    const head =
      i === 0
        ? `  ${pad(f.label, LABEL)} ${lpad(String(f.n), 5)} ${lpad(p50, 11)} ${lpad(p99, 11)} ${lpad(value, 12)}`
        : ' '.repeat(2 + LABEL + 1 + 5 + 1 + 11 + 1 + 11 + 1 + 12);
    const goal = g ? `  ${pad(g.goal.text, 16)} ${verdict(g)}` : '';
    return (head + goal).trimEnd();
  });
}

/** The report as text (the same on a TTY and in a pipe). */
export function renderText(r: Report): string {
  const out: string[] = [];
  out.push(`Aegis benchmarks${r.quick ? ' (QUICK smoke run: fewer runs/sessions, figures are rough)' : ''}`);
  out.push(`machine: ${machineLine(r)}`);
  out.push(
    `Figures are for this ${r.machine.cores}-core machine; other work running on it at the same time shows in them.`,
  );
  out.push(
    `Real Claude Code ${r.claudeVersions.join(' and ')} against the scripted model (@aegis/testkit), offline. Benchmarks assert nothing about time.`,
  );
  out.push(
    `p50/p99: nearest-rank percentiles of n samples (for throughput, "p99" is the value 99 % of the samples reach); value: one figure`,
  );
  out.push(
    `for the whole run or window (throughput, mean CPU, peak RSS, start time), which is what CPU/RSS goals are checked against.`,
  );
  let section = '';
  for (const row of r.rows) {
    const name = `${row.benchmark}${row.version ? ` — Claude Code ${row.version}` : ''}`;
    if (name !== section) {
      section = name;
      out.push('', name);
      out.push(
        `  ${pad('figure', LABEL)} ${lpad('n', 5)} ${lpad('p50', 11)} ${lpad('p99', 11)} ${lpad('value', 12)}  ${pad('goal', 16)} result`,
      );
    }
    out.push(...rowLines(row));
    if (row.figure.note) out.push(`      (${row.figure.note})`);
  }
  const all = r.rows.flatMap((row) => row.goals.map((g) => ({ row, g })));
  const missed = all.filter((x) => !x.g.met);
  out.push('', `Goals: ${all.length - missed.length} met, ${missed.length} missed.`);
  for (const { row, g } of missed)
    out.push(
      `  missed: ${row.figure.label}${row.version ? ` (${row.version})` : ''}: ${g.goal.stat} ${fmt(g.actual, g.goal.unit)} vs ${g.goal.text} — ${verdict(g)}`,
    );
  for (const f of r.failures) out.push(`  FAILED: ${f.step}: ${f.error}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(`run time ${Math.round(r.durationSec)} s`);
  return out.join('\n');
}
