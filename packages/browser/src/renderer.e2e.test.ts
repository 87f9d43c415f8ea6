import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlPolicy, type Resolver } from '@aegis/url-policy';
import { chromiumRenderer } from './index.js';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('chromiumRenderer: every request made by Node through the policy', () => {
  let site: Server;
  let port: number;
  const hosts: string[] = [];
  // a name no DNS knows: only the policy's resolver does. If Chromium resolved or connected by itself, nothing loads.
  const resolve: Resolver = async (host) =>
    host === 'app.test'
      ? [{ address: '127.0.0.1', family: 4 }]
      : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
  beforeAll(async () => {
    site = createServer((req, res) => {
      hosts.push(`${req.headers.host} ${req.url}`);
      if (req.url === '/moved') return void res.writeHead(302, { location: `http://app.test:${port}/page` }).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><img src="/pixel"><p>hi</p>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    port = (site.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => site.close(() => r())));

  it('loads a page, its redirect and its resources over the pinned address (the name only the policy resolves)', async () => {
    const r = chromiumRenderer({ executablePath: CHROMIUM, policy: urlPolicy({ allowPrivate: true, resolve }) });
    const png = await r.screenshot(`http://app.test:${port}/moved`, { width: 200, height: 100, fullPage: false });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(hosts).toEqual([`app.test:${port} /moved`, `app.test:${port} /page`, `app.test:${port} /pixel`]);
  });

  it('with private addresses closed, the same page is refused before a browser starts', async () => {
    const r = chromiumRenderer({ executablePath: CHROMIUM, policy: urlPolicy({ allowPrivate: false, resolve }) });
    await expect(
      r.screenshot(`http://app.test:${port}/page`, { width: 200, height: 100, fullPage: false }),
    ).rejects.toMatchObject({
      code: 'URL_NOT_ALLOWED',
      reason: 'app.test (127.0.0.1) is loopback: private addresses are not allowed here',
    });
  });
});
