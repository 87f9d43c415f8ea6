import { EventLog, realClock, type AegisEvent, type Clock } from '@aegis/core';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../channel.js';
import { Fanout } from '../fanout.js';
import { startReceiver, until } from '../testing/receiver.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { WebhookChannel } from './channel.js';
import { webhooksFromEnv, wants } from './config.js';
import { SIGNATURE_HEADER, signPayload, verifySignature } from './signature.js';

const SECRET = 'test-secret-0123456789';
/** The receivers listen on 127.0.0.1: a private address webhooks reach only when allowed. */
const LOCAL = { allowPrivate: true };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A `session.created` event for session s1 ("demo"). */
function event(id: number): AegisEvent {
  return {
    id,
    at: 1_700_000_000_000 + id,
    type: 'session.created',
    sessionId: 's1',
    data: { workDir: '/w', name: 'demo', permissionMode: 'default', reused: false, resumed: false },
  };
}

/** The real clock, recording every delay it is asked for. */
function recordingClock(): Clock & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: realClock.now,
    clearTimeout: realClock.clearTimeout,
    setTimeout: (fn, ms) => (delays.push(ms), realClock.setTimeout(fn, ms)),
  };
}

describe('webhook delivery against a real receiver on 127.0.0.1', () => {
  it('signs the body: the exported helper verifies it, and refuses a tampered body or wrong secret', async () => {
    const r = await startReceiver((_, res) => res.writeHead(204).end());
    closers.push(r.close);
    const ch = new WebhookChannel({ url: r.url, secret: SECRET }, 0, LOCAL);
    await ch.handle(event(7));
    expect(r.received).toHaveLength(1);
    const { headers, body } = r.received[0]!;
    const header = headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifySignature({ secret: SECRET, header, body })).toBe(true);
    expect(verifySignature({ secret: SECRET, header, body: body.replace('demo', 'dem0') })).toBe(false);
    expect(verifySignature({ secret: 'another-secret-abcdef', header, body })).toBe(false);
    expect(JSON.parse(body)).toEqual({
      id: 7,
      event: 'session.created',
      timestamp: new Date(1_700_000_000_007).toISOString(),
      session: { id: 's1', name: 'demo', status: null },
      data: { workDir: '/w', name: 'demo', permissionMode: 'default', reused: false, resumed: false },
    });
    expect(headers['idempotency-key']).toBe('7');
    expect(ch.deliveries()).toMatchObject([{ eventId: 7, attempt: 1, status: 204, outcome: 'delivered' }]);
  });

  it('503, 503, then 200: three deliveries of the same id with growing gaps', async () => {
    const r = await startReceiver((n, res) => res.writeHead(n <= 2 ? 503 : 200).end());
    closers.push(r.close);
    const clock = recordingClock();
    const ch = new WebhookChannel({ url: r.url, secret: SECRET, backoffMs: 100 }, 0, {
      ...LOCAL,
      clock,
      random: () => 0.5,
    });
    await ch.handle(event(3));
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => JSON.parse(x.body).id))).toEqual(new Set([3]));
    const waits = ch.deliveries().map((d) => d.retryInMs);
    expect(waits).toEqual([75, 150, null]);
    const gaps = [r.received[1]!.at - r.received[0]!.at, r.received[2]!.at - r.received[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(74);
    expect(gaps[1]).toBeGreaterThanOrEqual(149);
    expect(ch.deliveries().map((d) => d.outcome)).toEqual(['retry', 'retry', 'delivered']);
  });

  it('a 400 is not retried; the event is dead-lettered by the fan-out', async () => {
    const r = await startReceiver((_, res) => res.writeHead(400).end('bad'));
    closers.push(r.close);
    const ch = new WebhookChannel({ url: r.url, secret: SECRET, backoffMs: 10 }, 0, LOCAL);
    const fanout = new Fanout([ch], { logger: silentLogger });
    await fanout.start();
    fanout.publish(event(1));
    await fanout.idle();
    expect(r.received).toHaveLength(1);
    expect(fanout.deadLetters()).toMatchObject([{ channel: 'webhook:0', reason: 'failed', event: { id: 1 } }]);
    expect(fanout.health().channels[0]).toMatchObject({ failed: 1, deadLettered: 1 });
    await fanout.stop();
  });

  it('429 with Retry-After is honoured; bounded attempts then dead letter', async () => {
    const r = await startReceiver((n, res) =>
      n === 1 ? res.writeHead(429, { 'retry-after': '0.3' }).end() : res.writeHead(500).end(),
    );
    closers.push(r.close);
    const ch = new WebhookChannel({ url: r.url, secret: SECRET, backoffMs: 10, maxAttempts: 3 }, 0, {
      ...LOCAL,
      random: () => 0,
    });
    await expect(ch.handle(event(2))).rejects.toMatchObject({
      code: 'WEBHOOK_DELIVERY_FAILED',
      attempts: 3,
      status: 500,
    });
    expect(r.received).toHaveLength(3);
    expect(ch.deliveries().map((d) => d.retryInMs)).toEqual([300, 10, null]);
  });

  it('a receiver that hangs does not slow event emission: publish returns at once, events wait in the queue', async () => {
    const r = await startReceiver(() => undefined); // never answers
    closers.push(r.close);
    const log = new EventLog({ dir: null });
    const ch = new WebhookChannel({ url: r.url, secret: SECRET, timeoutMs: 60_000 }, 0, LOCAL);
    const fanout = new Fanout([ch], { logger: silentLogger });
    await fanout.start();
    fanout.attach(log);
    for (let i = 0; i < 50; i++) log.emit({ type: 'session.adopted', sessionId: `s${i}`, data: { windowId: '@1' } });
    expect(log.lastId).toBe(50); // every emit returned while the receiver hangs
    await until(() => r.received.length === 1);
    expect(fanout.health().channels[0]).toMatchObject({ queued: 49, delivered: 0 });
    await fanout.stop();
    expect(fanout.deadLetters().filter((d) => d.reason === 'stopped')).toHaveLength(49);
    expect(fanout.cursor()).toBe(0); // event 1 never settled: the next start attaches with { after: 0 }
  });

  it('sends only the events an endpoint asks for, with the session status it learnt from events', async () => {
    const r = await startReceiver((_, res) => res.writeHead(200).end());
    closers.push(r.close);
    const ch = new WebhookChannel({ url: r.url, secret: SECRET, events: ['session.status'] }, 0, LOCAL);
    await ch.handle(event(1));
    await ch.handle({ id: 2, at: 2, type: 'message.assistant', sessionId: 's1', data: { entryId: 'e', text: 'hi' } });
    await ch.handle({
      id: 3,
      at: 3,
      type: 'session.status',
      sessionId: 's1',
      data: { from: 'working', to: 'idle', evidence: [] },
    });
    expect(r.received.map((x) => JSON.parse(x.body))).toMatchObject([
      { id: 3, event: 'session.status', session: { id: 's1', name: 'demo', status: 'idle' } },
    ]);
  });

  it('a network error is retried, then the event is dead-lettered', async () => {
    const r = await startReceiver((_, res) => res.end());
    const url = r.url;
    await r.close();
    const ch = new WebhookChannel({ url, secret: SECRET, backoffMs: 5, maxAttempts: 2 }, 0, LOCAL);
    await expect(ch.handle(event(4))).rejects.toMatchObject({ attempts: 2, status: null });
    expect(ch.deliveries().map((d) => d.outcome)).toEqual(['retry', 'failed']);
  });
});

describe('webhook URL policy', () => {
  it('a receiver on 127.0.0.1 is refused without allowPrivate: never contacted, not retried, dead-lettered with the reason', async () => {
    const r = await startReceiver((_, res) => res.writeHead(204).end());
    closers.push(r.close);
    const ch = new WebhookChannel({ url: r.url, secret: SECRET, backoffMs: 5 });
    await expect(ch.handle(event(5))).rejects.toMatchObject({ code: 'WEBHOOK_DELIVERY_FAILED', attempts: 1 });
    expect(r.received).toHaveLength(0);
    expect(ch.deliveries()[0]!.error).toMatch(/127\.0\.0\.1 is loopback: private addresses are not allowed/);
  });
  it.each([
    'http://169.254.169.254/hook',
    'http://0xa9fea9fe/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]/',
    'http://0.0.0.0:9/',
  ])('%s is refused even with allowPrivate', async (url) => {
    const ch = new WebhookChannel({ url, secret: SECRET, backoffMs: 5 }, 0, LOCAL);
    await expect(ch.handle(event(6))).rejects.toMatchObject({ attempts: 1 });
    expect(ch.deliveries()[0]!.error).toMatch(/never allowed/);
  });
});

describe('webhook configuration and helpers', () => {
  it('reads AEGIS_WEBHOOKS as URLs with a shared secret, or as JSON with filters and headers', () => {
    expect(webhooksFromEnv({})).toEqual([]);
    expect(
      webhooksFromEnv({ AEGIS_WEBHOOKS: 'http://a.test/x, https://b.test/y', AEGIS_WEBHOOK_SECRET: SECRET }).map(
        (e) => e.url,
      ),
    ).toEqual(['http://a.test/x', 'https://b.test/y']);
    expect(() => webhooksFromEnv({ AEGIS_WEBHOOKS: 'http://a.test/x' })).toThrow();
    const [e] = webhooksFromEnv({
      AEGIS_WEBHOOKS: JSON.stringify([
        {
          url: 'https://c.test',
          secret: SECRET,
          events: ['permission.requested', 'session.*'],
          headers: { authorization: 'Bearer x' },
        },
      ]),
    });
    expect(e).toMatchObject({
      events: ['permission.requested', 'session.*'],
      headers: { authorization: 'Bearer x' },
      maxAttempts: 5,
    });
    expect(wants(e!, 'session.ended')).toBe(true);
    expect(wants(e!, 'permission.requested')).toBe(true);
    expect(wants(e!, 'tool.use')).toBe(false);
  });

  it('backoff grows and is capped; Retry-After reads seconds and dates', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 5000, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffDelay(1, 1000, 5000, () => 0)).toBe(500);
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('verifySignature refuses old signatures (replay window)', () => {
    const body = '{"id":1}';
    const header = signPayload(SECRET, body, 1000);
    expect(verifySignature({ secret: SECRET, header, body, now: 1000_000 + 299_000 })).toBe(true);
    expect(verifySignature({ secret: SECRET, header, body, now: 1000_000 + 301_000 })).toBe(false);
    expect(verifySignature({ secret: SECRET, header: 'garbage', body })).toBe(false);
  });
});
