// Detection latency against the real Claude Code CLI of each pinned version (same wiring as the e2e: tmux pushes,
// status file on each push + every 100 ms, process exit, optionally HTTP hooks). Prints figures; asserts nothing.
//   (a) the model's last SSE byte of the final reply → the tracker's `idle` transition (and, to split CLI from
//       detector time, the first screen push showing the idle input box → that transition)
//   (b) the first screen push showing the permission dialog → `permission_prompt` transition, and
//       the model's last byte of the tool_use reply → `permission_prompt` transition
// Usage: pnpm --filter @aegis/state bench [-- --runs 20 --versions 2.1.331 --modes hooks,no-hooks --idle-debounce 200 --agreed-debounce 0]
// AEGIS_BENCH_JSON=<file> also writes the figures as JSON for the root `pnpm bench` report.
import { writeFileSync } from 'node:fs';
import { CLAUDE_VERSIONS, startFakeModel, type FakeModelRequest, killTmuxServer } from '@aegis/testkit';
import { createTmuxDriver } from '@aegis/tmux';
import { startLive } from '../src/testing/live-harness.js';
import { waitUntil } from '../src/testing/wait-until.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('runs') ?? 20);
const VERSIONS = arg('versions')?.split(',') ?? [...CLAUDE_VERSIONS];
const MODES = (arg('modes') ?? 'hooks,no-hooks').split(',') as Array<'hooks' | 'no-hooks'>;
const IDLE_DEBOUNCE = arg('idle-debounce') === undefined ? undefined : Number(arg('idle-debounce'));
const AGREED_DEBOUNCE = arg('agreed-debounce') === undefined ? undefined : Number(arg('agreed-debounce'));

interface Row {
  version: string;
  mode: string;
  idle: number[];
  idleDrawnToIdle: number[];
  /** The physical floor: the model's last byte → Claude Code's Stop hook reaching us (hooks only). */
  stopHook: number[];
  /** Idle reported, then working again within the same turn (no new prompt): must stay 0. */
  flips: number;
  drawnToPrompt: number[];
  toolUseToPrompt: number[];
  failures: number;
}

const pct = (xs: number[], p: number): string => {
  if (xs.length === 0) return '–';
  const s = [...xs].sort((a, b) => a - b);
  return String(Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN));
};

async function measure(version: string, mode: 'hooks' | 'no-hooks'): Promise<Row> {
  const row: Row = {
    version,
    mode,
    idle: [],
    idleDrawnToIdle: [],
    stopHook: [],
    flips: 0,
    drawnToPrompt: [],
    toolUseToPrompt: [],
    failures: 0,
  };
  const socket = `aegis-test-state-bench-${version.replaceAll('.', '-')}-${process.pid}`;
  const driver = createTmuxDriver({ socketName: socket });
  const fake = await startFakeModel();
  const finished: FakeModelRequest[] = [];
  fake.onReplyFinished((r) => finished.push(r));
  const live = await startLive({
    driver,
    fake,
    version,
    hooks: mode === 'hooks',
    args: ['--permission-mode', 'default'],
    ...(IDLE_DEBOUNCE !== undefined ? { idleDebounceMs: IDLE_DEBOUNCE } : {}),
    ...(AGREED_DEBOUNCE !== undefined ? { agreedIdleDebounceMs: AGREED_DEBOUNCE } : {}),
  });
  try {
    await live.waitForState('idle', { timeoutMs: 60_000 });
    for (let i = 0; i < RUNS; i++) {
      try {
        const m = live.transitions.length;
        const pushFrom = live.pushes.length;
        const finFrom = finished.length;
        await live.submit(`please KWBASH now ${i}`);
        const perm = await live.waitForState('permission_prompt', { from: m });
        // the tool_use reply is the first prompt reply that finished after we submitted
        const toolUse = finished.slice(finFrom).find((r) => r.kind === 'prompt');
        await waitUntil(
          () => live.pushes.slice(pushFrom).some((p) => p.reading.kind === 'permission_prompt'),
          'the dialog on screen',
          10_000,
        );
        const drawn = live.pushes.slice(pushFrom).find((p) => p.reading.kind === 'permission_prompt');
        if (drawn) row.drawnToPrompt.push(perm.at - drawn.at);
        if (toolUse?.finishedAt) row.toolUseToPrompt.push(perm.at - toolUse.finishedAt);
        await waitUntil(
          () => live.tracker.state.kind === 'permission_prompt' && live.tracker.state.options.length > 0,
          'options',
          10_000,
        );
        const approvedAt = Date.now();
        await live.choose(live.tracker.state, 'approve');
        const idle = await live.waitForState('idle', { from: live.transitions.length - 1 });
        const last = finished
          .filter((r) => r.kind === 'prompt' && (r.finishedAt ?? 0) >= approvedAt && (r.finishedAt ?? 0) <= idle.at)
          .pop();
        if (last?.finishedAt) row.idle.push(idle.at - last.finishedAt);
        else row.failures++;
        // how much of it is the CLI drawing its idle screen, and how much the detector: first idle push → transition
        const idlePush = live.pushes.find((p) => p.at >= (last?.finishedAt ?? approvedAt) && p.reading.kind === 'idle');
        if (idlePush) row.idleDrawnToIdle.push(idle.at - idlePush.at);
        const stop = live.hookEvents.find((h) => h.name === 'Stop' && h.at >= (last?.finishedAt ?? approvedAt));
        if (stop && last?.finishedAt) row.stopHook.push(stop.at - last.finishedAt);
        // let the idle screen settle (title requests, footers) before the next run; an idle taken back meanwhile is a flip
        const settled = live.transitions.length;
        await new Promise((r) => setTimeout(r, 300));
        if (live.transitions.slice(settled).some((t) => t.to.kind !== 'idle')) row.flips++;
        if (i % 5 === 4) await driver.sendKeys(live.windowId, ['C-l']);
      } catch (error) {
        row.failures++;
        console.error(`${version} ${mode} run ${i}: ${(error as Error).message.split('\n')[0]}`);
        await driver.sendKeys(live.windowId, ['Escape']).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1500));
      }
    }
  } finally {
    await live.close();
    driver.close();
    killTmuxServer(socket);
    await fake.close();
  }
  return row;
}

const rows: Row[] = [];
for (const version of VERSIONS) {
  for (const mode of MODES) {
    const r = await measure(version, mode);
    rows.push(r);
    console.error(
      `${version} ${mode}: done (${r.idle.length} idle, ${r.drawnToPrompt.length} dialog, ${r.failures} failed)`,
    );
  }
}

console.log(
  `\nDetection latency, ms (runs per row: ${RUNS}; idleDebounceMs ${IDLE_DEBOUNCE ?? 'default'}, agreedIdleDebounceMs ${AGREED_DEBOUNCE ?? 'default'})\n`,
);
console.log(
  '| version | wiring | last SSE byte → idle p50 / p99 (n) | floor: last byte → Stop hook p50 / p99 (n) | idle flips | idle screen drawn → idle p50 / p99 (n) | dialog drawn → permission_prompt p50 / p99 (n) | tool_use last byte → permission_prompt p50 / p99 (n) | failed runs |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const f = (xs: number[]) => `${pct(xs, 50)} / ${pct(xs, 99)} (${xs.length})`;
  console.log(
    `| ${r.version} | ${r.mode} | ${f(r.idle)} | ${f(r.stopHook)} | ${r.flips} | ${f(r.idleDrawnToIdle)} | ${f(r.drawnToPrompt)} | ${f(r.toolUseToPrompt)} | ${r.failures} |`,
  );
}
console.log(
  '\nNegative "dialog drawn": the tracker reported the prompt before the screen showed it (PermissionRequest hook; on 2.1.331 also the status file, which turns `waiting` ~0.5 s before the dialog is drawn).',
);

const json = process.env.AEGIS_BENCH_JSON;
if (json) {
  const figures = rows.flatMap((r) => {
    const w = MODES.length > 1 ? ` (${r.mode})` : '';
    const id = MODES.length > 1 ? `.${r.mode}` : '';
    return [
      {
        id: `tracker.idle${id}`,
        label: `tracker: last model byte → idle${w}`,
        unit: 'ms',
        samples: r.idle,
        n: r.idle.length,
      },
      ...(r.mode === 'hooks'
        ? [
            {
              id: 'tracker.stopHook',
              label: 'floor: last model byte → Stop hook',
              unit: 'ms',
              samples: r.stopHook,
              n: r.stopHook.length,
            },
          ]
        : []),
      {
        id: `tracker.idleFlips${id}`,
        label: `tracker: idle taken back within a turn${w}`,
        unit: 'count',
        value: r.flips,
        n: RUNS,
      },
      {
        id: `tracker.idleDrawn${id}`,
        label: `tracker: idle screen drawn → idle${w}`,
        unit: 'ms',
        samples: r.idleDrawnToIdle,
        n: r.idleDrawnToIdle.length,
      },
      {
        id: `tracker.permission${id}`,
        label: `tracker: dialog drawn → permission_prompt${w}`,
        unit: 'ms',
        samples: r.drawnToPrompt,
        n: r.drawnToPrompt.length,
      },
      {
        id: `tracker.toolUse${id}`,
        label: `tracker: tool_use last byte → permission_prompt${w}`,
        unit: 'ms',
        samples: r.toolUseToPrompt,
        n: r.toolUseToPrompt.length,
      },
    ];
  });
  const failed = rows.reduce((a, r) => a + r.failures, 0);
  writeFileSync(
    json,
    JSON.stringify({
      benchmark: `state tracker alone (@aegis/state, ${MODES.join('+')})`,
      figures,
      notes: failed ? [`${failed} failed runs`] : [],
    }),
  );
}
