import { EventLog, type SessionManager, type AegisEvent } from '@aegis/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { silentLogger, type Channel, type EventSource, type SessionControl } from './channel.js';
import { Fanout } from './fanout.js';
import { fakeClock } from './testing/fake-clock.js';

const event = (id: number): AegisEvent => ({
  id,
  at: id,
  type: 'session.adopted',
  sessionId: 's',
  data: { windowId: '@1' },
});

/** A channel whose handle waits for the test (resolve/reject) or fails as told. */
function scripted(name = 'x') {
  const seen: number[] = [];
  let mode: 'ok' | 'fail' | 'hold' = 'ok';
  const held: (() => void)[] = [];
  const channel: Channel = {
    name,
    async handle(e) {
      seen.push(e.id);
      if (mode === 'fail') throw new Error(`boom ${e.id}`);
      if (mode === 'hold') await new Promise<void>((r) => held.push(r));
    },
  };
  return { channel, seen, set: (m: typeof mode) => (mode = m), release: () => held.splice(0).forEach((r) => r()) };
}

describe('Fanout', () => {
  it('delivers in order per channel; a stuck channel does not hold back another', async () => {
    const slow = scripted('slow');
    const fast = scripted('fast');
    slow.set('hold');
    const f = new Fanout([slow.channel, fast.channel], { logger: silentLogger });
    await f.start();
    for (let i = 1; i <= 5; i++) f.publish(event(i));
    await new Promise((r) => setImmediate(r));
    expect(fast.seen).toEqual([1, 2, 3, 4, 5]);
    expect(slow.seen).toEqual([1]);
    expect(f.health().channels.find((c) => c.name === 'slow')).toMatchObject({ queued: 4, delivered: 0 });
    expect(f.cursor()).toBe(0); // the slow channel still holds event 1: a restart would replay after 0
    slow.set('ok');
    slow.release();
    await f.idle();
    expect(slow.seen).toEqual([1, 2, 3, 4, 5]);
    expect(f.cursor()).toBe(5);
    expect(f.health()).toMatchObject({ ok: true, channels: [{ delivered: 5 }, { delivered: 5 }] });
    await f.stop();
  });

  it('a full queue drops the oldest event: counted, logged, dead-lettered', async () => {
    const c = scripted();
    c.set('hold');
    const warnings: string[] = [];
    const f = new Fanout([c.channel], { queueSize: 2, logger: { warn: (m) => warnings.push(m) } });
    await f.start();
    f.publish(event(1));
    await new Promise((r) => setImmediate(r)); // 1 in flight
    for (let i = 2; i <= 5; i++) f.publish(event(i)); // 2..5 into 2 slots
    expect(f.health().channels[0]).toMatchObject({ queued: 2, dropped: 2 });
    expect(f.deadLetters().map((d) => [d.event.id, d.reason])).toEqual([
      [2, 'queue_full'],
      [3, 'queue_full'],
    ]);
    expect(warnings.filter((w) => w.includes('queue full'))).toHaveLength(2);
    c.set('ok');
    c.release();
    await f.idle();
    expect(c.seen).toEqual([1, 4, 5]);
    await f.stop();
  });

  it('opens the circuit after consecutive failures, rests, then lets one trial through (half-open)', async () => {
    const clock = fakeClock();
    const c = scripted();
    c.set('fail');
    const f = new Fanout([c.channel], { failureThreshold: 3, cooldownMs: 10_000, clock, logger: silentLogger });
    await f.start();
    for (let i = 1; i <= 5; i++) f.publish(event(i));
    await clock.advance(0);
    expect(c.seen).toEqual([1, 2, 3]);
    expect(f.health()).toMatchObject({
      ok: false,
      channels: [{ circuit: 'open', failed: 3, consecutiveFailures: 3, queued: 2, openUntil: 1_010_000 }],
    });
    await clock.advance(9_999);
    expect(c.seen).toEqual([1, 2, 3]);
    await clock.advance(1); // trial event 4 fails: open again at once
    expect(c.seen).toEqual([1, 2, 3, 4]);
    expect(f.health().channels[0]).toMatchObject({ circuit: 'open', openUntil: 1_020_000 });
    c.set('ok');
    await clock.advance(10_000);
    expect(c.seen).toEqual([1, 2, 3, 4, 5]);
    expect(f.health()).toMatchObject({
      ok: true,
      channels: [{ circuit: 'closed', delivered: 1, failed: 4, deadLettered: 4 }],
    });
    await f.stop();
  });

  it('a handle that never settles times out, is dead-lettered, and the worker moves on', async () => {
    const clock = fakeClock();
    const c = scripted();
    c.set('hold');
    const f = new Fanout([c.channel], { handleTimeoutMs: 5_000, clock, logger: silentLogger });
    await f.start();
    f.publish(event(1));
    f.publish(event(2));
    await clock.advance(5_000);
    expect(c.seen).toEqual([1, 2]);
    expect(f.deadLetters()).toMatchObject([{ event: { id: 1 }, reason: 'timeout' }]);
    await f.stop();
    expect(f.deadLetters().map((d) => d.reason)).toEqual(['timeout']); // 2 was in flight, not queued
  });

  it('attach replays from core after an id and follows live events; publish never throws', async () => {
    const log = new EventLog({ dir: null });
    log.emit({ type: 'session.adopted', sessionId: 'a', data: { windowId: '@1' } });
    log.emit({ type: 'session.adopted', sessionId: 'b', data: { windowId: '@2' } });
    const c = scripted();
    const throwing: Channel = {
      name: 'sync-throw',
      handle: () => {
        throw new Error('sync');
      },
    };
    const f = new Fanout([c.channel, throwing], { logger: silentLogger });
    await f.start();
    f.attach(log, { after: 1 });
    await new Promise((r) => setImmediate(r));
    log.emit({ type: 'session.adopted', sessionId: 'c', data: { windowId: '@3' } });
    await f.idle();
    expect(c.seen).toEqual([2, 3]);
    expect(f.health().channels[1]).toMatchObject({ failed: 2 });
    await f.stop();
  });

  it('a channel whose start fails is reported, the others run', async () => {
    const c = scripted('good');
    const bad: Channel = {
      name: 'bad',
      handle: async () => undefined,
      start: async () => Promise.reject(new Error('no token')),
    };
    const f = new Fanout([bad, c.channel], { logger: silentLogger });
    await f.start();
    f.publish(event(1));
    await f.idle();
    expect(f.health().channels.map((h) => [h.name, h.lastError])).toEqual([
      ['bad', 'no token'],
      ['good', null],
    ]);
    expect(() => new Fanout([c.channel, c.channel])).toThrow(/duplicate/);
    await f.stop();
  });

  it('core satisfies the ports structurally', () => {
    expectTypeOf<SessionManager>().toExtend<SessionControl>();
    expectTypeOf<EventLog>().toExtend<EventSource>();
  });
});
