import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { connectSse, type SseClient } from './testing/sse-client.js';
import { testApp, type StubManager } from './testing/stub-manager.js';

let app: FastifyInstance;
let m: StubManager;
let base: string;
const clients: SseClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await app?.close();
});
async function setup(config = {}) {
  ({ app, m } = await testApp(config));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address() as { port: number };
  base = `http://127.0.0.1:${a.port}`;
}
async function sse(path: string, headers: Record<string, string> = {}) {
  const c = await connectSse(base + path, headers);
  clients.push(c);
  return c;
}
const newSession = async () => (await m.create({ workDir: '/tmp/w' })).session.id;

describe('SSE', () => {
  it('session stream: the current state first, then its events with event/id/data', async () => {
    await setup();
    const id = await newSession();
    const other = (await m.create({ workDir: '/tmp/other' })).session.id;
    const c = await sse(`/v1/sessions/${id}/events`);
    expect(c.status).toBe(200);
    const first = await c.next(() => true);
    expect(first.event).toBe('state');
    expect(first.id).toBeNull();
    expect(JSON.parse(first.data).session).toMatchObject({ id, status: 'idle' });
    m.set(other, { status: 'working' });
    m.set(id, { status: 'working' });
    const f = await c.next((x) => x.event === 'session.status');
    const e = JSON.parse(f.data);
    expect(e).toMatchObject({ type: 'session.status', sessionId: id, data: { from: 'idle', to: 'working' } });
    expect(f.id).toBe(String(e.id));
    expect(c.frames.filter((x) => x.event === 'session.status')).toHaveLength(1);
  });
  it('Last-Event-ID from an id retention pruned: what remains, in order', async () => {
    await setup();
    const id = await newSession();
    for (const to of ['working', 'idle', 'working', 'idle'] as const) m.set(id, { status: to });
    const last = m.events.lastId;
    await m.events.prune({ maxAgeMs: null, maxEvents: 2 });
    const c = await sse('/v1/events', { 'last-event-id': '1' });
    await c.next((x) => x.id === String(last));
    expect(c.frames.filter((x) => x.id !== null).map((x) => Number(x.id))).toEqual([last - 1, last]);
  });
  it('global stream and Last-Event-ID replay (header or query): exactly the missed events', async () => {
    await setup();
    const id = await newSession();
    const mark = m.events.lastId;
    m.set(id, { status: 'working' });
    m.set(id, { status: 'idle' });
    for (const [path, headers] of [
      ['/v1/events', { 'last-event-id': String(mark) }],
      [`/v1/events?lastEventId=${mark}`, {}],
      [`/v1/sessions/${id}/events`, { 'last-event-id': String(mark) }],
    ] as const) {
      const c = await sse(path, headers);
      await c.next((x) => x.event === 'session.status' && JSON.parse(x.data).data.to === 'idle');
      expect(c.frames.filter((x) => x.id !== null).map((x) => Number(x.id))).toEqual([mark + 1, mark + 2]);
    }
  });
  it('404 JSON for an unknown session, 400 for a bad Last-Event-ID query', async () => {
    await setup();
    const r = await app.inject({ method: 'GET', url: '/v1/sessions/nope/events' });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('SESSION_NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: '/v1/events?lastEventId=abc' })).statusCode).toBe(400);
  });
  it('auth: bearer header or ?token= for EventSource', async () => {
    await setup({ authToken: 'tok' });
    expect((await sse('/v1/events')).status).toBe(401);
    expect((await sse('/v1/events?token=tok')).status).toBe(200);
    expect((await sse('/v1/events', { authorization: 'Bearer tok' })).status).toBe(200);
  });
  it('heartbeats', async () => {
    await setup({ sseHeartbeatMs: 100 });
    const c = await sse('/v1/events');
    await c.next((x) => x.event === 'heartbeat');
  });
  it('a slow client is dropped without holding up the others', async () => {
    await setup({ sseMaxBufferBytes: 65_536 });
    const id = await newSession();
    const fast = await sse('/v1/events');
    await fast.next((x) => x.event === 'state');
    // a client that never reads
    const slow = connect({ host: '127.0.0.1', port: Number(new URL(base).port) });
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.write('GET /v1/events HTTP/1.1\r\nhost: x\r\naccept: text/event-stream\r\n\r\n');
    slow.pause();
    const dropped = new Promise<void>((r) => slow.once('close', () => r()));
    await new Promise((r) => setTimeout(r, 50));
    const big = 'x'.repeat(20_000);
    for (let n = 0; n < 1500; n++) {
      m.events.emit({ type: 'message.assistant', sessionId: id, data: { entryId: `e${n}`, text: big } });
      await new Promise((r) => setTimeout(r, 0)); // the reading client keeps up
    }
    await fast.next((x) => x.event === 'message.assistant' && JSON.parse(x.data).data.entryId === 'e1499');
    slow.resume();
    await dropped;
    expect(app.server.listening).toBe(true);
  });
  it('close() ends open streams', async () => {
    await setup();
    const c = await sse('/v1/events');
    await c.next((x) => x.event === 'state');
    await app.close();
    await c.closed;
  });
});
