// Benchmarks @aegis/core against the real Claude Code (newest pinned version) and the scripted model.
// Prints figures; asserts nothing. Usage: pnpm --filter @aegis/core bench
// Env: RUNS=20, IDLE_SESSIONS=50, IDLE_REAL=1 (50 real Claude Code processes), CLAUDE_VERSION, SKIP_LATENCY=1, SKIP_IDLE=1
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLAUDE_VERSIONS, claudeBinary, claudeEnv, createClaudeConfigDir, startFakeModel, tempDir } from '@aegis/testkit';
import { SessionManager, normalizePrompt } from '../src/index.js';

const RUNS = Number(process.env.RUNS ?? 20);
const IDLE_SESSIONS = Number(process.env.IDLE_SESSIONS ?? 50);
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
  const m = await SessionManager.start({ stateDir: await tempDir('aegis-bench-state-'), socketName, claudePath: claudeBinary(version), env });
  try {
    const { session } = await m.create({ workDir: await tempDir('aegis-bench-work-') });
    await m.waitFor(session.id, 'idle', 60_000);
    for (const [label, make] of [
      ['short text', (i: number) => `short message number ${i}`],
      ['3,000 chars', (i: number) => `${i} `.padEnd(3000, 'lorem ipsum dolor sit amet ')],
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
      console.log(`send → delivery confirmed, ${label}: ${fmt(confirmed)}`);
    }
  } finally {
    await m.shutdown({ killSessions: true });
    killTmux(socketName);
    await fake.close();
  }
}

async function idleLoad(): Promise<void> {
  const real = process.env.IDLE_REAL === '1';
  const fake = await startFakeModel();
  const configDir = await createClaudeConfigDir({ version });
  const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
  let claudePath = claudeBinary(version);
  if (!real) {
    // a stand-in that draws Claude Code's idle screen and waits: measures Aegis, not 50 Claude processes
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
  try {
    const work = await tempDir('aegis-bench-idle-work-');
    const results = await m.createBatch(Array.from({ length: IDLE_SESSIONS }, () => ({ workDir: work, reuse: false })));
    const ids = results.flatMap((r) => (r.ok ? [r.result.session.id] : []));
    for (const id of ids) await m.waitFor(id, 'idle', 120_000);
    await new Promise((r) => setTimeout(r, 3000)); // settle
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 20_000));
    const cpu = process.cpuUsage(cpu0);
    const wall = Date.now() - t0;
    const share = ((cpu.user + cpu.system) / 1000 / wall) * 100;
    const rss = process.memoryUsage().rss / 1024 / 1024;
    console.log(
      `${ids.length} idle sessions (${real ? 'real Claude Code ' + version : 'idle-screen stand-in'}): Aegis CPU ${share.toFixed(2)} % of a core, RSS ${rss.toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`,
    );
  } finally {
    await m.shutdown({ killSessions: true });
    killTmux(socketName);
    await fake.close();
  }
}

console.log(`@aegis/core bench — Claude Code ${version}, ${RUNS} runs per text`);
if (process.env.SKIP_LATENCY !== '1') await latency();
if (process.env.SKIP_IDLE !== '1') await idleLoad();
process.exit(0);
