// Test/bench helper (not exported from the package): one real Claude Code session in tmux, wired into a
// StateTracker the way core wires it — screen pushes, the status file (on each push and every 100 ms), the
// process exit and, optionally, HTTP hooks. Uses @aegis/tmux and @aegis/testkit (dev dependencies only).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { claudeBinary, claudeEnv, createClaudeConfigDir, tempDir, type FakeModel } from '@aegis/testkit';
import type { KeyName, Target, TmuxDriver } from '@aegis/tmux';
import { parseHookPayload } from '../hooks.js';
import { classifyScreen } from '../screen/classify.js';
import type { ScreenReading } from '../screen/reading.js';
import { parseStatusFile } from '../status-file.js';
import { StateTracker } from '../tracker.js';
import type { StateKind, TransitionEvent } from '../types.js';
import { hookSettings, startHookReceiver } from './hook-receiver.js';
import { liveInput, type LiveInput } from './live-input.js';
import { waitUntil } from './wait-until.js';

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

export interface LiveSession extends LiveInput {
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
  keys(keys: KeyName[]): Promise<void>;
  close(): Promise<void>;
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
    ...liveInput(o, win.id, tracker),
    waitForState(kind, { from = 0, timeoutMs = 30_000 } = {}) {
      return waitUntil(
        () => transitions.slice(from).find((t) => t.to.kind === kind),
        `state ${kind} (seen: ${transitions.map((t) => t.to.kind).join(' → ')}; now ${tracker.state.kind})`,
        timeoutMs,
      ).catch(async (error: unknown) => {
        throw new Error(`${(error as Error).message}\nscreen:\n${await capture().catch(() => '?')}`);
      });
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
