// Shared by the core benches: percentiles, the scripted model in a child process, CPU and RSS sampling, and the
// figures collected for the root `pnpm bench` report.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

/** Figures and notes for the JSON report (`AEGIS_BENCH_JSON`). */
export interface Report {
  figures: Array<Record<string, unknown>>;
  notes: string[];
}

export const MB = 1024 * 1024;
export const r1 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
export const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(0)} ms · p99 ${pct(xs, 99).toFixed(0)} ms · n=${xs.length}`;

/** The scripted model in a child process (its CPU is not Aegis's). */
export async function fakeModelProcess(): Promise<{ url: string; close: () => void }> {
  const child = spawn(
    process.execPath,
    [createRequire(import.meta.url).resolve('tsx/cli'), new URL('./fake-model-server.ts', import.meta.url).pathname],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`fake model exited (${code})`)));
  });
  return { url, close: () => child.kill('SIGTERM') };
}

/** Aegis's own CPU (% of one core) and RSS (MB), sampled every second while `run` runs. */
export async function sampled<T>(
  run: () => Promise<T>,
): Promise<{ result: T; cpu: number[]; rss: number[]; cpuTotal: number; wallMs: number }> {
  const cpu: number[] = [];
  const rss: number[] = [process.memoryUsage().rss / MB];
  const start = process.cpuUsage();
  const t0 = performance.now();
  let last = { c: start, t: t0 };
  const timer = setInterval(() => {
    const c = process.cpuUsage();
    const t = performance.now();
    cpu.push(((c.user - last.c.user + c.system - last.c.system) / 1000 / (t - last.t)) * 100);
    rss.push(process.memoryUsage().rss / MB);
    last = { c, t };
  }, 1000);
  try {
    const result = await run();
    const c = process.cpuUsage(start);
    const wallMs = performance.now() - t0;
    return { result, cpu, rss, cpuTotal: ((c.user + c.system) / 1000 / wallMs) * 100, wallMs };
  } finally {
    clearInterval(timer);
  }
}
