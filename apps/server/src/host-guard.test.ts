import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { hostPolicy, splitHost } from './host-guard.js';
import { testApp, type StubManager } from './testing/stub-manager.js';

let app: FastifyInstance;
let m: StubManager;
afterEach(async () => {
  await app?.close();
});

describe('hostPolicy', () => {
  const p = hostPolicy({
    host: '127.0.0.1',
    allowedHosts: ['aegis.internal', 'box.lan:9100'],
    allowedOrigins: ['https://dash.example.com'],
  });
  it('loopback names and listed hosts on any port; a listed name:port only on that port', () => {
    for (const h of [
      'localhost',
      'localhost:9100',
      '127.0.0.1:1',
      '[::1]:9100',
      'LOCALHOST.',
      'aegis.internal:80',
      'box.lan:9100',
    ])
      expect(p.hostAllowed(h), h).toBe(true);
    for (const h of [
      undefined,
      '',
      'attacker.example',
      'attacker.example:9100',
      'box.lan:9101',
      'box.lan',
      '::1',
      'localhost.attacker.example',
      '127.0.0.1.nip.io:9100',
      'localhost:9100:1',
    ])
      expect(p.hostAllowed(h), String(h)).toBe(false);
  });
  it('origins: listed ones, and the server own origin on the Host it was called on', () => {
    expect(p.listed('https://dash.example.com')).toBe(true);
    expect(p.listed('https://dash.example.com:444')).toBe(false);
    expect(p.listed('null')).toBe(false);
    expect(p.own('http://localhost:9100', 'localhost:9100')).toBe(true);
    expect(p.own('http://localhost:9101', 'localhost:9100')).toBe(false);
    expect(p.own('null', 'localhost:9100')).toBe(false);
    expect(p.own('file://', 'localhost:9100')).toBe(false);
  });
  it('splitHost keeps IPv6 brackets and drops one trailing dot', () => {
    expect(splitHost('[::1]:80')).toEqual({ name: '[::1]', port: '80' });
    expect(splitHost('Example.COM.')).toEqual({ name: 'example.com', port: null });
  });
});

describe('the guard on the app', () => {
  const create = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/v1/sessions', payload: { workDir: '/tmp/w' }, headers });
  it('a foreign Host gets 403 HOST_NOT_ALLOWED before the route runs (no session)', async () => {
    ({ app, m } = await testApp());
    for (const host of ['attacker.example', 'attacker.example:9100']) {
      const r = await create({ host });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    }
    expect(m.list()).toHaveLength(0);
    expect((await create({ host: 'localhost:9100' })).statusCode).toBe(201);
  });
  it('a foreign or null Origin gets 403 ORIGIN_NOT_ALLOWED; the own origin passes; a malformed body is never parsed', async () => {
    ({ app, m } = await testApp());
    for (const origin of ['http://attacker.example', 'null', 'http://localhost:3000']) {
      const r = await create({ host: 'localhost:9100', origin });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    }
    const junk = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: '{not json',
      headers: { host: 'evil', 'content-type': 'application/json' },
    });
    expect(junk.json()).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    expect(m.list()).toHaveLength(0);
    expect((await create({ host: 'localhost:9100', origin: 'http://localhost:9100' })).statusCode).toBe(201);
  });
  it('CORS: a listed origin gets its preflight answered and the exact origin back (never *, no credentials)', async () => {
    ({ app, m } = await testApp({ allowedOrigins: ['https://dash.example.com'] }));
    const pre = await app.inject({
      method: 'OPTIONS',
      url: '/v1/sessions',
      headers: {
        origin: 'https://dash.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    expect(String(pre.headers['access-control-allow-headers'])).toContain('authorization');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const r = await app.inject({ method: 'GET', url: '/v1/sessions', headers: { origin: 'https://dash.example.com' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    expect(String(r.headers.vary)).toMatch(/origin/i);
  });
  it('security headers on every response, refusals and 404s included', async () => {
    ({ app, m } = await testApp());
    for (const r of [
      await app.inject({ method: 'GET', url: '/v1/health' }),
      await app.inject({ method: 'GET', url: '/nope' }),
      await app.inject({ method: 'GET', url: '/v1/health', headers: { host: 'attacker.example' } }),
    ]) {
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});
