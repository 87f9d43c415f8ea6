import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer } from './app.js';
import { parseConfig } from './config.js';
import { StubManager } from './testing/stub-manager.js';

function builtDashboard(): string {
  const root = mkdtempSync(join(tmpdir(), 'aegis-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  return root;
}

const app = (webRoot: string | null, authToken?: string) =>
  buildServer({
    manager: new StubManager(),
    webRoot,
    config: parseConfig({ stateDir: '/tmp/aegis-unused', ...(authToken ? { authToken } : {}) }),
  });

describe('the dashboard under /', () => {
  it('serves the page, its assets (cached for good) and the page again for client routes, without a key', async () => {
    const a = await app(builtDashboard(), 'secret-token');
    const page = await a.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('id="app"');
    const js = await a.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const route = await a.inject({ method: 'GET', url: '/s/some-session?x=1' });
    expect(route.body).toContain('id="app"');
    expect((await a.inject({ method: 'GET', url: '/../../etc/passwd' })).body).not.toContain('root:');
    await a.close();
  });

  it('leaves /v1 alone: unknown API paths are JSON 404s, the API still needs its key', async () => {
    const a = await app(builtDashboard(), 'secret-token');
    const r = await a.inject({ method: 'GET', url: '/v1/nope', headers: { authorization: 'Bearer secret-token' } });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('ROUTE_NOT_FOUND');
    expect((await a.inject({ method: 'GET', url: '/v1/sessions' })).statusCode).toBe(401);
    await a.close();
  });

  it('says how to build it when it is not built', async () => {
    const a = await app(null);
    expect((await a.inject({ method: 'GET', url: '/' })).body).toContain('pnpm build');
    await a.close();
  });
});

describe('sign-in cookie', () => {
  it('keeps a valid key in an HttpOnly SameSite=Strict cookie that then authenticates API calls', async () => {
    const a = await app(null, 'secret-token');
    expect(
      (await a.inject({ method: 'POST', url: '/v1/session-cookie', headers: { authorization: 'Bearer wrong' } }))
        .statusCode,
    ).toBe(401);
    const r = await a.inject({
      method: 'POST',
      url: '/v1/session-cookie',
      headers: { authorization: 'Bearer secret-token' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ role: 'admin', authRequired: true });
    const set = String(r.headers['set-cookie']);
    expect(set).toMatch(/aegis_key=secret-token/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    const who = await a.inject({ method: 'GET', url: '/v1/whoami', headers: { cookie: 'aegis_key=secret-token' } });
    expect(who.json()).toEqual({ role: 'admin', authRequired: true });
    expect(
      (await a.inject({ method: 'GET', url: '/v1/whoami', headers: { cookie: 'aegis_key=nope' } })).statusCode,
    ).toBe(401);
    const out = await a.inject({ method: 'DELETE', url: '/v1/session-cookie' });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/aegis_key=;/);
    await a.close();
  });

  it('needs no key without one configured', async () => {
    const a = await app(null);
    expect((await a.inject({ method: 'GET', url: '/v1/whoami' })).json()).toEqual({
      role: 'admin',
      authRequired: false,
    });
    await a.close();
  });
});
