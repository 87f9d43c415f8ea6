import { describe, expect, it } from 'vitest';
import { fakeRenderer } from './testing/stub-manager.js';
import { expectError, UNKNOWN, useTestApp } from './testing/use-test-app.js';

const { setup, post, get, created } = useTestApp();

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
    const { app } = await setup({ screenshotAllowPrivate: false }, renderer);
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
