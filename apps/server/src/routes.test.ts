import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { AEGIS_ERROR_CODES, AegisError, ERROR_STATUS } from '@aegis/core';
import type { Renderer } from '@aegis/browser';
import { ROUTES } from './route-list.js';
import { fakeRenderer, testApp, type StubManager } from './test-stub.js';

let app: FastifyInstance;
let m: StubManager;
afterEach(async () => {
  await app?.close();
});

async function setup(config = {}, renderer: Renderer = fakeRenderer()) {
  ({ app, m } = await testApp(config, renderer));
}
const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, ...(payload !== undefined ? { payload: payload as object } : {}), headers });
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
async function created(body: Record<string, unknown> = { workDir: '/tmp/w1' }): Promise<string> {
  const r = await post('/v1/sessions', body);
  expect(r.statusCode).toBe(201);
  return r.json().id;
}
function expectError(r: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(r.statusCode).toBe(status);
  const b = r.json() as Record<string, unknown>;
  expect(b.code).toBe(code);
  expect(typeof b.message).toBe('string');
  expect(typeof b.requestId).toBe('string');
  return b;
}
const UNKNOWN = '00000000-0000-4000-8000-999999999999';

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
    await setup();
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

describe('sessions', () => {
  it('201 new, 200 reused for the same idle workDir, fields at the top level', async () => {
    await setup();
    const a = await post('/v1/sessions', { workDir: '/tmp/w1', prompt: 'hello' });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({
      workDir: '/tmp/w1',
      status: 'idle',
      reused: false,
      promptDelivery: { delivered: true, attempts: 1, pending: false },
    });
    const b = await post('/v1/sessions', { workDir: '/tmp/w1' });
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ id: a.json().id, reused: true, promptDelivery: null });
  });
  it('the seed alias POST /sessions works and is marked deprecated', async () => {
    await setup();
    const r = await post('/sessions', { workDir: '/tmp/w2' });
    expect(r.statusCode).toBe(201);
    expect(r.headers.deprecation).toBe('true');
  });
  it('400 on zod failures with the issues; 400 INVALID_WORKDIR from core', async () => {
    await setup();
    const b = expectError(await post('/v1/sessions', {}), 400, 'INVALID_INPUT');
    expect(JSON.stringify(b.details)).toContain('workDir');
    expectError(await post('/v1/sessions', { workDir: '/tmp/w', bogus: 1 }), 400, 'INVALID_INPUT');
    expectError(await post('/v1/sessions', { workDir: 42 }), 400, 'INVALID_INPUT');
    expectError(await post('/v1/sessions', { workDir: '/tmp/w', permissionMode: 'yolo' }), 400, 'INVALID_INPUT');
    expectError(await post('/v1/sessions', { workDir: '/nonexistent/x' }), 400, 'INVALID_WORKDIR');
  });
  it('malformed JSON → 400, wrong content type → 415, body over 1 MB → 413', async () => {
    await setup();
    expectError(
      await app.inject({
        method: 'POST',
        url: '/v1/sessions',
        payload: '{"workDir":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'INVALID_INPUT',
    );
    expectError(
      await app.inject({
        method: 'POST',
        url: '/v1/sessions',
        payload: '<a/>',
        headers: { 'content-type': 'application/xml' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(
      await post('/v1/sessions', { workDir: '/tmp/w', prompt: 'x'.repeat(1_100_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });
  it('lists with filters and pagination', async () => {
    await setup();
    for (const w of ['/tmp/alpha', '/tmp/beta', '/tmp/ALPHA2']) await created({ workDir: w });
    const r = (await get('/v1/sessions?project=alpha&limit=1&page=2')).json();
    expect(r.pagination).toEqual({ page: 2, limit: 1, total: 2, totalPages: 2 });
    expect(r.sessions).toHaveLength(1);
    expect((await get('/v1/sessions?status=working')).json().sessions).toHaveLength(0);
    expectError(await get('/v1/sessions?limit=0'), 400, 'INVALID_INPUT');
    expectError(await get('/v1/sessions?page=abc'), 400, 'INVALID_INPUT');
  });
  it('GET one: status at the top level, pending prompt details and action hints; 404 unknown', async () => {
    await setup();
    const id = await created();
    expect((await get(`/v1/sessions/${id}`)).json()).toMatchObject({
      id,
      status: 'idle',
      actionHints: null,
      pendingPermission: null,
    });
    m.set(id, {
      status: 'permission_prompt',
      pendingPrompt: { id: 'p1', kind: 'permission_prompt', options: [], viaHook: true },
    });
    const d = (await get(`/v1/sessions/${id}`)).json();
    expect(d.status).toBe('permission_prompt');
    expect(d.pendingPermission).toMatchObject({ promptId: 'p1' });
    expect(d.actionHints.approve).toEqual({
      method: 'POST',
      url: `/v1/sessions/${id}/approve`,
      body: { promptId: 'p1' },
    });
    expectError(await get(`/v1/sessions/${UNKNOWN}`), 404, 'SESSION_NOT_FOUND');
  });
  it('DELETE kills (200), a second DELETE is 404', async () => {
    await setup();
    const id = await created();
    expect((await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}` })).json()).toEqual({ ok: true });
    expectError(await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}` }), 404, 'SESSION_NOT_FOUND');
    expectError(await app.inject({ method: 'DELETE', url: `/v1/sessions/${UNKNOWN}` }), 404, 'SESSION_NOT_FOUND');
  });
  it('batch: 201 with per-item results; 400 when empty', async () => {
    await setup();
    const r = await post('/v1/sessions/batch', {
      sessions: [{ workDir: '/tmp/b1', prompt: 'go' }, { workDir: '/nonexistent' }],
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      created: 1,
      failed: 1,
      sessions: [
        { ok: true, session: { workDir: '/tmp/b1', promptDelivery: { pending: true } } },
        { ok: false, error: { code: 'INVALID_WORKDIR' } },
      ],
    });
    expectError(await post('/v1/sessions/batch', { sessions: [] }), 400, 'INVALID_INPUT');
  });
});

describe('actions', () => {
  it('send: 200 delivered, 202 queued, 504 unconfirmed, 400 empty, 404 unknown, 410 ended', async () => {
    await setup();
    const id = await created();
    const ok = await post(`/v1/sessions/${id}/send`, { text: 'hi' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ delivered: true, attempts: 1, queued: false });
    expectError(await post(`/v1/sessions/${id}/send`, { text: 'unconfirmed' }), 504, 'DELIVERY_UNCONFIRMED');
    expectError(await post(`/v1/sessions/${id}/send`, { text: '' }), 400, 'INVALID_INPUT');
    expectError(await post(`/v1/sessions/${id}/send`, {}), 400, 'INVALID_INPUT');
    m.set(id, { status: 'working' });
    const q = await post(`/v1/sessions/${id}/send`, { text: 'later' });
    expect(q.statusCode).toBe(202);
    expect(q.json()).toMatchObject({ queued: true, delivered: false, position: 1 });
    expectError(await post(`/v1/sessions/${UNKNOWN}/send`, { text: 'x' }), 404, 'SESSION_NOT_FOUND');
    await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}` });
    expectError(await post(`/v1/sessions/${id}/send`, { text: 'x' }), 410, 'SESSION_EXITED');
  });
  it('approve/reject/answer: 409 without a prompt, 200 with one (empty bodies allowed)', async () => {
    await setup();
    const id = await created();
    for (const a of ['approve', 'reject']) expectError(await post(`/v1/sessions/${id}/${a}`), 409, 'NOT_IN_DIALOG');
    expectError(await post(`/v1/sessions/${id}/answer`, { text: ['x'] }), 409, 'NOT_IN_DIALOG');
    const open = () =>
      m.set(id, {
        status: 'permission_prompt',
        pendingPrompt: { id: 'p1', kind: 'permission_prompt', options: [], viaHook: false },
      });
    open();
    const r = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/approve`,
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ action: 'approve', promptId: 'p1' });
    open();
    expect((await post(`/v1/sessions/${id}/reject`, { message: 'no', promptId: 'p1' })).json()).toMatchObject({
      action: 'reject',
    });
    open();
    expect((await post(`/v1/sessions/${id}/answer`, { options: [['yes']] })).statusCode).toBe(200);
    expect(m.answers.slice(-3).map((a) => a.input)).toEqual([
      { action: 'approve' },
      { action: 'reject', message: 'no', promptId: 'p1' },
      { action: 'answer', options: [['yes']] },
    ]);
    expectError(await post(`/v1/sessions/${id}/approve`, { always: 'yes' }), 400, 'INVALID_INPUT');
  });
  it('interrupt, escape, keys', async () => {
    await setup();
    const id = await created();
    expect((await post(`/v1/sessions/${id}/interrupt`)).json()).toMatchObject({ action: 'interrupt', sent: true });
    expect((await post(`/v1/sessions/${id}/escape`)).json()).toMatchObject({ action: 'escape' });
    expect((await post(`/v1/sessions/${id}/keys`, { keys: ['Down', 'Enter'] })).statusCode).toBe(200);
    expectError(await post(`/v1/sessions/${id}/keys`, { keys: ['rm -rf /'] }), 400, 'INVALID_INPUT');
    expectError(await post(`/v1/sessions/${UNKNOWN}/interrupt`), 404, 'SESSION_NOT_FOUND');
  });
});

describe('reads', () => {
  it('read: parsed entries, a stable cursor, never consuming', async () => {
    await setup();
    const id = await created();
    const a = (await get(`/v1/sessions/${id}/read`)).json();
    expect(a.entries.map((e: { id: string }) => e.id)).toEqual(['e1', 'e2']);
    expect(a.cursor).toBe('e2');
    expect((await get(`/v1/sessions/${id}/read`)).json().entries).toHaveLength(2);
    expect((await get(`/v1/sessions/${id}/read?after=e1`)).json().entries).toHaveLength(1);
    expectError(await get(`/v1/sessions/${id}/read?limit=9999`), 400, 'INVALID_INPUT');
    expectError(await get(`/v1/sessions/${UNKNOWN}/read`), 404, 'SESSION_NOT_FOUND');
  });
  it('pane and summary', async () => {
    await setup();
    const id = await created();
    expect((await get(`/v1/sessions/${id}/pane`)).json()).toMatchObject({
      sessionId: id,
      pane: expect.stringContaining('hi there'),
    });
    expect((await get(`/v1/sessions/${id}/summary`)).json()).toMatchObject({
      sessionId: id,
      status: 'idle',
      lastAssistantText: 'hi there',
    });
    expectError(await get(`/v1/sessions/${UNKNOWN}/pane`), 404, 'SESSION_NOT_FOUND');
    expectError(await get(`/v1/sessions/${UNKNOWN}/summary`), 404, 'SESSION_NOT_FOUND');
  });
});

describe('screenshot', () => {
  it('base64 PNG in JSON, image/png with Accept, the pane as PNG', async () => {
    const renderer = fakeRenderer();
    await setup({}, renderer);
    const id = await created();
    const j = await post(`/v1/sessions/${id}/screenshot`, { url: 'http://127.0.0.1:1/x' });
    expect(j.json()).toMatchObject({
      mimeType: 'image/png',
      data: Buffer.from('89504e470d0a1a0a', 'hex').toString('base64'),
    });
    const p = await post(`/v1/sessions/${id}/screenshot`, { url: 'http://127.0.0.1:1/x' }, { accept: 'image/png' });
    expect(p.headers['content-type']).toBe('image/png');
    expect(p.rawPayload.subarray(0, 4).toString('hex')).toBe('89504e47');
    const pane = await get(`/v1/sessions/${id}/pane.png`);
    expect(pane.headers['content-type']).toBe('image/png');
    expect(renderer.calls.at(-1)).toContain('hi there');
  });
  it('400 for non-http URLs, 404 unknown session, 501 without Chromium', async () => {
    await setup({}, fakeRenderer(false));
    const id = await created();
    expect(
      expectError(await post(`/v1/sessions/${id}/screenshot`, { url: 'file:///etc/passwd' }), 400, 'URL_NOT_ALLOWED')
        .details,
    ).toMatchObject({ reason: expect.stringMatching(/scheme file:/) });
    expectError(
      await post(`/v1/sessions/${id}/screenshot`, { url: 'http://0xa9fea9fe/latest/meta-data/' }),
      400,
      'URL_NOT_ALLOWED',
    );
    expectError(await post(`/v1/sessions/${id}/screenshot`, { url: 'http://x', width: 99999 }), 400, 'INVALID_INPUT');
    expectError(
      await post(`/v1/sessions/${UNKNOWN}/screenshot`, { url: 'http://127.0.0.1/' }),
      404,
      'SESSION_NOT_FOUND',
    );
    expectError(await post(`/v1/sessions/${id}/screenshot`, { url: 'http://127.0.0.1/' }), 501, 'NOT_IMPLEMENTED');
    expectError(await get(`/v1/sessions/${id}/pane.png`), 501, 'NOT_IMPLEMENTED');
  });
});

describe('screenshot URL policy', () => {
  it('loopback and private pages by default; refused with screenshotAllowPrivate: false; metadata never', async () => {
    const renderer = fakeRenderer();
    await setup({ screenshotAllowPrivate: false }, renderer);
    const id = await created();
    for (const url of ['http://127.0.0.1:3000/', 'http://[::1]/', 'http://10.0.0.1/', 'http://192.168.1.1/'])
      expect(
        expectError(await post(`/v1/sessions/${id}/screenshot`, { url }), 400, 'URL_NOT_ALLOWED').details,
      ).toMatchObject({ reason: expect.stringMatching(/private addresses are not allowed/) });
    expect(renderer.calls).toEqual([]);
    await app.close();
    await setup({}, renderer);
    const id2 = await created();
    expect((await post(`/v1/sessions/${id2}/screenshot`, { url: 'http://127.0.0.1:3000/' })).statusCode).toBe(200);
    expectError(
      await post(`/v1/sessions/${id2}/screenshot`, { url: 'http://[::ffff:a9fe:a9fe]/' }),
      400,
      'URL_NOT_ALLOWED',
    );
  });
});

describe('screenshot failures', () => {
  it('a browser failure is 502 RENDER_FAILED, never a 500', async () => {
    const boom = async (): Promise<Buffer> => {
      throw new Error('net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/\ncall log …');
    };
    await setup({}, { available: () => true, screenshot: boom, renderText: boom });
    const id = await created();
    const b = expectError(
      await post(`/v1/sessions/${id}/screenshot`, { url: 'http://127.0.0.1:1/' }),
      502,
      'RENDER_FAILED',
    );
    expect(b.message).not.toContain('call log');
    expectError(await get(`/v1/sessions/${id}/pane.png`), 502, 'RENDER_FAILED');
  });
});

describe('errors', () => {
  it('every route but health and sign-out needs the token; every session (pipeline, key) route 404s for an unknown id', async () => {
    await setup({ authToken: 't', allowShellMode: true });
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
    await setup();
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

describe('commands: a send is a message, commands have their own routes', () => {
  it('refuses a send starting with / or ! (400 INPUT_NOT_LITERAL), nothing sent', async () => {
    await setup();
    const id = await created();
    for (const text of ['/help me', '!touch bang.txt', '  /compact'])
      expectError(await post(`/v1/sessions/${id}/send`, { text }), 400, 'INPUT_NOT_LITERAL');
    expect(m.sent).toEqual([]);
    expect((await post(`/v1/sessions/${id}/send`, { text: '# a heading, @a file, ? a question' })).statusCode).toBe(
      200,
    );
  });
  it('POST /command runs a slash command and returns the screen; a non-command is 400', async () => {
    await setup();
    const id = await created();
    const r = await post(`/v1/sessions/${id}/command`, { command: '/compact' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ screen: 'ran /compact' });
    expectError(await post(`/v1/sessions/${id}/command`, { command: 'compact' }), 400, 'INVALID_INPUT');
    expectError(await post(`/v1/sessions/${id}/command`, { command: '/a\n/b' }), 400, 'INVALID_INPUT');
  });
  it('POST /bash is 403 SHELL_MODE_DISABLED unless allowShellMode', async () => {
    await setup();
    const id = await created();
    expectError(await post(`/v1/sessions/${id}/bash`, { command: 'ls' }), 403, 'SHELL_MODE_DISABLED');
    expect(m.commands).toEqual([]);
    await app.close();
    await setup({ allowShellMode: true });
    const id2 = await created();
    const r = await post(`/v1/sessions/${id2}/bash`, { command: 'ls' });
    expect(r.statusCode).toBe(200);
    expect(m.commands).toEqual([{ id: id2, kind: 'shell', command: 'ls' }]);
  });
});
