// Test helper (not exported): the real server on a real Claude Code and the scripted model, and a headless browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '@aegis/browser';
import type { FakeModel } from '@aegis/testkit';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { RunningServer } from '../start.js';
import { startRealServer } from './real-server.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots for reviewers: `<repo>/test-results/` (gitignored). */
export const RESULTS = new URL('../../../../test-results/', import.meta.url).pathname;

export interface Harness {
  server: RunningServer;
  fake: FakeModel;
  browser: Browser;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  page(o?: { phone?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(version: string, o: { authToken?: string } = {}): Promise<Harness> {
  const socket = `aegis-test-web-${version.replace(/\./g, '_')}-${process.pid}`;
  const real = await startRealServer({
    version,
    socket,
    ...(o.authToken ? { token: o.authToken } : {}),
    config: { promptWaitMs: 60_000 },
  });
  const { server, fake } = real;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  mkdirSync(RESULTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    server,
    fake,
    browser,
    call: (method, path, body) => real.call(method, path, body),
    async page({ phone = false } = {}) {
      const context = await browser.newContext(
        phone
          ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 }
          : { viewport: { width: 1440, height: 900 } },
      );
      contexts.push(context);
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept());
      return { context, page };
    },
    async shot(page, name) {
      await page.screenshot({ path: join(RESULTS, `dashboard-${name}.png`) });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await real.stop();
    },
  };
}
