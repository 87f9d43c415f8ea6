import { describe, expect, it } from 'vitest';
import type { AegisEvent } from '../events.js';
import { newStage, type PipelineInfo } from '../pipelines/record.js';
import { PipelineSpecSchema } from '../pipelines/schema.js';
import type { PersistedMessage, SessionRecord } from '../record.js';
import type { EventStore, MessageQueueStore, PipelineStore, SessionStore } from '../storage/types.js';

/**
 * One place to store into, opened as often as a test needs. `open` after an abrupt stop (the previous handle is
 * dropped without any close or flush) is what a restart after a crash sees.
 */
export interface StorePlace<S> {
  open(): Promise<S>;
}

/** Makes a fresh, empty place for each test. */
export type MakePlace<S> = () => Promise<StorePlace<S>>;

export function sessionRecord(id: string, patch: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    name: `s-${id}`,
    workDir: '/work',
    owner: null,
    claudeSessionId: `c-${id}`,
    permissionMode: 'default',
    model: null,
    claudeVersion: '2.1.332',
    stallThresholdMs: null,
    windowId: '@1',
    paneId: '%1',
    panePid: 1,
    hookSecret: 'secret',
    createdAt: 1,
    launchedAt: 1,
    lastActivity: 1,
    status: 'idle',
    transcriptOffset: 0,
    configDir: '/config',
    endedAt: null,
    endReason: null,
    exitCode: null,
    ...patch,
  };
}

/** Every `SessionStore` passes this suite. */
export function describeSessionStoreContract(name: string, make: MakePlace<SessionStore>): void {
  describe(`SessionStore contract: ${name}`, () => {
    it('starts empty', async () => {
      const s = await (await make()).open();
      expect(await s.load()).toEqual({ sessions: [], hookPort: null });
    });

    it('keeps what a resolved write stored across an abrupt stop', async () => {
      const place = await make();
      const a = await place.open();
      await a.load();
      await a.put(sessionRecord('1'));
      await a.setHookPort(4100);
      const b = await place.open(); // `a` is dropped, never closed
      expect(await b.load()).toEqual({ sessions: [sessionRecord('1')], hookPort: 4100 });
    });

    it('replaces a record on put, forgets it on delete, and never shares the caller object', async () => {
      const place = await make();
      const s = await place.open();
      await s.load();
      const r = sessionRecord('1');
      await s.put(r);
      r.status = 'working'; // not written: the store holds what was put
      await s.put(sessionRecord('2'));
      await s.put(sessionRecord('2', { status: 'exited', endedAt: 9 }));
      await s.delete('1');
      const { sessions } = await (await place.open()).load();
      expect(sessions).toEqual([sessionRecord('2', { status: 'exited', endedAt: 9 })]);
    });

    it('keeps every one of many concurrent writes, the last put of a record winning', async () => {
      const place = await make();
      const s = await place.open();
      await s.load();
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) writes.push(s.put(sessionRecord(String(i % 5), { lastActivity: i })));
      await Promise.all(writes);
      const { sessions } = await (await place.open()).load();
      const byId = Object.fromEntries(sessions.map((r) => [r.id, r.lastActivity]));
      expect(byId).toEqual({ '0': 15, '1': 16, '2': 17, '3': 18, '4': 19 });
    });
  });
}

function event(id: number, sessionId = 's1'): AegisEvent {
  return {
    id,
    at: id,
    type: 'session.status',
    sessionId,
    data: { from: 'idle', to: 'working', evidence: [] },
  } as AegisEvent;
}

/** Every `EventStore` passes this suite. */
export function describeEventStoreContract(name: string, make: MakePlace<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    it('starts empty', async () => {
      const s = await (await make()).open();
      expect(await s.tail(10)).toEqual([]);
      expect(await s.read(0)).toEqual([]);
    });

    it('keeps appended events, in order, across an abrupt stop', async () => {
      const place = await make();
      const a = await place.open();
      for (const id of [1, 2, 3]) await a.append(event(id));
      const b = await place.open();
      expect((await b.read(0)).map((e) => e.id)).toEqual([1, 2, 3]);
      expect((await b.tail(2)).map((e) => e.id)).toEqual([2, 3]);
    });

    it('keeps the order of concurrent appends', async () => {
      const place = await make();
      const s = await place.open();
      await Promise.all(Array.from({ length: 50 }, (_, i) => s.append(event(i + 1))));
      expect((await (await place.open()).read(0)).map((e) => e.id)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    });

    it('replays from an id, optionally one session', async () => {
      const s = await (await make()).open();
      for (const [id, sid] of [
        [1, 'a'],
        [2, 'b'],
        [3, 'a'],
        [4, 'b'],
      ] as const)
        await s.append(event(id, sid));
      expect((await s.read(2)).map((e) => e.id)).toEqual([3, 4]);
      expect((await s.read(0, { sessionId: 'b' })).map((e) => e.id)).toEqual([2, 4]);
      expect(await s.read(4)).toEqual([]);
      expect(await s.read(0)).toEqual([1, 2, 3, 4].map((id, i) => event(id, i % 2 ? 'b' : 'a')));
    });

    it('prunes by age or id, keeps the rest in order, never loses an append made meanwhile', async () => {
      const place = await make();
      const s = await place.open();
      for (const id of [1, 2, 3, 4, 5, 6]) await s.append(event(id)); // `at` = id
      const pruned = s.prune({ before: 3, belowId: 2 }); // at < 3 or id < 2: events 1 and 2
      const appended = Promise.all([s.append(event(7)), s.append(event(8))]);
      expect(await pruned).toBe(2);
      await appended;
      expect((await s.read(0)).map((e) => e.id)).toEqual([3, 4, 5, 6, 7, 8]);
      expect((await s.read(1)).map((e) => e.id)).toEqual([3, 4, 5, 6, 7, 8]); // a replay from a removed id
      expect(await s.prune({ before: 0, belowId: 5 })).toBe(2);
      expect(await s.prune({ before: 0, belowId: 0 })).toBe(0);
      const again = await place.open();
      expect((await again.read(0)).map((e) => e.id)).toEqual([5, 6, 7, 8]);
      expect((await again.tail(3)).map((e) => e.id)).toEqual([6, 7, 8]);
      await again.append(event(9));
      expect((await again.read(8)).map((e) => e.id)).toEqual([9]);
    });
  });
}

const msg = (id: string, sendingSince?: number): PersistedMessage => ({
  id,
  text: `text ${id}`,
  enqueuedAt: 1,
  ...(sendingSince ? { sendingSince } : {}),
});

/** A queue place also knows sessions: `addSession` makes one the store can hold a queue for. */
export interface QueuePlace extends StorePlace<MessageQueueStore> {
  addSession(id: string): Promise<void>;
}

/** Every `MessageQueueStore` passes this suite. */
export function describeMessageQueueStoreContract(name: string, make: () => Promise<QueuePlace>): void {
  describe(`MessageQueueStore contract: ${name}`, () => {
    it('keeps a queue, in order, with the sending mark, across an abrupt stop', async () => {
      const place = await make();
      await place.addSession('s1');
      const a = await place.open();
      expect(await a.load('s1')).toEqual([]);
      await a.save('s1', [msg('m1', 5), msg('m2'), msg('m3')]);
      expect(await (await place.open()).load('s1')).toEqual([msg('m1', 5), msg('m2'), msg('m3')]);
    });

    it('replaces the queue on save; the last of concurrent saves wins; sessions are apart', async () => {
      const place = await make();
      await place.addSession('s1');
      await place.addSession('s2');
      const s = await place.open();
      await Promise.all([
        s.save('s1', [msg('a')]),
        s.save('s2', [msg('x')]),
        s.save('s1', [msg('b'), msg('c')]),
        s.save('s1', [msg('c')]),
      ]);
      const again = await place.open();
      expect(await again.load('s1')).toEqual([msg('c')]);
      expect(await again.load('s2')).toEqual([msg('x')]);
      await again.save('s2', []);
      expect(await (await place.open()).load('s2')).toEqual([]);
    });
  });
}

/** A stored pipeline (one stage) for store tests. */
export function pipelineInfo(id: string, status: PipelineInfo['status'] = 'running'): PipelineInfo {
  const spec = PipelineSpecSchema.parse({ name: 'p', workDir: '/work', stages: [{ name: 'a', prompt: 'hi' }] });
  return {
    version: 1,
    id,
    name: 'p',
    spec,
    status,
    reason: null,
    createdAt: 1,
    updatedAt: 1,
    finishedAt: null,
    stages: [newStage('a')],
  };
}

/** Every `PipelineStore` passes this suite. */
export function describePipelineStoreContract(name: string, make: MakePlace<PipelineStore>): void {
  describe(`PipelineStore contract: ${name}`, () => {
    it('starts empty', async () => {
      expect(await (await (await make()).open()).load()).toEqual({ pipelines: [], skipped: [] });
    });

    it('keeps saved pipelines across an abrupt stop; the newest save of one wins, also when concurrent', async () => {
      const place = await make();
      const a = await place.open();
      const id1 = '00000000-0000-4000-8000-000000000001';
      const id2 = '00000000-0000-4000-8000-000000000002';
      await Promise.all([a.save(pipelineInfo(id1)), a.save(pipelineInfo(id2)), a.save(pipelineInfo(id1, 'succeeded'))]);
      const { pipelines, skipped } = await (await place.open()).load();
      expect(skipped).toEqual([]);
      expect(pipelines.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
        pipelineInfo(id1, 'succeeded'),
        pipelineInfo(id2),
      ]);
    });
  });
}
