// Benchmarks @aegis/tmux against real tmux on its own socket. Prints figures; asserts nothing.
// Usage: pnpm --filter @aegis/tmux bench   (RUNS=200 to change the number of runs; AEGIS_BENCH_JSON=<file> also writes
// the figures as JSON for the root `pnpm bench` report)
import { execFile } from 'node:child_process';
import { openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createTmuxDriver, type Target, type TmuxDriver, type WatchEvent } from '../src/index.js';

const RUNS = Number(process.env.RUNS ?? 100);
const socketName = `aegis-bench-${process.pid}`;
const driver = createTmuxDriver({ socketName, sessionName: 'bench' });

/** Resolves on the next 'changed' event of the pane. */
class ChangeWaiter {
  #waiters: Array<() => void> = [];
  #stamps: number[] = [];
  listener = (e: WatchEvent): void => {
    if (e.type !== 'changed') return;
    this.#stamps.push(performance.now());
    for (const w of this.#waiters.splice(0)) w();
  };
  next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  /** Time of the first change after `since`, waiting for it if needed. */
  async firstAfter(since: number): Promise<number> {
    for (;;) {
      const hit = this.#stamps.find((t) => t >= since);
      if (hit !== undefined) return hit;
      await this.next();
    }
  }
  reset(): void {
    this.#stamps = [];
  }
}

function stats(samples: number[]): { n: number; p50: number; p99: number; mean: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return {
    n: s.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    max: s[s.length - 1]!,
  };
}

async function roundTrip(pane: Target, waiter: ChangeWaiter, mode: 'typed' | 'paste'): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const marker = `${mode}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    const t0 = performance.now();
    await driver.sendText(pane, marker, { mode });
    await driver.sendKeys(pane, ['Enter']);
    // done when a capture after a pushed change shows the line echoed by the tty AND printed back by cat
    for (;;) {
      const screen = await driver.capture(pane);
      if (screen.split(marker).length - 1 >= 2) break;
      // a change that landed between the capture and this wait would be missed: look again after 50 ms regardless
      await Promise.race([waiter.next(), new Promise((r) => setTimeout(r, 50))]);
    }
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function pushLatency(pane: Target, waiter: ChangeWaiter): Promise<number[]> {
  const tty = (
    await promisify(execFile)('tmux', [
      '-L',
      socketName,
      '-f',
      '/dev/null',
      'display-message',
      '-p',
      '-t',
      pane,
      '#{pane_tty}',
    ])
  ).stdout.trim();
  const fd = openSync(tty, 'w');
  const samples: number[] = [];
  let missed = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      waiter.reset();
      const t0 = performance.now();
      writeSync(fd, `tick ${i}\r\n`); // output of the pane, as if its program printed it
      const hit = await Promise.race([
        waiter.firstAfter(t0),
        new Promise<null>((r) => setTimeout(() => r(null), 2000)),
      ]);
      if (hit === null) missed++;
      else samples.push(hit - t0);
      await new Promise((r) => setTimeout(r, 20)); // let the previous write drain so it cannot be counted twice
    }
  } finally {
    closeSync(fd);
  }
  if (missed)
    console.log(`pane write → watch notification: ${missed} writes got no notification within 2 s (left out)`);
  return samples;
}

async function captureCost(pane: Target): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await driver.capture(pane);
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function window(d: TmuxDriver, name: string, command: string[]): Promise<{ pane: Target; waiter: ChangeWaiter }> {
  const win = await d.createWindow({ name, cwd: process.cwd(), command, width: 120, height: 40 });
  const waiter = new ChangeWaiter();
  await d.watch(win.paneId, waiter.listener);
  return { pane: win.paneId, waiter };
}

async function main(): Promise<void> {
  const rows: Array<[string, number[], string]> = [];
  try {
    const paste = await window(driver, 'paste', ['cat']);
    rows.push(['paste + Enter → echoed in capture', await roundTrip(paste.pane, paste.waiter, 'paste'), 'tmux.paste']);
    const typed = await window(driver, 'typed', ['cat']);
    rows.push(['typed + Enter → echoed in capture', await roundTrip(typed.pane, typed.waiter, 'typed'), 'tmux.typed']);
    const quiet = await window(driver, 'push', ['sleep', '100000']);
    rows.push(['pane write → watch notification', await pushLatency(quiet.pane, quiet.waiter), 'tmux.push']);
    rows.push(['capture-pane (120x40)', await captureCost(quiet.pane), 'tmux.capture']);
  } finally {
    driver.close();
    await driver.killServer();
  }
  const fmt = (n: number): string => n.toFixed(2).padStart(8);
  console.log(`@aegis/tmux bench — ${RUNS} runs each, times in ms, ${new Date().toISOString()}`);
  console.log(
    `${'measure'.padEnd(36)}${'n'.padStart(6)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}${'max'.padStart(8)}`,
  );
  for (const [label, samples] of rows) {
    const s = stats(samples);
    console.log(`${label.padEnd(36)}${String(s.n).padStart(6)}${fmt(s.p50)}${fmt(s.p99)}${fmt(s.mean)}${fmt(s.max)}`);
  }
  const json = process.env.AEGIS_BENCH_JSON;
  if (json) {
    const figures = rows.map(([label, samples, id]) => ({
      id,
      label: `tmux: ${label}`,
      unit: 'ms',
      samples,
      n: samples.length,
    }));
    writeFileSync(json, JSON.stringify({ benchmark: 'tmux driver round trips', figures }));
  }
}

await main();
