// Test helper (not exported): the real server on a real Claude Code and the scripted model, and a headless browser.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '@aegis/browser';
import {
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parseConfig } from '../config.js';
import { startServer, type RunningServer } from '../start.js';

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
  const fake = await startFakeModel();
  const configDir = await createClaudeConfigDir({ version });
  const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
  const stateDir = await tempDir('aegis-web-state-');
  const config = parseConfig({
    port: 0,
    host: '127.0.0.1',
    stateDir,
    tmuxSocket: socket,
    claudeBin: claudeBinary(version),
    promptWaitMs: 60_000,
    ...(o.authToken ? { authToken: o.authToken } : {}),
  });
  const server = await startServer(config, { env, logger: false, warn: () => undefined });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  mkdirSync(RESULTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    server,
    fake,
    browser,
    async call(method, path, body) {
      const res = await fetch(server.url + path, {
        method,
        headers: {
          ...(o.authToken ? { authorization: `Bearer ${o.authToken}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
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
      await server.manager.shutdown({ killSessions: true }).catch(() => undefined);
      await server.close().catch(() => undefined);
      try {
        execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
      } catch {
        /* already gone */
      }
      rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
      await fake.close();
    },
  };
}
