// The role matrix: every route of the route list, as registered, refuses no key (401) and a key one role too low
// (403) before anything happens, and lets the right role through.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { authPlugin } from './auth.js';
import { FileKeyStore } from './file-key-store.js';
import { ROUTES } from './testing/route-list.js';
import type { RouteRole } from './roles.js';
import { testApp, type StubManager } from './testing/stub-manager.js';

const ROOT = 'root-token';
const UNKNOWN = '00000000-0000-4000-8000-999999999999';
const BELOW: Record<RouteRole, RouteRole | null> = {
  public: null,
  viewer: null,
  operator: 'viewer',
  admin: 'operator',
};

let app: FastifyInstance;
let m: StubManager;
const key: Record<string, string> = {};
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

beforeAll(async () => {
  ({ app, m } = await testApp({ authToken: ROOT }));
  for (const role of ['viewer', 'operator', 'admin']) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: bearer(ROOT),
      payload: { name: `${role}-key`, role },
    });
    expect(r.statusCode).toBe(201);
    key[role] = r.json().key;
  }
});
afterAll(async () => {
  await app?.close();
});

describe('role matrix over every route', () => {
  it(`each of the ${ROUTES.length} routes declares a role; no key → 401, one role too low → 403, its role → through`, async () => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json', headers: bearer(key.viewer!) })).json();
    const covered: string[] = [];
    for (const [method, path] of ROUTES) {
      const role = doc.paths[path]?.[method]?.['x-aegis-role'] as RouteRole | undefined;
      expect(['public', 'viewer', 'operator', 'admin'], `${method} ${path}`).toContain(role);
      // /v1/events with a valid key would stream forever: a malformed lastEventId makes it a 400 after auth
      const url = path.replace('{id}', UNKNOWN) + (path === '/v1/events' ? '?lastEventId=x' : '');
      const call = (headers: Record<string, string> = {}) =>
        app.inject({ method: method.toUpperCase() as 'GET', url, headers });
      const none = await call();
      const wrong = await call(bearer('aegis_not-a-key'));
      if (role === 'public') {
        expect(none.statusCode, `${method} ${path}`).toBeLessThan(300);
        continue;
      }
      expect([none.statusCode, none.json().code], `${method} ${path} without a key`).toEqual([401, 'UNAUTHORIZED']);
      expect([wrong.statusCode, wrong.json().code], `${method} ${path} with a wrong key`).toEqual([
        401,
        'UNAUTHORIZED',
      ]);
      const below = BELOW[role!];
      if (below) {
        const low = await call(bearer(key[below]!));
        expect([low.statusCode, low.json().code], `${method} ${path} as ${below}`).toEqual([403, 'FORBIDDEN']);
      }
      const ok = await call(bearer(key[role!]!));
      expect([401, 403], `${method} ${path} as ${role}: ${ok.body}`).not.toContain(ok.statusCode);
      covered.push(`${method} ${path} ${role}`);
    }
    expect(covered.length).toBe(ROUTES.length - 2); // all but the public health and sign-out
  });

  it('a refused call has no effect: an operator cannot kill, a viewer cannot send', async () => {
    const s = (await m.create({ workDir: '/tmp/w' })).session;
    const kill = await app.inject({ method: 'DELETE', url: `/v1/sessions/${s.id}`, headers: bearer(key.operator!) });
    expect(kill.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: 'this route needs the admin role; key "operator-key" has operator',
    });
    expect(m.get(s.id).endedAt).toBeNull();
    await app.inject({
      method: 'POST',
      url: `/v1/sessions/${s.id}/send`,
      headers: bearer(key.viewer!),
      payload: { text: 'rm -rf' },
    });
    expect(m.sent).toEqual([]);
  });

  it('the token stays an admin key; SSE takes a key as ?token=; health shows details to any key', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(ROOT) })).statusCode).toBe(200);
    const sse = await app.inject({ method: 'GET', url: `/v1/sessions/${UNKNOWN}/events?token=${key.viewer}` });
    expect(sse.json().code).toBe('SESSION_NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: `/v1/sessions?token=${key.viewer}` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/health' })).json()).toEqual({ status: 'ok' });
    expect(
      (await app.inject({ method: 'GET', url: '/v1/health', headers: bearer(key.viewer!) })).json(),
    ).toHaveProperty('sessions');
  });
});

describe('routes must declare a role', () => {
  it('registering a route without one throws', async () => {
    const f = Fastify();
    await f.register(authPlugin, { token: undefined, keys: await FileKeyStore.open('/nonexistent'), now: Date.now });
    expect(() => f.get('/x', async () => 'x')).toThrow(/route GET \/x declares no role/);
    f.options('/x', async () => 'preflight'); // CORS preflights carry no credentials: public
    expect((await f.inject({ method: 'OPTIONS', url: '/x' })).body).toBe('preflight');
    await f.close();
  });
});
