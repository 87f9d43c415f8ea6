import { describe, expect, it } from 'vitest';
import { AEGIS_ERROR_CODES, AegisError, ERROR_STATUS } from '@aegis/core';
import { ROUTES } from './testing/route-list.js';
import { expectError, UNKNOWN, useTestApp } from './testing/use-test-app.js';

const { setup, post, get, created } = useTestApp();

describe('health', () => {
  it('reports status, sessions, tmux and claude', async () => {
    await setup();
    await created();
    const r = await get('/v1/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', sessions: { active: 1, total: 1 }, tmux: { available: true } });
    expect(r.headers['x-request-id']).toBeTruthy();
  });
  it('degraded, with the reason, while the state folder takes no writes', async () => {
    const { m } = await setup();
    m.storageError = 'ENOSPC: no space left on device';
    expect((await get('/v1/health')).json()).toMatchObject({
      status: 'degraded',
      storage: { ok: false, error: 'ENOSPC: no space left on device' },
    });
  });
  it('channels health: none configured is ok with an empty list', async () => {
    await setup();
    expect((await get('/v1/channels/health')).json()).toEqual({ ok: true, channels: [] });
  });
  it('session health; 404 for an unknown session; 400 for a malformed id', async () => {
    await setup();
    const id = await created();
    expect((await get(`/v1/sessions/${id}/health`)).json()).toMatchObject({ alive: true, status: 'idle' });
    expectError(await get(`/v1/sessions/${UNKNOWN}/health`), 404, 'SESSION_NOT_FOUND');
    expectError(await get(`/v1/sessions/${encodeURIComponent('../etc')}/health`), 400, 'INVALID_INPUT');
  });
});

describe('auth', () => {
  const auth = { authorization: 'Bearer s3cret' };
  it('health without the token reveals only {status}', async () => {
    await setup({ authToken: 's3cret' });
    expect((await get('/v1/health')).json()).toEqual({ status: 'ok' });
    expect((await get('/v1/health', auth)).json()).toHaveProperty('sessions');
  });
  it('every other route needs the bearer token (401 JSON)', async () => {
    await setup({ authToken: 's3cret' });
    expectError(await get('/v1/sessions'), 401, 'UNAUTHORIZED');
    expectError(await get('/v1/sessions', { authorization: 'Bearer wrong' }), 401, 'UNAUTHORIZED');
    expectError(await get('/v1/sessions', { authorization: 'Basic czNjcmV0' }), 401, 'UNAUTHORIZED');
    expectError(await get('/v1/openapi.json'), 401, 'UNAUTHORIZED');
    expectError(await post('/v1/sessions', { workDir: '/tmp/w' }), 401, 'UNAUTHORIZED');
    expect((await get('/v1/sessions', auth)).statusCode).toBe(200);
    expect((await get('/v1/sessions', { authorization: 'bearer s3cret' })).statusCode).toBe(200);
  });
  it('the query token works only for SSE routes', async () => {
    await setup({ authToken: 's3cret' });
    expectError(await get('/v1/sessions?token=s3cret'), 401, 'UNAUTHORIZED');
    expectError(await get('/v1/events?token=wrong'), 401, 'UNAUTHORIZED');
  });
});

describe('errors', () => {
  it('every route but health and sign-out needs the token; every session (pipeline, key) route 404s for an unknown id', async () => {
    const { app } = await setup({ authToken: 't', allowShellMode: true });
    for (const [method, path] of ROUTES) {
      const url = path.replace('{id}', UNKNOWN);
      const r = await app.inject({ method: method.toUpperCase() as 'GET', url });
      if (path === '/v1/health') expect(r.statusCode).toBe(200);
      else if (method === 'delete' && path === '/v1/session-cookie')
        expect(r.statusCode).toBe(204); // sign-out needs no key
      else expectError(r, 401, 'UNAUTHORIZED');
      if (!path.includes('{id}')) continue;
      const body = path.endsWith('/send')
        ? { text: 'x' }
        : path.endsWith('/command') || path.endsWith('/bash')
          ? { command: '/x' }
          : path.endsWith('/keys')
            ? { keys: ['Enter'] }
            : path.endsWith('/screenshot')
              ? { url: 'http://127.0.0.1/' }
              : path.endsWith('/answer')
                ? { text: ['x'] }
                : path.endsWith('/commit')
                  ? { message: 'x' }
                  : path.endsWith('/merge')
                    ? {}
                    : undefined;
      const a = await app.inject({
        method: method.toUpperCase() as 'GET',
        url,
        headers: { authorization: 'Bearer t' },
        ...(body ? { payload: body } : {}),
      });
      expectError(
        a,
        404,
        path.startsWith('/v1/pipelines/')
          ? 'PIPELINE_NOT_FOUND'
          : path.startsWith('/v1/keys/')
            ? 'KEY_NOT_FOUND'
            : 'SESSION_NOT_FOUND',
      );
    }
  });
  it('every core error code maps to its status; other errors are 500 INTERNAL without details, and the server goes on', async () => {
    const { m } = await setup();
    const id = await created();
    for (const code of AEGIS_ERROR_CODES) {
      m.failNext = new AegisError(code, `boom ${code}`, { why: code });
      const b = expectError(await get(`/v1/sessions/${id}`), ERROR_STATUS[code], code);
      expect(b).toMatchObject({ message: `boom ${code}`, details: { why: code } });
    }
    m.failNext = new TypeError('secret internals');
    const b = expectError(await get(`/v1/sessions/${id}`), 500, 'INTERNAL');
    expect(JSON.stringify(b)).not.toContain('secret');
    expect((await get(`/v1/sessions/${id}`)).statusCode).toBe(200);
  });

  it('unknown routes are JSON 404s; inbound X-Request-Id is echoed', async () => {
    await setup();
    const r = await get('/v1/nope', { 'x-request-id': 'req-123' });
    const b = expectError(r, 404, 'ROUTE_NOT_FOUND');
    expect(b.requestId).toBe('req-123');
    expect(r.headers['x-request-id']).toBe('req-123');
  });
});
