import { describe, expect, it } from 'vitest';
import { expectError, UNKNOWN, useTestApp } from './testing/use-test-app.js';

const { setup, post, get, created } = useTestApp();

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
    const { app } = await setup();
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
    const { m } = await setup();
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
    const { app } = await setup();
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
    const { app, m } = await setup();
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
    const { app, m } = await setup();
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

describe('commands: a send is a message, commands have their own routes', () => {
  it('refuses a send starting with / or ! (400 INPUT_NOT_LITERAL), nothing sent', async () => {
    const { m } = await setup();
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
    const first = await setup();
    const id = await created();
    expectError(await post(`/v1/sessions/${id}/bash`, { command: 'ls' }), 403, 'SHELL_MODE_DISABLED');
    expect(first.m.commands).toEqual([]);
    await first.app.close();
    const { m } = await setup({ allowShellMode: true });
    const id2 = await created();
    const r = await post(`/v1/sessions/${id2}/bash`, { command: 'ls' });
    expect(r.statusCode).toBe(200);
    expect(m.commands).toEqual([{ id: id2, kind: 'shell', command: 'ls' }]);
  });
});
