import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UrlNotAllowedError, urlPolicy, type UrlPolicy } from '@aegis/url-policy';
import type { Page } from 'playwright-core';
import { BrowserUnavailableError } from './errors.js';
import { guardRequests, type Refusal } from './guarded-routing.js';
import { paneHtml } from './pane-html.js';

export interface ScreenshotOptions {
  width: number;
  height: number;
  fullPage: boolean;
}

/** Renders web pages and terminal screens to PNG. */
export interface Renderer {
  /** False when no browser is installed (servers answer 501). */
  available(): boolean;
  /** Throws `UrlNotAllowedError` when the URL, or a redirect of it, is refused; resources and frames the policy
   * refuses are left out of the picture. */
  screenshot(url: string, o: ScreenshotOptions): Promise<Buffer>;
  /** The terminal screen as an image (monospace, dark). */
  renderText(text: string, o: { title: string }): Promise<Buffer>;
}

export interface ChromiumRendererOptions {
  /** Default `/usr/bin/chromium` (Debian's package). */
  executablePath?: string;
  /** The policy every request of a page goes through. Default: private addresses allowed (the app under work
   * usually runs on localhost), link-local/metadata and unspecified ones never. */
  policy?: UrlPolicy;
  /** Per page load and per request. Default 30 s. */
  timeoutMs?: number;
}

/** Flags for Debian's `chromium`, headless and quiet (no network of its own, no GPU, no sandbox in containers). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Headless Chromium through `playwright-core` (no browser download: the system's `chromium`). Each render gets a
 * fresh `--user-data-dir`, removed afterwards.
 */
export function chromiumRenderer(o: ChromiumRendererOptions = {}): Renderer {
  const executablePath = o.executablePath ?? '/usr/bin/chromium';
  const policy = o.policy ?? urlPolicy({ allowPrivate: true });
  const timeout = o.timeoutMs ?? 30_000;
  const available = () => executable(executablePath);
  async function withPage<T>(
    width: number,
    height: number,
    fn: (page: Page, refused: Refusal[]) => Promise<T>,
  ): Promise<T> {
    if (!available()) throw new BrowserUnavailableError(executablePath);
    const { chromium } = await import('playwright-core');
    const dir = await mkdtemp(join(tmpdir(), 'aegis-chromium-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width, height },
      timeout,
      serviceWorkers: 'block',
    });
    try {
      const refused = await guardRequests(context, policy, timeout);
      const page = context.pages()[0] ?? (await context.newPage());
      return await fn(page, refused);
    } finally {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  return {
    available,
    async screenshot(url, s) {
      await policy.check(url); // a refused URL never starts a browser
      return withPage(s.width, s.height, async (page, refused) => {
        try {
          await page.goto(url, { waitUntil: 'load', timeout });
        } catch (e) {
          const main = refused.find((r) => r.mainFrame);
          if (main)
            throw new UrlNotAllowedError(
              url,
              main.url === url ? main.reason : `redirected to ${main.url}: ${main.reason}`,
            );
          throw e;
        }
        return page.screenshot({ type: 'png', fullPage: s.fullPage });
      });
    },
    renderText: (text, t) =>
      withPage(1000, 200, async (page) => {
        await page.setContent(paneHtml(text, t.title), { waitUntil: 'load' });
        return page.screenshot({ type: 'png', fullPage: true });
      }),
  };
}
