// Used by the tracker tests: 2.1.197 fixture screens, hook samples and status files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureRoots } from './golden-walk.js';
import { parseHookPayload, type HookEvent } from '../hooks.js';
import { parseStatusFile, type StatusFile } from '../status-file.js';
import { StateTracker, type StateTrackerOptions } from '../tracker.js';
import type { TrackerEvent } from '../types.js';
import { FakeClock } from './fakes.js';

const v2_1_197 = fixtureRoots().find((r) => r.version === '2.1.197')?.root ?? '';

export const IDLE = '02-idle/120x40-after-first-reply.txt';
export const WORKING_A = '03-working/120x40-streaming-a.txt';
export const WORKING_B = '03-working/120x40-streaming-b.txt';
export const BASH_PROMPT = '04-permission-bash/120x40.txt';

export const screen = (f: string): string => readFileSync(join(v2_1_197, f), 'utf8');

export const hook = (name: string, extra: Record<string, unknown> = {}): HookEvent => {
  const base = JSON.parse(readFileSync(join(v2_1_197, 'hooks/samples', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  return parseHookPayload({ ...base, ...extra });
};

let n = 0;
/** A status file with a fresh `updatedAt` each time (restart the count with `resetStatusFiles`). */
export const status = (s: 'idle' | 'busy' | 'waiting', waitingFor?: string): StatusFile =>
  parseStatusFile({
    pid: 42,
    sessionId: 'sess-1',
    startedAt: 1,
    status: s,
    ...(waitingFor ? { waitingFor } : {}),
    updatedAt: ++n,
    statusUpdatedAt: n,
  });

export function resetStatusFiles(): void {
  n = 0;
}

/** A fresh tracker on a fake clock (status files counted from 1 again), with the events it emitted. */
export function trackerOnFakeClock(o: StateTrackerOptions = {}) {
  resetStatusFiles();
  const clock = new FakeClock();
  const events: TrackerEvent[] = [];
  const t = new StateTracker({ clock, ...o });
  t.subscribe((e) => events.push(e));
  /** The kinds transitioned to, in order. */
  const kinds = () =>
    events.filter((e) => e.type === 'transition').map((e) => (e.type === 'transition' ? e.to.kind : ''));
  return { t, clock, events, kinds };
}
