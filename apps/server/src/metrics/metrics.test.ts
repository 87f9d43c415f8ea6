import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../app.js';
import { parseConfig } from '../config.js';
import { StubManager, testApp } from '../testing/stub-manager.js';
import { ServerMetrics } from './metrics.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

let app: FastifyInstance;
let m: StubManager;
afterEach(async () => {
  await app?.close();
});

const auth = { authorization: 'Bearer t' };
const scrape = async () => {
  const r = await app.inject({ method: 'GET', url: '/metrics', headers: auth });
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(r.body);
};

describe('GET /metrics', () => {
  it('needs a key (viewer), like every route', async () => {
    ({ app, m } = await testApp({ authToken: 't' }));
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });

  it('reports sessions by status, queued messages, deliveries by outcome, detection latency and HTTP latency by route', async () => {
    ({ app, m } = await testApp({ authToken: 't' }));
    const a = (await m.create({ workDir: '/tmp/a' })).session;
    const b = (await m.create({ workDir: '/tmp/b' })).session;
    m.set(b.id, { status: 'working', queueLength: 2 } as never);
    m.events.emit({
      type: 'message.delivered',
      sessionId: a.id,
      data: { messageId: 'm1', attempts: 1, confirmedBy: 'hook' },
    });
    // the deciding signal was seen 250 ms before the state was emitted (the stub's log has the real clock)
    m.events.emit({
      type: 'session.status',
      sessionId: a.id,
      data: { from: 'working', to: 'idle', evidence: [{ source: 'hook', detail: 'Stop', at: Date.now() - 250 }] },
    });
    // refused before it was accepted (a leading slash is not a message); a delivery error would not count here
    const refused = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${a.id}/send`,
      headers: auth,
      payload: { text: '/clear' },
    });
    expect(refused.statusCode).toBe(400);
    const send = (payload: unknown, headers = auth) =>
      app.inject({ method: 'POST', url: `/v1/sessions/${a.id}/send`, headers, payload: payload as object });
    expect((await send({})).statusCode).toBe(400); // invalid input: refused too
    expect((await send({ text: 'hi' }, { authorization: 'Bearer wrong' })).statusCode).toBe(401); // not a send
    await app.inject({ method: 'GET', url: `/v1/sessions/${a.id}`, headers: auth });

    const s = await scrape();
    expect(value(s, 'aegis_sessions', { status: 'idle' })).toBe(1);
    expect(value(s, 'aegis_sessions', { status: 'working' })).toBe(1);
    expect(value(s, 'aegis_queued_messages')).toBe(2);
    expect(value(s, 'aegis_deliveries_total', { outcome: 'confirmed' })).toBe(1);
    expect(value(s, 'aegis_deliveries_total', { outcome: 'unconfirmed' })).toBe(0);
    expect(value(s, 'aegis_deliveries_total', { outcome: 'refused' })).toBe(2);
    expect(value(s, 'aegis_state_detection_seconds_count', { state: 'idle', source: 'hook' })).toBe(1);
    expect(value(s, 'aegis_state_detection_seconds_sum', { state: 'idle', source: 'hook' })).toBeGreaterThanOrEqual(
      0.25,
    );
    expect(value(s, 'aegis_event_log_pending_writes')).toBe(0); // memory-only log: nothing to write
    expect(value(s, 'aegis_event_log_last_id')).toBe(m.events.lastId);
    // the route pattern, never the raw URL with its id
    const get = { route: '/v1/sessions/:id', method: 'GET', status_code: '200' };
    expect(value(s, 'aegis_http_request_duration_seconds_count', get)).toBe(1);
    expect(
      value(s, 'aegis_http_request_duration_seconds_count', { route: '/v1/sessions/:id/send', status_code: '400' }),
    ).toBe(2);
    expect(s.some((x) => Object.values(x.labels).some((v) => v.includes(a.id)))).toBe(false);
    // prom-client's default process metrics
    expect(value(s, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value(s, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it("reports retention's last run", async () => {
    ({ app, m } = await testApp({ authToken: 't' }));
    expect(value(await scrape(), 'aegis_retention_last_run_timestamp_seconds')).toBe(0);
    Object.assign(m, { retention: { last: { at: 5000, events: 3, sessions: ['a'], error: null } } });
    const s = await scrape();
    expect(value(s, 'aegis_retention_last_run_timestamp_seconds')).toBe(5);
    expect(value(s, 'aegis_retention_last_run_pruned', { store: 'events' })).toBe(3);
    expect(value(s, 'aegis_retention_last_run_pruned', { store: 'sessions' })).toBe(1);
    expect(value(s, 'aegis_retention_last_run_failed')).toBe(0);
  });

  it('takes metrics other server parts register on its registry', async () => {
    m = new StubManager();
    const metrics = new ServerMetrics(m);
    const stateDir = mkdtempSync(join(tmpdir(), 'aegis-metrics-test-'));
    app = await buildServer({ manager: m, metrics, config: parseConfig({ stateDir, authToken: 't' }) });
    const g = new Gauge({ name: 'aegis_test_gauge', help: 'test', registers: [metrics.registry] });
    g.set(7);
    expect(value(await scrape(), 'aegis_test_gauge')).toBe(7);
  });
});
