import { describe, expect, it } from 'vitest';
import { SessionNotFoundError } from './errors.js';
import { EventLog } from './event-log.js';
import type { Clock } from './io.js';
import { Retention } from './retention.js';
import { SessionRecords } from './storage/session-records.js';
import { fakeManager } from './testing/fake-manager.js';
import { sessionRecord } from './testing/storage-contract.js';

const DAY = 24 * 60 * 60_000;

/** A clock moved by hand; its timers fire on `advance`. */
function manualClock(start: number) {
  let t = start;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let seq = 0;
  const clock: Clock = {
    now: () => t,
    setTimeout: (fn, ms) => (timers.set(++seq, { at: t + ms, fn }), seq),
    clearTimeout: (h) => void timers.delete(h as number),
  };
  const advance = (ms: number) => {
    t += ms;
    for (const [id, timer] of [...timers]) if (timer.at <= t) (timers.delete(id), timer.fn());
  };
  return { clock, advance, pending: () => timers.size };
}

describe('Retention', () => {
  it('removes old events and the records of sessions ended long enough ago, never a live one or a kept worktree', async () => {
    const { clock } = manualClock(10 * DAY);
    const events = new EventLog({ dir: null, clock });
    for (let i = 0; i < 5; i++)
      events.emit({ type: 'message.queued', sessionId: 's', data: { messageId: 'm', position: i } });
    const records = new SessionRecords(null);
    const saved: [string, number][] = [];
    const queues = {
      load: async () => [],
      save: async (id: string, q: readonly unknown[]) => void saved.push([id, q.length]),
    };
    const worktree = { path: '/w', branch: 'b', baseRef: 'main', baseCommit: 'c', repo: '/r' };
    await records.put(sessionRecord('old', { endedAt: 1 * DAY, status: 'exited' }));
    await records.put(sessionRecord('recent', { endedAt: 9 * DAY, status: 'exited' }));
    await records.put(sessionRecord('running', { endedAt: null }));
    await records.put(sessionRecord('still-followed', { endedAt: 1 * DAY }));
    await records.put(sessionRecord('worktree', { endedAt: 1 * DAY, worktree } as never));
    await records.put(
      sessionRecord('worktree-gone', { endedAt: 1 * DAY, worktree: { ...worktree, removedAt: 2 } } as never),
    );
    const r = new Retention(
      { clock, events, records, queues, live: (id) => id === 'still-followed' },
      { eventMaxCount: 2, endedSessionMaxAgeMs: 7 * DAY },
    );
    const run = await r.run();
    expect(run).toEqual({ at: 10 * DAY, events: 3, sessions: ['old', 'worktree-gone'], error: null });
    expect(records.all().map((x) => x.id)).toEqual(['recent', 'running', 'still-followed', 'worktree']);
    expect((await events.replay(0)).map((e) => e.id)).toEqual([4, 5]);
    expect(r.last).toBe(run);
    expect(saved).toEqual([
      ['old', 0],
      ['worktree-gone', 0],
    ]);
  });

  it('runs at start and then every interval on the injected clock, until stopped', async () => {
    const { clock, advance, pending } = manualClock(DAY);
    const events = new EventLog({ dir: null, clock });
    const r = new Retention(
      { clock, events, records: new SessionRecords(null), queues: null, live: () => false },
      { intervalMs: 1000 },
    );
    r.start();
    await new Promise((res) => setImmediate(res));
    expect(r.last?.at).toBe(DAY);
    expect(pending()).toBe(1);
    advance(1000);
    await new Promise((res) => setImmediate(res));
    expect(r.last?.at).toBe(DAY + 1000);
    r.stop();
    expect(pending()).toBe(0);
  });
});

describe('SessionManager retention', () => {
  it('forgets an ended session after the retention; a live one stays', async () => {
    const { manager, workDir } = await fakeManager({ retention: { endedSessionMaxAgeMs: 0 } });
    const ended = (await manager.create({ workDir, reuse: false })).session;
    const live = (await manager.create({ workDir, reuse: false })).session;
    await manager.kill(ended.id);
    await new Promise((res) => setTimeout(res, 5)); // ended strictly before the cut
    const run = await manager.retention.run();
    expect(run.sessions).toEqual([ended.id]);
    expect(() => manager.get(ended.id)).toThrow(SessionNotFoundError);
    expect(manager.get(live.id).endedAt).toBeNull();
    await manager.shutdown({ killSessions: true });
  });
});
