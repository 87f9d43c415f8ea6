// Benchmarks @aegis/core against the real Claude Code (newest pinned version) and the scripted model.
// Prints figures; asserts nothing. Usage: pnpm --filter @aegis/core bench
// Env: RUNS=20, SESSIONS=50 (or IDLE_SESSIONS), TURNS=10, IDLE_WINDOW_S=10, IDLE_REAL=1 (real Claude Code processes: each does
// TURNS turns concurrently, then all idle; without it an idle-screen stand-in and only the idle part), CLAUDE_VERSION,
// SKIP_LATENCY=1, SKIP_IDLE=1. AEGIS_BENCH_JSON=<file> also writes the figures as JSON for the root `pnpm bench` report.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
} from '@aegis/testkit';
import { SessionManager, normalizePrompt } from '../src/index.js';

const RUNS = Number(process.env.RUNS ?? 20);
const SESSIONS = Number(process.env.SESSIONS ?? process.env.IDLE_SESSIONS ?? 50);
const TURNS = Number(process.env.TURNS ?? 10);
const IDLE_WINDOW_S = Number(process.env.IDLE_WINDOW_S ?? 10);
const version = process.env.CLAUDE_VERSION ?? CLAUDE_VERSIONS.at(-1)!;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms · p99 ${pct(xs, 99).toFixed(0)} ms · n=${xs.length}`;
const killTmux = (s: string) => {
  try {
    execFileSync('tmux', ['-L', s, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, s), { force: true });
};

async function latency(): Promise<void> {
  const fake = await startFakeModel();
  const configDir = await createClaudeConfigDir({ version });
  const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
  const socketName = `aegis-bench-core-${process.pid}`;
  const m = await SessionManager.start({
    stateDir: await tempDir('aegis-bench-state-'),
    socketName,
    claudePath: claudeBinary(version),
    env,
  });
  try {
    const { session } = await m.create({ workDir: await tempDir('aegis-bench-work-') });
    await m.waitFor(session.id, 'idle', 60_000);
    for (const [label, make] of [
      ['short text', (i: number) => `short message number ${i}`],
      ['3,000 chars', (i: number) => `${`${i} `.padEnd(2999, 'lorem ipsum dolor sit amet ')}.`],
    ] as const) {
      const toModel: number[] = [];
      const confirmed: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const text = make(i);
        const t0 = Date.now();
        const r = await m.send(session.id, text);
        confirmed.push(Date.now() - t0);
        if (r.queued || !r.delivered) console.log('  not delivered:', JSON.stringify(r));
        const req = await fake.waitForPrompt((p) => p.humanText === normalizePrompt(text), 15_000);
        toModel.push(req.at - t0);
        await m.waitFor(session.id, 'idle', 30_000);
      }
      console.log(`send → model received, ${label}: ${fmt(toModel)}`);
      const key = label === 'short text' ? 'short' : 'long';
      figures.push(
        {
          id: `core.delivery.${key}`,
          label: `core m.send → model received (${label})`,
          unit: 'ms',
          samples: toModel,
          n: toModel.length,
        },
        {
          id: `core.confirmed.${key}`,
          label: `core m.send → delivery confirmed (${label})`,
          unit: 'ms',
          samples: confirmed,
          n: confirmed.length,
        },
      );
      console.log(`send → delivery confirmed, ${label}: ${fmt(confirmed)}`);
    }
  } finally {
    await m.shutdown({ killSessions: true });
    killTmux(socketName);
    await fake.close();
  }
}

/** The scripted model in a child process (its CPU is not Aegis's). */
async function fakeModelProcess(): Promise<{ url: string; close: () => void }> {
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
async function sampled<T>(
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

const MB = 1024 * 1024;
const r1 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
const figures: Array<Record<string, unknown>> = [];
const notes: string[] = [];

/**
 * SESSIONS sessions (default 50) each doing TURNS turns (default 10) at the same time on the real CLI (IDLE_REAL=1), then
 * all of them idle for IDLE_WINDOW_S seconds (default 10). Without IDLE_REAL, a stand-in that draws the idle screen:
 * only the idle part (measures Aegis, not 50 Claude processes).
 */
async function load(): Promise<void> {
  const real = process.env.IDLE_REAL === '1';
  const turns = real ? TURNS : 0;
  const model = await fakeModelProcess();
  const configDir = await createClaudeConfigDir({ version });
  const env = { ...process.env, ...claudeEnv({ modelUrl: model.url, configDir }) };
  let claudePath = claudeBinary(version);
  if (!real) {
    const dir = await tempDir('aegis-bench-stub-');
    const screen = await readFile(new URL('../testdata/screens/idle.txt', import.meta.url), 'utf8');
    await writeFile(join(dir, 'screen.txt'), screen);
    claudePath = join(dir, 'claude');
    await writeFile(claudePath, `#!/bin/sh\ncat '${join(dir, 'screen.txt')}'\nexec sleep 100000\n`);
    await chmod(claudePath, 0o755);
  }
  const socketName = `aegis-bench-idle-${process.pid}`;
  const m = await SessionManager.start({
    stateDir: await tempDir('aegis-bench-state-'),
    socketName,
    claudePath,
    env,
    ...(real ? {} : { versionProbe: async () => version }),
  });
  // idle transitions per session: a turn is over when its count grows
  const idles = new Map<string, number>();
  const idleWaiters = new Set<() => void>();
  m.events.subscribe((e) => {
    if (e.type === 'session.status' && e.data.to === 'idle') {
      idles.set(e.sessionId, (idles.get(e.sessionId) ?? 0) + 1);
      for (const w of idleWaiters) w();
    }
  });
  const nextIdle = (id: string, after: number, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if ((idles.get(id) ?? 0) > after) {
          idleWaiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        idleWaiters.delete(check);
        reject(new Error(`session ${id}: no idle within ${timeoutMs} ms`));
      }, timeoutMs);
      idleWaiters.add(check);
      check();
    });
  const who = `${SESSIONS} sessions`;
  try {
    const work = await tempDir('aegis-bench-idle-work-');
    const t0 = Date.now();
    const results = await m.createBatch(Array.from({ length: SESSIONS }, () => ({ workDir: work, reuse: false })));
    const ids = results.flatMap((r) => (r.ok ? [r.result.session.id] : []));
    if (ids.length < SESSIONS) notes.push(`${SESSIONS - ids.length} of ${SESSIONS} sessions failed to start`);
    const started = await Promise.all(ids.map((id) => m.waitFor(id, 'idle', 300_000)));
    const startSec = (Date.now() - t0) / 1000;
    console.log(
      `${ids.length} sessions idle after ${startSec.toFixed(1)} s (${started.filter((x) => !x).length} never)`,
    );
    figures.push({ id: 'load.startup', label: `${who}: create → all idle`, unit: 's', n: ids.length, value: startSec });
    await new Promise((r) => setTimeout(r, 3000)); // settle

    if (turns > 0) {
      const turnMs: number[] = [];
      let failed = 0;
      let unconfirmed = 0;
      const progress = setInterval(
        () =>
          console.log(
            `  … ${turnMs.length} of ${ids.length * turns} turns done, ${failed} failed, ${unconfirmed} deliveries unconfirmed`,
          ),
        15_000,
      );
      const run = await sampled(() =>
        Promise.all(
          ids.map(async (id, k) => {
            for (let t = 0; t < turns; t++) {
              try {
                const before = idles.get(id) ?? 0;
                const t1 = performance.now();
                const s = await m.send(id, `session ${k} turn ${t}: a short question`);
                // queued behind a turn still running (after an unconfirmed delivery): wait for its delivery
                const r = s.queued ? (s.result ?? (await m.waitForDelivery(id, s.id))) : s;
                if (!r.delivered && !r.unknown) throw new Error(`not delivered: ${JSON.stringify(r)}`);
                // unknown: typed, submission not confirmed in time; the turn normally runs anyway, so wait for it
                if (r.unknown) unconfirmed++;
                await nextIdle(id, before, 120_000);
                turnMs.push(performance.now() - t1);
              } catch (e) {
                failed++;
                if (failed <= 3) console.log(`  turn failed: ${(e as Error).message.split('\n')[0]}`);
                // text typed but not confirmed may still start a turn: give it a moment, then wait for idle
                await new Promise((r) => setTimeout(r, 2000));
                await m.waitFor(id, 'idle', 60_000);
              }
            }
          }),
        ),
      );
      clearInterval(progress);
      const done = turnMs.length;
      const perSec = done / (run.wallMs / 1000);
      console.log(
        `${who} × ${turns} turns: ${done} turns in ${(run.wallMs / 1000).toFixed(1)} s = ${perSec.toFixed(2)} turns/s, ${failed} failed, ${unconfirmed} unconfirmed; Aegis CPU ${run.cpuTotal.toFixed(1)} % of a core, peak RSS ${Math.max(...run.rss).toFixed(0)} MB`,
      );
      if (failed)
        notes.push(`${failed} of ${ids.length * turns} turns failed (not delivered, or no idle within 120 s)`);
      if (unconfirmed)
        notes.push(
          `${unconfirmed} deliveries came back unconfirmed (typed, submission not confirmed in time); their turns were waited for and counted`,
        );
      figures.push(
        {
          id: 'load.throughput',
          label: `${who} × ${turns} turns: throughput`,
          unit: 'turns/s',
          better: 'higher',
          n: done,
          value: perSec,
        },
        {
          id: 'load.turn',
          label: `${who} × ${turns} turns: send → idle event per turn`,
          unit: 'ms',
          samples: r1(turnMs),
          n: done,
        },
        {
          id: 'load.cpu',
          label: `${who} × ${turns} turns: Aegis CPU, 1 s samples`,
          unit: '%',
          samples: r1(run.cpu),
          n: run.cpu.length,
          value: run.cpuTotal,
        },
        {
          id: 'load.rss',
          label: `${who} × ${turns} turns: Aegis RSS, 1 s samples`,
          unit: 'MB',
          samples: r1(run.rss),
          n: run.rss.length,
          value: Math.max(...run.rss),
        },
      );
      await new Promise((r) => setTimeout(r, 3000)); // settle (titles, footers)
    }

    const idle = await sampled(() => new Promise((r) => setTimeout(r, IDLE_WINDOW_S * 1000)));
    const what = real ? `real Claude Code ${version}` : 'idle-screen stand-in';
    console.log(
      `${ids.length} idle sessions (${what}): Aegis CPU ${idle.cpuTotal.toFixed(2)} % of a core, RSS ${Math.max(...idle.rss).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB`,
    );
    figures.push(
      {
        id: 'idle50.cpu',
        label: `${ids.length} idle sessions: Aegis CPU, ${IDLE_WINDOW_S} s, 1 s samples`,
        unit: '%',
        samples: r1(idle.cpu),
        n: idle.cpu.length,
        value: idle.cpuTotal,
      },
      {
        id: 'idle50.rss',
        label: `${ids.length} idle sessions: Aegis RSS, 1 s samples`,
        unit: 'MB',
        samples: r1(idle.rss),
        n: idle.rss.length,
        value: Math.max(...idle.rss),
      },
    );
  } finally {
    await m.shutdown({ killSessions: true });
    killTmux(socketName);
    model.close();
  }
}

console.log(`@aegis/core bench — Claude Code ${version}, ${RUNS} runs per text`);
if (process.env.SKIP_LATENCY !== '1') await latency();
if (process.env.SKIP_IDLE !== '1') await load();
if (process.env.AEGIS_BENCH_JSON)
  writeFileSync(
    process.env.AEGIS_BENCH_JSON,
    JSON.stringify({ benchmark: 'core: concurrent sessions', version, figures, notes }),
  );
process.exit(0);
