// Test/bench helper (not exported from the package): one real Claude Code session in tmux, wired into a
// StateTracker the way core wires it — screen pushes, the status file (on each push and every 100 ms), the
// process exit and, optionally, HTTP hooks. Uses @aegis/tmux and @aegis/testkit (dev dependencies only).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { claudeBinary, claudeEnv, createClaudeConfigDir, tempDir, type FakeModel } from '@aegis/testkit';
import type { KeyName, Target, TmuxDriver } from '@aegis/tmux';
import { HTTP_HOOK_EVENTS, parseHookPayload, TOOL_HOOK_EVENTS } from '../hooks.js';
import { classifyScreen } from '../screen/classify.js';
import { optionKeys, pickOption, type OptionIntent } from '../screen/options.js';
import type { ScreenReading } from '../screen/reading.js';
import { parseStatusFile } from '../status-file.js';
import { StateTracker } from '../tracker.js';
import type { SessionState, StateKind, TransitionEvent } from '../types.js';

export interface LiveOptions {
  driver: TmuxDriver;
  fake: FakeModel;
  version: string;
  /** Register HTTP hooks (a receiver in this process) and feed them to the tracker. */
  hooks?: boolean;
  args?: string[];
  env?: Record<string, string>;
  /** Tracker options (debounces). */
  idleDebounceMs?: number;
  agreedIdleDebounceMs?: number;
}

/** A screen push as the harness saw it: when its capture started and what it read. */
export interface Push {
  at: number;
  reading: ScreenReading;
}

export interface LiveSession {
  readonly tracker: StateTracker;
  readonly transitions: TransitionEvent[];
  readonly pushes: Push[];
  readonly hookEvents: Array<{ at: number; name: string }>;
  /** Status-file contents as read (`status`/`waitingFor`, or `absent`), when they changed. */
  readonly statusChanges: Array<{ at: number; status: string }>;
  readonly windowId: Target;
  readonly pid: number;
  readonly configDir: string;
  readonly workDir: string;
  /** Resolves with the first transition into `kind` at or after transition index `from`. */
  waitForState(kind: StateKind, opts?: { from?: number; timeoutMs?: number }): Promise<TransitionEvent>;
  capture(): Promise<string>;
  /** Types `text`, waits for the draft, sends Enter alone and confirms the model got it (Enter again only if not). */
  submit(text: string): Promise<void>;
  /** Answers the dialog in `state` by meaning: its digit, or arrows (confirmed on screen) and Enter. */
  choose(state: SessionState, intent: OptionIntent): Promise<void>;
  /** Answers the open dialog with the option labelled `label` (retried until the dialog closes). */
  chooseLabel(label: string): Promise<void>;
  keys(keys: KeyName[]): Promise<void>;
  /** Sends `keys` and waits for `done`; sends them again (at most 4 times) when a freshly drawn screen dropped them. */
  pressUntil(keys: KeyName[], done: () => boolean | Promise<boolean>, what: string): Promise<void>;
  close(): Promise<void>;
}

/** Kills the own tmux server on `socket` (never the default one) and removes the socket file tmux leaves behind. */
export async function killTmuxServer(socket: string): Promise<void> {
  await new Promise<void>((resolve) =>
    execFile('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], () => resolve()),
  );
  await rm(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startHookReceiver(onHook: (body: string) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      onHook(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function hookSettings(port: number): string {
  const hooks: Record<string, unknown[]> = {};
  for (const e of HTTP_HOOK_EVENTS) {
    hooks[e] = [
      {
        ...(TOOL_HOOK_EVENTS.has(e) ? { matcher: '*' } : {}),
        hooks: [{ type: 'http', url: `http://127.0.0.1:${port}/hook/${e}` }],
      },
    ];
  }
  return JSON.stringify({ hooks });
}

export async function startLive(o: LiveOptions): Promise<LiveSession> {
  const workDir = await tempDir('aegis-state-e2e-');
  const configDir = await createClaudeConfigDir({ trustedDirs: [workDir], version: o.version });
  const sessionId = randomUUID();
  const launchedAt = Date.now();
  const tracker = new StateTracker({
    version: o.version,
    expect: { sessionId, launchedAt },
    ...(o.idleDebounceMs !== undefined ? { idleDebounceMs: o.idleDebounceMs } : {}),
    ...(o.agreedIdleDebounceMs !== undefined ? { agreedIdleDebounceMs: o.agreedIdleDebounceMs } : {}),
  });
  const transitions: TransitionEvent[] = [];
  const pushes: Push[] = [];
  const hookEvents: Array<{ at: number; name: string }> = [];
  const statusChanges: Array<{ at: number; status: string }> = [];
  tracker.subscribe((e) => {
    if (e.type === 'transition') transitions.push(e);
  });

  let receiver: { server: Server; port: number } | undefined;
  if (o.hooks) {
    receiver = await startHookReceiver((body) => {
      try {
        const ev = parseHookPayload(body);
        hookEvents.push({ at: Date.now(), name: ev.hook_event_name });
        tracker.onHook(ev);
      } catch {
        // not a hook payload: ignore
      }
    });
  }
  const args = [
    '--session-id',
    sessionId,
    ...(o.args ?? []),
    ...(receiver ? ['--settings', hookSettings(receiver.port)] : []),
  ];
  const win = await o.driver.createWindow({
    name: `state-${o.version}`,
    cwd: workDir,
    env: { ...claudeEnv({ modelUrl: o.fake.url, configDir }), ...(o.env ?? {}) },
    command: [claudeBinary(o.version), ...args],
    width: 120,
    height: 40,
  });
  tracker.setExpectedSession({ pid: win.pid, sessionId, launchedAt });
  const statusPath = join(configDir, 'sessions', `${win.pid}.json`);

  let lastStatusText: string | undefined;
  let exited = false;
  const readStatus = async () => {
    if (exited) return;
    const text = await readFile(statusPath, 'utf8').catch(() => undefined);
    if (text === lastStatusText) return;
    lastStatusText = text;
    if (text === undefined) {
      statusChanges.push({ at: Date.now(), status: 'absent' });
      return tracker.onStatusFile(null);
    }
    try {
      const file = parseStatusFile(text);
      statusChanges.push({
        at: Date.now(),
        status: `${file.status ?? '?'}${file.waitingFor ? `/${file.waitingFor}` : ''}`,
      });
      tracker.onStatusFile(file);
    } catch {
      lastStatusText = undefined; // half-written: read again next time
    }
  };

  // one capture at a time; a push during a capture triggers one more afterwards
  let capturing = false;
  let dirty = false;
  const onPush = async () => {
    if (capturing) {
      dirty = true;
      return;
    }
    capturing = true;
    try {
      do {
        dirty = false;
        const at = Date.now();
        const text = await o.driver.capture(win.id).catch(() => undefined);
        if (text === undefined || exited) break;
        const reading = classifyScreen(text, { version: o.version });
        pushes.push({ at, reading });
        tracker.onScreen(reading);
        await readStatus();
        // the status file follows the screen by ~10-30 ms at a turn end: look again soon rather than at the next tick
        if (reading.kind === 'idle' && lastStatusText?.includes('"busy"'))
          for (const ms of [15, 40]) setTimeout(() => void readStatus(), ms);
      } while (dirty);
    } finally {
      capturing = false;
    }
  };
  const stopWatch = await o.driver.watch(win.id, (e) => {
    if (e.type === 'changed') void onPush();
    else if (e.type === 'exited' && !exited) {
      exited = true;
      tracker.onProcessExit(e.exitStatus, e.exitSignal === null ? null : String(e.exitSignal));
    }
  });
  const timer = setInterval(() => void readStatus(), 100);
  void onPush();

  const capture = () => o.driver.capture(win.id);
  const keys = (k: KeyName[]) => o.driver.sendKeys(win.id, k);

  const session: LiveSession = {
    tracker,
    transitions,
    pushes,
    hookEvents,
    statusChanges,
    windowId: win.id,
    pid: win.pid,
    configDir,
    workDir,
    capture,
    keys,
    waitForState(kind, { from = 0, timeoutMs = 30_000 } = {}) {
      return waitUntil(
        () => transitions.slice(from).find((t) => t.to.kind === kind),
        `state ${kind} (seen: ${transitions.map((t) => t.to.kind).join(' → ')}; now ${tracker.state.kind})`,
        timeoutMs,
      ).catch(async (error: unknown) => {
        throw new Error(`${(error as Error).message}\nscreen:\n${await capture().catch(() => '?')}`);
      });
    },
    async submit(text) {
      const before = o.fake.prompts().length;
      await o.driver.sendText(win.id, text, { mode: 'typed' });
      await waitUntil(
        async () => classifyScreen(await capture(), { version: o.version }).input?.text.includes(text),
        `the draft "${text}"`,
        10_000,
      );
      for (let attempt = 1; ; attempt++) {
        await keys(['Enter']);
        const got = await waitUntil(
          () => o.fake.prompts().length > before,
          'the prompt to reach the model',
          3_000,
        ).catch(() => false);
        if (got) return;
        const reading = classifyScreen(await capture(), { version: o.version });
        // submitted, and still in Claude's hands (e.g. a slow UserPromptSubmit hook on a loaded machine): wait, don't press again
        if (reading.kind === 'working') {
          await waitUntil(() => o.fake.prompts().length > before, 'the prompt to reach the model', 30_000);
          return;
        }
        const draft = reading.input?.text.includes(text);
        if (!draft || attempt === 3) throw new Error(`prompt "${text}" not submitted; screen:\n${await capture()}`);
      }
    },
    async choose(state, intent) {
      if (!('options' in state) || !state.options) throw new Error(`${state.kind} has no options`);
      const label = pickOption(state.options, intent)?.label;
      if (!label) throw new Error(`no option for ${intent} in ${JSON.stringify(state.options)}`);
      return session.chooseLabel(label);
    },
    async chooseLabel(label) {
      const kind = tracker.state.kind;
      for (let attempt = 1; ; attempt++) {
        // read the options fresh from the screen: a dialog may have redrawn and reset its cursor
        const reading = classifyScreen(await capture(), { version: o.version });
        const target = reading.options.find((x) => x.label === label);
        if (!target) {
          if (tracker.state.kind !== kind) return; // already answered
          throw new Error(`option "${label}" not on screen:\n${await capture()}`);
        }
        const plan = optionKeys(reading.options, target);
        if (plan.length === 1) await keys(plan as KeyName[]);
        else {
          await keys(plan.slice(0, -1) as KeyName[]);
          const onIt = await waitUntil(
            async () =>
              classifyScreen(await capture(), { version: o.version }).options.find((x) => x.selected)?.label === label,
            'the cursor on the option',
            1_500,
          ).catch(() => false);
          if (onIt) await keys(['Enter']);
        }
        const closed = await waitUntil(
          async () => !classifyScreen(await capture(), { version: o.version }).options.some((x) => x.label === label),
          'the dialog to close',
          2_000,
        ).catch(() => false);
        if (closed) return;
        if (attempt === 4) throw new Error(`could not choose ${label}; screen:\n${await capture()}`);
      }
    },
    async pressUntil(k, done, what) {
      for (let attempt = 1; ; attempt++) {
        await keys(k);
        if (await waitUntil(done, what, 2_000).catch(() => false)) return;
        if (attempt === 4) throw new Error(`${what}: no effect of ${k.join(' ')}; screen:\n${await capture()}`);
      }
    },
    async close() {
      clearInterval(timer);
      stopWatch();
      tracker.dispose();
      await o.driver.killWindow(win.id).catch(() => undefined);
      if (receiver) await new Promise<void>((r) => receiver.server.close(() => r()));
    },
  };
  return session;
}
