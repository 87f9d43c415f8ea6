// Aegis's own share of a create with a prompt, on the real Claude Code CLI (CLAUDE_VERSION, default the newest
// pinned) against the scripted model. The tmux driver is wrapped to timestamp its calls, so each create splits into:
//   before the window   manager.create() → tmux createWindow called (env, version probe, pre-trust, hook settings)
//   window              the createWindow call itself (tmux probe + new-window + resize-window)
//   box → first key     first capture that shows the input box → the first sendText (queue, settle, draft check)
//   typing              first sendText → Enter, split into Claude Code drawing the text (first key → the first
//                       capture that shows its end) and drawn → Enter (Aegis)
//   Aegis's share       before + window + box → key + the sendText call + drawn → Enter. Not counted: Claude Code's
//                       start-up (window → box), its drawing of the text (an Enter sent before the box shows the
//                       text's end was lost in 3 of 8 creates on 2.1.332, issue #18) and Enter → model
// Prints figures; asserts nothing. `AEGIS_BENCH_JSON=<file>` also writes them as JSON for the root `pnpm bench`.
// Env: RUNS=8, CLAUDE_VERSION.  Usage: pnpm --filter @aegis/core exec tsx bench/create-share.bench.ts
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTmuxDriver } from '@aegis/tmux';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
} from '@aegis/testkit';
import { SessionManager, type Terminal } from '../src/index.js';

const version = process.env.CLAUDE_VERSION ?? CLAUDE_VERSIONS.at(-1)!;
const RUNS = Number(process.env.RUNS ?? 8);
const socket = `aegis-bench-create-${process.pid}`;
/** An input box: a prompt line under a rule (every pinned version). */
const BOX = /─{10}[\s\S]*^\s*[❯>]\s/m;

const fake = await startFakeModel();
const configDir = await createClaudeConfigDir({ version });
const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
const driver = createTmuxDriver({ socketName: socket });
const calls: Array<{ at: number; op: string; ms: number; box: boolean; text: string }> = [];
const timed = <K extends 'createWindow' | 'capture' | 'sendText' | 'sendKeys'>(op: K) =>
  (async (...args: unknown[]) => {
    const at = performance.now();
    const r = await (driver[op] as (...a: unknown[]) => Promise<unknown>).apply(driver, args);
    const screen = op === 'capture' ? (r as string) : '';
    calls.push({ at, op, ms: performance.now() - at, box: BOX.test(screen), text: screen });
    return r;
  }) as Terminal[K];
const wrapped: Record<string, unknown> = {
  socketName: socket,
  createWindow: timed('createWindow'),
  capture: timed('capture'),
  sendText: timed('sendText'),
  sendKeys: timed('sendKeys'),
};
// everything else straight to the driver (its methods use private fields: call them on the driver itself)
const terminal = new Proxy(driver, {
  get: (target, prop) => {
    if (typeof prop === 'string' && prop in wrapped) return wrapped[prop];
    const v = Reflect.get(target, prop) as unknown;
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
  },
}) as unknown as Terminal;
const manager = await SessionManager.start({
  stateDir: await tempDir('aegis-bench-create-'),
  terminal,
  claudePath: claudeBinary(version),
  env,
});

const parts = {
  before: [] as number[],
  window: [] as number[],
  boxToKey: [] as number[],
  typing: [] as number[],
  drawing: [] as number[],
  drawnToEnter: [] as number[],
};
const share: number[] = [];
const claude: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    calls.length = 0;
    const workDir = await tempDir('aegis-bench-create-work-');
    const before = fake.prompts().length;
    const t0 = performance.now();
    const { session } = await manager.create({ workDir, prompt: `create share ${i}`, reuse: false });
    while (fake.prompts().length <= before) await new Promise((r) => setTimeout(r, 5));
    const win = calls.find((c) => c.op === 'createWindow')!;
    const box = calls.find((c) => c.box)!;
    const key = calls.find((c) => c.op === 'sendText')!;
    const enter = calls.filter((c) => c.op === 'sendKeys').at(-1)!;
    parts.before.push(win.at - t0);
    parts.window.push(win.ms);
    parts.boxToKey.push(key.at - box.at);
    parts.typing.push(enter.at + enter.ms - key.at);
    const shown = calls.find((c) => c.at >= key.at && c.at < enter.at && c.text.includes(`create share ${i}`));
    const drawn = shown ? shown.at + shown.ms : enter.at;
    parts.drawing.push(drawn - key.at);
    parts.drawnToEnter.push(enter.at + enter.ms - drawn);
    share.push(win.at - t0 + win.ms + (key.at - box.at) + key.ms + (enter.at + enter.ms - drawn));
    claude.push(box.at - (win.at + win.ms));
    await manager.kill(session.id);
  }
} finally {
  await manager.shutdown({ killSessions: true });
  try {
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  await fake.close();
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
const figures = [
  {
    id: 'create.share',
    label: "create with a prompt: Aegis's own share",
    unit: 'ms',
    samples: round(share),
    n: share.length,
  },
  {
    id: 'create.before',
    label: '  before the window (config, pre-trust, hooks)',
    unit: 'ms',
    samples: round(parts.before),
    n: RUNS,
  },
  { id: 'create.window', label: '  tmux window', unit: 'ms', samples: round(parts.window), n: RUNS },
  {
    id: 'create.boxToKey',
    label: '  input box drawn → first key',
    unit: 'ms',
    samples: round(parts.boxToKey),
    n: RUNS,
  },
  { id: 'create.typing', label: '  first key → Enter', unit: 'ms', samples: round(parts.typing), n: RUNS },
  {
    id: 'create.drawing',
    label: "    first key → box shows it (Claude Code's drawing)",
    unit: 'ms',
    samples: round(parts.drawing),
    n: RUNS,
  },
  { id: 'create.drawnToEnter', label: '    drawn → Enter', unit: 'ms', samples: round(parts.drawnToEnter), n: RUNS },
  {
    id: 'create.claudeStart',
    label: "Claude Code's start-up (window → input box)",
    unit: 'ms',
    samples: round(claude),
    n: RUNS,
  },
];
console.log(`Claude Code ${version}: create with a prompt, ${RUNS} runs`);
for (const f of figures)
  console.log(
    `  ${f.label.padEnd(52)} p50 ${pct(f.samples, 50).toFixed(0).padStart(5)} ms  p99 ${pct(f.samples, 99).toFixed(0).padStart(5)} ms  n=${f.n}`,
  );
if (process.env.AEGIS_BENCH_JSON)
  writeFileSync(process.env.AEGIS_BENCH_JSON, JSON.stringify({ benchmark: 'create share', version, figures }));
process.exit(0);
