import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp, type StubManager } from './testing/stub-manager.js';

let app: FastifyInstance;
let m: StubManager;
afterEach(async () => {
  await app?.close();
});
const ROOT = 'root';
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
const audit = async (query = '') =>
  (await app.inject({ method: 'GET', url: `/v1/audit${query}`, headers: bearer(ROOT) })).json().entries;

describe('audit log', () => {
  it('records every mutating call (refused ones too) with key, role, route, session and status; never reads or secrets', async () => {
    ({ app, m } = await testApp({ authToken: ROOT }));
    const ops = (
      await app.inject({
        method: 'POST',
        url: '/v1/keys',
        headers: bearer(ROOT),
        payload: { name: 'ops', role: 'operator' },
      })
    ).json();
    const created = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: bearer(ops.key),
      payload: { workDir: '/tmp/w', prompt: 'secret prompt' },
    });
    const id = created.json().id;
    await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/send`,
      headers: bearer(ops.key),
      payload: { text: 'hunter2' },
    });
    await app.inject({ method: 'GET', url: `/v1/sessions/${id}`, headers: bearer(ops.key) });
    await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}`, headers: bearer(ops.key) }); // 403
    await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}` }); // 401
    await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}`, headers: bearer(ROOT) });
    const entries = await audit();
    const line = (e: Record<string, unknown>) => `${e.key} ${e.role} ${e.method} ${e.route} ${e.sessionId} ${e.status}`;
    expect(entries.map(line)).toEqual([
      `token admin DELETE /v1/sessions/:id ${id} 200`,
      `anonymous null DELETE /v1/sessions/:id ${id} 401`,
      `ops operator DELETE /v1/sessions/:id ${id} 403`,
      `ops operator POST /v1/sessions/:id/send ${id} 200`,
      `ops operator POST /v1/sessions ${id} 201`,
      `token admin POST /v1/keys null 201`,
    ]);
    expect(entries.at(-1)).toMatchObject({
      target: ops.id,
      keyId: null,
      requestId: expect.any(String),
      time: expect.any(String),
    });
    expect(entries[1]).toMatchObject({ keyId: null });
    expect(entries[2]).toMatchObject({ keyId: ops.id });
    const all = JSON.stringify(entries);
    for (const secret of [ops.key, 'hunter2', 'secret prompt', ROOT]) expect(all).not.toContain(secret);
    expect(m.get(id).endedAt).not.toBeNull();
  });

  it('filters by key, session, route prefix, since and limit; 400 on a bad filter', async () => {
    ({ app, m } = await testApp({ authToken: ROOT }));
    const t0 = new Date(Date.now() - 1000).toISOString();
    const a = (await m.create({ workDir: '/tmp/a' })).session.id;
    const b = (await m.create({ workDir: '/tmp/b' })).session.id;
    for (const id of [a, b, a])
      await app.inject({ method: 'POST', url: `/v1/sessions/${id}/interrupt`, headers: bearer(ROOT) });
    await app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: bearer(ROOT),
      payload: { name: 'v', role: 'viewer' },
    });
    expect((await audit(`?session=${a}`)).length).toBe(2);
    expect((await audit('?route=/v1/keys')).map((e: { route: string }) => e.route)).toEqual(['/v1/keys']);
    expect((await audit('?key=token&limit=2')).length).toBe(2);
    expect((await audit('?key=nobody')).length).toBe(0);
    expect((await audit(`?since=${encodeURIComponent(t0)}`)).length).toBe(4);
    expect((await audit(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).length).toBe(0);
    for (const bad of ['?since=yesterday', '?limit=0', '?limit=5000']) {
      expect((await app.inject({ method: 'GET', url: `/v1/audit${bad}`, headers: bearer(ROOT) })).json().code).toBe(
        'INVALID_INPUT',
      );
    }
  });
});

describe('audit log over real HTTP (127.0.0.1, fetch)', () => {
  it('a kill is recorded with the name of the key that did it', async () => {
    ({ app, m } = await testApp({ authToken: ROOT }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await fetch(url + path, {
        method,
        headers: { ...bearer(key), ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as { key?: string; entries?: unknown[] } };
    };
    const admin = (await call('POST', '/v1/keys', ROOT, { name: 'night-shift', role: 'admin' })).body.key!;
    const id = (await m.create({ workDir: '/tmp/w' })).session.id;
    expect(await call('DELETE', `/v1/sessions/${id}`, admin)).toEqual({ status: 200, body: { ok: true } });
    const entries = (await call('GET', `/v1/audit?session=${id}`, ROOT)).body.entries;
    expect(entries).toEqual([
      expect.objectContaining({
        key: 'night-shift',
        role: 'admin',
        method: 'DELETE',
        route: '/v1/sessions/:id',
        sessionId: id,
        status: 200,
      }),
    ]);
  });
});
