import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { chromiumRenderer } from '@aegis/browser';
import { testApp } from './testing/stub-manager.js';

const CHROMIUM = '/usr/bin/chromium';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

// Needs Debian's chromium (CI installs it); without it the 501 path is covered by routes.test.ts.
describe.skipIf(!existsSync(CHROMIUM))('screenshots in real headless Chromium', () => {
  let site: Server;
  let siteUrl: string;
  let app: FastifyInstance;
  let id: string;

  beforeAll(async () => {
    site = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><title>t</title><body style="margin:0;background:${req.url === '/red' ? '#f00' : '#00f'}"><div style="height:${req.url === '/tall' ? 3000 : 10}px">hello</div></body>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    const t = await testApp({}, chromiumRenderer({ executablePath: CHROMIUM }));
    app = t.app;
    id = (await t.m.create({ workDir: '/tmp/shot' })).session.id;
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((r) => site?.close(r));
  });

  it('renders a page served on 127.0.0.1 (JSON base64, then image/png, full page)', async () => {
    const j = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/screenshot`,
      payload: { url: `${siteUrl}/red`, width: 640, height: 480 },
    });
    expect(j.statusCode).toBe(200);
    const red = Buffer.from(j.json().data, 'base64');
    expect(pngSize(red)).toEqual({ width: 640, height: 480 });
    const p = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/screenshot`,
      payload: { url: `${siteUrl}/blue`, width: 640, height: 480 },
      headers: { accept: 'image/png' },
    });
    expect(p.headers['content-type']).toBe('image/png');
    expect(pngSize(p.rawPayload)).toEqual({ width: 640, height: 480 });
    expect(p.rawPayload.equals(red)).toBe(false);
    const tall = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/screenshot`,
      payload: { url: `${siteUrl}/tall`, width: 640, height: 480, fullPage: true },
    });
    expect(pngSize(Buffer.from(tall.json().data, 'base64')).height).toBeGreaterThanOrEqual(3000);
  });

  it('renders the pane as an image', async () => {
    const r = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/pane.png` });
    expect(r.statusCode).toBe(200);
    expect(pngSize(r.rawPayload).width).toBeGreaterThan(100);
  });

  it('a page that cannot load is a clear error, not a crash', async () => {
    const r = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/screenshot`,
      payload: { url: 'http://127.0.0.1:1/' },
    });
    expect(r.statusCode).toBe(502);
    expect(r.json()).toMatchObject({
      code: 'RENDER_FAILED',
      message: expect.stringContaining('could not be rendered'),
    });
  });
});
