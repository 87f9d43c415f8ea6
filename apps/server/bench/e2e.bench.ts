// Detection and delivery through the whole product: the real HTTP server (startServer on 127.0.0.1) → core's
// SessionManager → the real Claude Code CLI (CLAUDE_VERSION, default the newest pinned) → the scripted model.
// Prints figures; asserts nothing. `AEGIS_BENCH_JSON=<file>` also writes them as JSON for the root `pnpm bench`.
//   delivery:  POST /v1/sessions/:id/send → the scripted model has the request (short text, 3,000 chars)
//   idle:      the model's last byte of the turn's final reply → core's `session.status` event to `idle`
//   dialog:    the Bash permission dialog drawn on the pane (first tmux push whose capture shows it) →
//              `session.status` to `permission_prompt`; and the tool_use reply's last byte → that event
// Env: RUNS=20 (per text and for the dialog), CLAUDE_VERSION.
// Usage: pnpm --filter @aegis/server exec tsx bench/e2e.bench.ts
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizePrompt, type AegisEvent } from '@aegis/core';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModelRequest,
} from '@aegis/testkit';
import { parseConfig } from '../src/config.js';
import { startServer } from '../src/start.js';

const RUNS = Number(process.env.RUNS ?? 20);
const version = process.env.CLAUDE_VERSION ?? CLAUDE_VERSIONS.at(-1)!;
const TOKEN = 'bench-token';
const socket = `aegis-bench-server-${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function killTmux(s: string): void {
  try {
    execFileSync('tmux', ['-L', s, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, s), { force: true });
}

const fake = await startFakeModel();
const finished: FakeModelRequest[] = [];
fake.onReplyFinished((r) => {
  if (r.kind === 'prompt') finished.push(r);
});
const configDir = await createClaudeConfigDir({ version });
const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
const server = await startServer(
  parseConfig({
    port: 0,
    host: '127.0.0.1',
    stateDir: await tempDir('aegis-bench-server-'),
    tmuxSocket: socket,
    claudeBin: claudeBinary(version),
    authToken: TOKEN,
  }),
  { env, logger: false, warn: () => undefined },
);
const m = server.manager;

/** `session.status` events as they are emitted (Date.now() of the listener call: the same clock as the model's stamps). */
const statuses: Array<{ to: string; at: number }> = [];
m.events.subscribe((e: AegisEvent) => {
  if (e.type === 'session.status') statuses.push({ to: e.data.to, at: Date.now() });
});
async function nextStatus(to: string, from: number, timeoutMs = 30_000): Promise<{ to: string; at: number }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = statuses.slice(from).find((s) => s.to === to);
    if (hit) return hit;
    if (Date.now() > until) throw new Error(`no ${to} event within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** The first `idle` event after a non-idle one, from index `from` on. */
async function idleAfterBusy(from: number, timeoutMs = 30_000): Promise<{ to: string; at: number }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const busy = statuses.findIndex((s, i) => i >= from && s.to !== 'idle');
    const hit = busy >= 0 ? statuses.slice(busy).find((s) => s.to === 'idle') : undefined;
    if (hit) return hit;
    if (Date.now() > until) throw new Error(`no idle event within ${timeoutMs} ms`);
    await sleep(5);
  }
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const idle: number[] = [];
const failures: string[] = [];
/** After a turn's idle event: the last prompt reply that finished before it (and after `since`) → the event. */
function recordIdle(since: number, ev: { at: number }): void {
  const last = finished.filter((r) => (r.finishedAt ?? 0) >= since && (r.finishedAt ?? 0) <= ev.at).pop();
  if (last?.finishedAt) idle.push(ev.at - last.finishedAt);
}

const created = await call('POST', '/v1/sessions', { workDir: await tempDir('aegis-bench-server-work-') });
if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
const id = created.body.id as string;
const paneId = m.get(id).paneId;
if (!(await m.waitFor(id, 'idle', 90_000))) throw new Error(`session never became idle:\n${await m.pane(id)}`);
await sleep(1000);

// dialog drawn: tmux pushes on the session's pane, each followed by a capture (one at a time, like core's screen feed)
const dialogDrawn: number[] = [];
let capturing = false;
let dirty = false;
const DIALOG = /Do you want to proceed\?/;
const OPTION = /1\.\s*Yes/;
const onPush = async (): Promise<void> => {
  if (capturing) {
    dirty = true;
    return;
  }
  capturing = true;
  try {
    do {
      dirty = false;
      const at = Date.now();
      const text = await m.terminal.capture(paneId as never).catch(() => '');
      if (DIALOG.test(text) && OPTION.test(text)) dialogDrawn.push(at);
    } while (dirty);
  } finally {
    capturing = false;
  }
};
const unwatch = await m.terminal.watch(paneId as never, (e) => {
  if (e.type === 'changed') void onPush();
});

const delivery: Record<'short' | 'long', number[]> = { short: [], long: [] };
const confirmed: Record<'short' | 'long', number[]> = { short: [], long: [] };
const drawnToPrompt: number[] = [];
const toolUseToPrompt: number[] = [];
try {
  for (const [kind, make] of [
    ['short', (i: number) => `short message number ${i}`],
    ['long', (i: number) => `${`${i} `.padEnd(2999, 'lorem ipsum dolor sit amet ')}.`],
  ] as const) {
    for (let i = 0; i < RUNS; i++) {
      try {
        const text = make(i);
        const from = statuses.length;
        const t0 = Date.now();
        const got = fake.waitForPrompt((p) => p.humanText === normalizePrompt(text) && p.at >= t0, 20_000);
        got.catch(() => undefined); // awaited below unless the send failed
        const res = await call('POST', `/v1/sessions/${id}/send`, { text });
        confirmed[kind].push(Date.now() - t0);
        if (res.status !== 200) throw new Error(`send: ${res.status} ${JSON.stringify(res.body)}`);
        delivery[kind].push((await got).at - t0);
        recordIdle(t0, await idleAfterBusy(from));
        await sleep(300);
      } catch (e) {
        const last = fake.prompts().at(-1);
        const seen = last
          ? ` (the model's last prompt: ${last.humanText?.length ?? 0} chars, ${JSON.stringify(last.humanText?.slice(0, 40))}…${JSON.stringify(last.humanText?.slice(-20))})`
          : '';
        failures.push(`${kind} ${i}: ${(e as Error).message.split('\n')[0]}${seen}`);
        await m.waitFor(id, 'idle', 30_000);
      }
    }
    console.log(`delivery ${kind}: ${delivery[kind].length} runs`);
  }
  for (let i = 0; i < RUNS; i++) {
    try {
      const from = statuses.length;
      const drawnFrom = dialogDrawn.length;
      const t0 = Date.now();
      const res = await call('POST', `/v1/sessions/${id}/send`, { text: `please KWBASH now ${i}` });
      if (res.status !== 200) throw new Error(`send: ${res.status} ${JSON.stringify(res.body)}`);
      const perm = await nextStatus('permission_prompt', from);
      const until = Date.now() + 10_000;
      while (dialogDrawn.length === drawnFrom && Date.now() < until) await sleep(10);
      const drawn = dialogDrawn[drawnFrom];
      if (drawn !== undefined) drawnToPrompt.push(perm.at - drawn);
      const toolUse = finished.find((r) => r.at >= t0 && (r.finishedAt ?? Infinity) <= perm.at + 5000);
      if (toolUse?.finishedAt) toolUseToPrompt.push(perm.at - toolUse.finishedAt);
      const approvedAt = Date.now();
      const afterPerm = statuses.length;
      const a = await call('POST', `/v1/sessions/${id}/approve`, {});
      if (a.status !== 200) throw new Error(`approve: ${a.status} ${JSON.stringify(a.body)}`);
      recordIdle(approvedAt, await idleAfterBusy(afterPerm));
      await sleep(300);
    } catch (e) {
      failures.push(`dialog ${i}: ${(e as Error).message.split('\n')[0]}`);
      await call('POST', `/v1/sessions/${id}/escape`, {}).catch(() => undefined);
      await m.waitFor(id, 'idle', 30_000);
    }
  }
} finally {
  unwatch();
  await m.shutdown({ killSessions: true }).catch(() => undefined);
  await server.close();
  killTmux(socket);
  await fake.close();
}

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]! : NaN;
const figures = [
  { id: 'idle.detect', label: 'last model byte → idle event', unit: 'ms', samples: idle, n: idle.length },
  {
    id: 'permission.detect',
    label: 'dialog drawn → permission_prompt event',
    unit: 'ms',
    samples: drawnToPrompt,
    n: drawnToPrompt.length,
    note: 'negative: the event came before the dialog was drawn (PermissionRequest hook / status file)',
  },
  {
    id: 'permission.fromModel',
    label: 'tool_use last byte → permission_prompt event',
    unit: 'ms',
    samples: toolUseToPrompt,
    n: toolUseToPrompt.length,
  },
  {
    id: 'delivery.short',
    label: 'POST /send → model received (short)',
    unit: 'ms',
    samples: delivery.short,
    n: delivery.short.length,
  },
  {
    id: 'delivery.long',
    label: 'POST /send → model received (3,000 chars)',
    unit: 'ms',
    samples: delivery.long,
    n: delivery.long.length,
  },
  {
    id: 'delivery.confirmed.short',
    label: 'POST /send → 200 delivered (short)',
    unit: 'ms',
    samples: confirmed.short,
    n: confirmed.short.length,
  },
  {
    id: 'delivery.confirmed.long',
    label: 'POST /send → 200 delivered (3,000 chars)',
    unit: 'ms',
    samples: confirmed.long,
    n: confirmed.long.length,
  },
];
console.log(`Claude Code ${version} through the HTTP server, ${RUNS} runs per measure`);
for (const f of figures)
  console.log(
    `  ${f.label.padEnd(48)} p50 ${pct(f.samples, 50).toFixed(0).padStart(5)} ms  p99 ${pct(f.samples, 99).toFixed(0).padStart(5)} ms  n=${f.n}`,
  );
for (const f of failures) console.log(`  failed: ${f}`);
if (process.env.AEGIS_BENCH_JSON) {
  writeFileSync(
    process.env.AEGIS_BENCH_JSON,
    JSON.stringify({
      benchmark: 'through the HTTP server and core',
      version,
      figures,
      notes: failures.length ? [`${failures.length} failed runs: ${failures.slice(0, 3).join('; ')}`] : [],
    }),
  );
}
process.exit(0);
