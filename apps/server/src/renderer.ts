import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpError } from './errors.js';

export interface ScreenshotOptions {
  width: number;
  height: number;
  fullPage: boolean;
}

/** Renders web pages and terminal screens to PNG. */
export interface Renderer {
  /** False when no browser is installed (routes answer 501). */
  available(): boolean;
  screenshot(url: string, o: ScreenshotOptions): Promise<Buffer>;
  /** The terminal screen as an image (monospace, dark). */
  renderText(text: string, o: { title: string }): Promise<Buffer>;
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

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML page a pane is rendered from. */
export function paneHtml(text: string, title: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>html,body{margin:0;background:#1e1e1e}pre{margin:0;padding:12px;color:#e6e6e6;font:14px/1.25 "DejaVu Sans Mono",monospace;white-space:pre}</style>
<pre>${escapeHtml(text)}</pre>`;
}

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
export function chromiumRenderer(executablePath = '/usr/bin/chromium'): Renderer {
  const available = () => executable(executablePath);
  async function withPage<T>(width: number, height: number, fn: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
    if (!available()) throw new HttpError('NOT_IMPLEMENTED', `no Chromium at ${executablePath}: install Debian's chromium package`, { executablePath });
    const { chromium } = await import('playwright-core');
    const dir = await mkdtemp(join(tmpdir(), 'aegis-chromium-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width, height },
      timeout: 30_000,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      return await fn(page);
    } finally {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  return {
    available,
    screenshot: (url, o) =>
      withPage(o.width, o.height, async (page) => {
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        return page.screenshot({ type: 'png', fullPage: o.fullPage });
      }),
    renderText: (text, o) =>
      withPage(1000, 200, async (page) => {
        await page.setContent(paneHtml(text, o.title), { waitUntil: 'load' });
        return page.screenshot({ type: 'png', fullPage: true });
      }),
  };
}
