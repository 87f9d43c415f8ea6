import { describe, expect, it, vi } from 'vitest';
import { EventLog } from './event-log.js';
import type { AegisEvent } from './events.js';
import { tempDir } from './testing/fake-manager.js';

const ev = (n: number) => ({
  type: 'message.queued' as const,
  sessionId: 's',
  data: { messageId: `m${n}`, position: n },
});

describe('EventLog', () => {
  it('numbers events monotonically and continues after a reopen', async () => {
    const { dir, cleanup } = await tempDir();
    const a = new EventLog({ dir });
    await a.open();
    expect([a.emit(ev(1)).id, a.emit(ev(2)).id]).toEqual([1, 2]);
    await a.flush();
    const b = new EventLog({ dir });
    await b.open();
    expect(b.emit(ev(3)).id).toBe(3);
    await b.flush();
    expect((await b.replay(1)).map((e) => e.id)).toEqual([2, 3]);
    await cleanup();
  });

  it('replays from an id, then goes live, without gaps or duplicates', async () => {
    const { dir, cleanup } = await tempDir();
    const log = new EventLog({ dir, memoryLimit: 2 });
    await log.open();
    for (let i = 1; i <= 5; i++) log.emit(ev(i));
    const seen: number[] = [];
    const unsub = log.subscribe((e: AegisEvent) => seen.push(e.id), { after: 1 });
    log.emit(ev(6));
    await vi.waitFor(() => expect(seen).toEqual([2, 3, 4, 5, 6])); // the replay reads the file
    log.emit(ev(7));
    expect(seen).toEqual([2, 3, 4, 5, 6, 7]);
    unsub();
    log.emit(ev(8));
    expect(seen.at(-1)).toBe(7);
    await cleanup();
  });

  it('filters replay by session and survives a torn last line', async () => {
    const { dir, cleanup } = await tempDir();
    const log = new EventLog({ dir });
    await log.open();
    log.emit(ev(1));
    log.emit({ ...ev(2), sessionId: 'other' });
    await log.flush();
    const { appendFile } = await import('node:fs/promises');
    await appendFile(`${dir}/events.jsonl`, '{"id":3,"ty');
    const again = new EventLog({ dir });
    await again.open();
    expect(again.lastId).toBe(2);
    expect((await again.replay(0, { sessionId: 'other' })).map((e) => e.id)).toEqual([2]);
    await cleanup();
  });

  it('durable subscribers get an event only once it is on disk, in order', async () => {
    const { dir, cleanup } = await tempDir();
    const { nodeFileSystem } = await import('./io.js');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fs = {
      ...nodeFileSystem,
      appendFile: async (p: string, d: string) => (await gate, nodeFileSystem.appendFile(p, d)),
    };
    const log = new EventLog({ dir, fs });
    await log.open();
    const live: number[] = [];
    const durable: number[] = [];
    log.subscribe((e) => live.push(e.id));
    log.subscribe((e) => durable.push(e.id), { durable: true });
    log.emit(ev(1));
    log.emit(ev(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(live).toEqual([1, 2]);
    expect(durable).toEqual([]); // not written yet: a crash now would reuse these ids
    release();
    await log.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(durable).toEqual([1, 2]);
    const resumed: number[] = [];
    log.subscribe((e) => resumed.push(e.id), { after: 1, durable: true });
    log.emit(ev(3));
    await log.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(resumed).toEqual([2, 3]);
    await cleanup();
  });

  it('prunes by age and count, on disk and in memory; a replay from a pruned id returns what remains, in order', async () => {
    const { dir, cleanup } = await tempDir();
    let t = 1000;
    const clock = { now: () => t, setTimeout: () => 0, clearTimeout: () => undefined };
    const log = new EventLog({ dir, clock });
    await log.open();
    for (let i = 1; i <= 10; i++) {
      log.emit(ev(i));
      t += 100; // event i at 900 + 100 i
    }
    // now 2000: older than 750 ms is before 1250 (events 1–3); beyond the newest 8: ids below 3
    expect(await log.prune({ maxAgeMs: 750, maxEvents: 8 })).toBe(3);
    expect((await log.replay(0)).map((e) => e.id)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect((await log.replay(2, { sessionId: 's' })).map((e) => e.id)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    const seen: number[] = [];
    log.subscribe((e) => seen.push(e.id), { after: 1, durable: true });
    log.emit(ev(11));
    await vi.waitFor(() => expect(seen).toEqual([4, 5, 6, 7, 8, 9, 10, 11]));
    expect(await log.prune({ maxAgeMs: null, maxEvents: 2 })).toBe(6);
    const again = new EventLog({ dir });
    await again.open();
    expect((await again.replay(0)).map((e) => e.id)).toEqual([10, 11]);
    expect(again.emit(ev(12)).id).toBe(12); // ids continue
    await again.flush();
    await cleanup();
  });

  it('prunes a memory-only log', async () => {
    const log = new EventLog({ dir: null });
    for (let i = 1; i <= 5; i++) log.emit(ev(i));
    expect(await log.prune({ maxAgeMs: null, maxEvents: 2 })).toBe(3);
    expect((await log.replay(1)).map((e) => e.id)).toEqual([4, 5]);
    expect(await log.prune({ maxAgeMs: null, maxEvents: null })).toBe(0);
  });
});
