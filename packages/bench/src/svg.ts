import { minMax, percentile } from './stats.js';
import type { ReportRow } from './types.js';

export interface ChartRow {
  label: string;
  /** Samples in ms. */
  samples: number[];
  /** Goal lines in ms (p50 and/or p99 goals). */
  goals: Array<{ stat: string; target: number; met: boolean }>;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Latency rows of a report (figures in ms or µs with samples), in ms. */
export function chartRows(rows: readonly ReportRow[]): ChartRow[] {
  return rows
    .filter((r) => (r.figure.unit === 'ms' || r.figure.unit === 'µs') && (r.figure.samples?.length ?? 0) > 0)
    .map((r) => {
      const k = r.figure.unit === 'µs' ? 1 / 1000 : 1;
      return {
        label: `${r.figure.label}${r.version ? ` (${r.version})` : ''}`,
        samples: r.figure.samples!.map((x) => x * k),
        goals: r.goals
          .filter((g) => g.goal.stat !== 'value')
          .map((g) => ({ stat: g.goal.stat, target: g.goal.target * k, met: g.met })),
      };
    });
}

/**
 * A small hand-written SVG: one row per latency figure on a log-scaled ms axis — the min–max whisker, a bar from p50
 * to p99, a dot at p50, a tick at p99, and the goal as a red (missed) or green (met) line.
 */
export function renderSvg(rows: readonly ChartRow[], title: string, subtitle: string): string {
  const W = 1250;
  const labelW = 540;
  const x0 = labelW + 10;
  const x1 = W - 30;
  const rowH = 24;
  const top = 78;
  const H = top + Math.max(1, rows.length) * rowH + 50;
  // the axis spans the positive values; samples ≤ 0 (an event before what it reacts to) sit on its left edge
  const values = rows.flatMap((r) => [...r.samples, ...r.goals.map((g) => g.target)]).filter((v) => v > 0);
  const [lo, hi] = values.length ? minMax(values) : [1, 1000];
  const d0 = Math.floor(Math.log10(lo));
  const FLOOR = 10 ** d0;
  const d1 = Math.max(d0 + 1, Math.ceil(Math.log10(hi)));
  const x = (v: number): number => x0 + ((Math.log10(Math.max(FLOOR, v)) - d0) / (d1 - d0)) * (x1 - x0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="12" y="22" font-size="16" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="12" y="40" fill="#444">${esc(subtitle)}</text>`);
  // legend
  const ly = 58;
  out.push(
    `<line x1="${x0}" y1="${ly}" x2="${x0 + 30}" y2="${ly}" stroke="#999" stroke-width="1.5"/><text x="${x0 + 35}" y="${ly + 4}">min–max</text>`,
  );
  out.push(
    `<rect x="${x0 + 100}" y="${ly - 4}" width="30" height="8" fill="#9ec5fe"/><text x="${x0 + 135}" y="${ly + 4}">p50–p99</text>`,
  );
  out.push(`<circle cx="${x0 + 205}" cy="${ly}" r="4" fill="#0b5ed7"/><text x="${x0 + 213}" y="${ly + 4}">p50</text>`);
  out.push(
    `<line x1="${x0 + 250}" y1="${ly - 6}" x2="${x0 + 250}" y2="${ly + 6}" stroke="#052c65" stroke-width="2"/><text x="${x0 + 256}" y="${ly + 4}">p99</text>`,
  );
  out.push(
    `<line x1="${x0 + 300}" y1="${ly - 7}" x2="${x0 + 300}" y2="${ly + 7}" stroke="#198754" stroke-width="2" stroke-dasharray="3,2"/><text x="${x0 + 306}" y="${ly + 4}">goal met</text>`,
  );
  out.push(
    `<line x1="${x0 + 375}" y1="${ly - 7}" x2="${x0 + 375}" y2="${ly + 7}" stroke="#dc3545" stroke-width="2" stroke-dasharray="3,2"/><text x="${x0 + 381}" y="${ly + 4}">goal missed</text>`,
  );
  // grid + axis (powers of ten, with 2 and 5 as minor lines)
  const bottom = top + rows.length * rowH;
  for (let d = d0; d <= d1; d++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** d;
      if (v > 10 ** d1 + 1e-9) continue;
      const gx = num(x(v));
      out.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${bottom}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      if (m === 1 || d1 - d0 <= 3)
        out.push(
          `<text x="${gx}" y="${bottom + 16}" text-anchor="middle" fill="#333">${v >= 1 ? v : Number(v.toPrecision(1))}</text>`,
        );
    }
  }
  out.push(`<text x="${num((x0 + x1) / 2)}" y="${bottom + 34}" text-anchor="middle" fill="#333">ms (log scale)</text>`);
  rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    const [mn, mx] = minMax(r.samples);
    const p50 = percentile(r.samples, 50);
    const p99 = percentile(r.samples, 99);
    out.push(
      `<g class="row" data-label="${esc(r.label)}" data-n="${r.samples.length}" data-p50="${num(p50)}" data-p99="${num(p99)}">`,
    );
    if (i % 2 === 0)
      out.push(`<rect x="0" y="${top + i * rowH}" width="${W}" height="${rowH}" fill="#f6f8fa" opacity="0.6"/>`);
    const nonPositive = r.samples.filter((v) => v <= 0).length;
    const extra = nonPositive ? `, ${nonPositive} ≤ 0 ms` : '';
    out.push(
      `<text x="${labelW}" y="${cy + 4}" text-anchor="end">${esc(r.label)} <tspan fill="#666">n=${r.samples.length}${extra}</tspan></text>`,
    );
    out.push(`<line x1="${num(x(mn))}" y1="${cy}" x2="${num(x(mx))}" y2="${cy}" stroke="#999" stroke-width="1.5"/>`);
    out.push(
      `<line x1="${num(x(mn))}" y1="${cy - 4}" x2="${num(x(mn))}" y2="${cy + 4}" stroke="#999"/><line x1="${num(x(mx))}" y1="${cy - 4}" x2="${num(x(mx))}" y2="${cy + 4}" stroke="#999"/>`,
    );
    out.push(
      `<rect x="${num(x(p50))}" y="${cy - 5}" width="${num(Math.max(1, x(p99) - x(p50)))}" height="10" fill="#9ec5fe"/>`,
    );
    out.push(`<circle cx="${num(x(p50))}" cy="${cy}" r="4" fill="#0b5ed7"/>`);
    out.push(
      `<line x1="${num(x(p99))}" y1="${cy - 7}" x2="${num(x(p99))}" y2="${cy + 7}" stroke="#052c65" stroke-width="2"/>`,
    );
    for (const g of r.goals) {
      const c = g.met ? '#198754' : '#dc3545';
      out.push(
        `<line x1="${num(x(g.target))}" y1="${cy - 10}" x2="${num(x(g.target))}" y2="${cy + 10}" stroke="${c}" stroke-width="2" stroke-dasharray="3,2"><title>${esc(`${g.stat} goal ${g.target} ms`)}</title></line>`,
      );
    }
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
