import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_VERSIONS, tempDir } from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, startHarness, type Harness } from './testing/dashboard-harness.js';

// The newest pinned Claude Code, driven from the browser (Debian's chromium; CI installs it).
const VERSION = CLAUDE_VERSIONS.at(-1)!;

describe.skipIf(!existsSync(CHROMIUM))(`the dashboard in headless Chromium, Claude Code ${VERSION}`, () => {
  let h: Harness;
  const until = async (id: string, want: string, timeout = 45_000) =>
    expect
      .poll(async () => (await h.call('GET', `/v1/sessions/${id}`)).body.status, { timeout, interval: 200 })
      .toBe(want);
  const humanTexts = () => h.fake.prompts().map((p) => p.humanText);

  beforeAll(async () => {
    h = await startHarness(VERSION);
  }, 120_000);
  afterAll(async () => h?.close(), 60_000);

  it('lists a new session within a second, follows its status live, and its terminal shows the reply', async () => {
    const { page } = await h.page();
    await page.goto(h.server.url + '/');
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    const workDir = await tempDir('aegis-web-list-');
    const created = await h.call('POST', '/v1/sessions', {
      workDir,
      prompt: 'hello from the dashboard test',
      promptWaitMs: 0,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const row = page.locator(`tr[data-session="${id}"]`);
    await row.waitFor({ timeout: 1000 });
    // working → idle without a reload
    await row.locator('[data-status="idle"]').waitFor({ timeout: 45_000 });
    await h.shot(page, 'list');
    await row.getByRole('link').click();
    await page
      .locator('.xterm-accessibility')
      .getByText('Hello from the fake model.')
      .first()
      .waitFor({ timeout: 15_000 });
    await page.locator('.transcript').getByText('Hello from the fake model.').first().waitFor();
    await h.shot(page, 'session');
  });

  it('a permission prompt shows Approve; clicking it runs the command and the banner goes', async () => {
    const workDir = await tempDir('aegis-web-approve-');
    const { body } = await h.call('POST', '/v1/sessions', { workDir, prompt: 'KWBASH from the page', reuse: false });
    const { page } = await h.page();
    await page.goto(`${h.server.url}/s/${body.id}`);
    const approve = page.getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor({ timeout: 45_000 });
    await h.shot(page, 'permission');
    await approve.click();
    await until(body.id, 'idle');
    expect(existsSync(join(workDir, 'out.txt'))).toBe(true);
    await approve.waitFor({ state: 'detached', timeout: 10_000 });
    await h.shot(page, 'approved');
  });

  it('a question is answered by clicking its option', async () => {
    const workDir = await tempDir('aegis-web-ask-');
    const { body } = await h.call('POST', '/v1/sessions', { workDir, prompt: 'KWASK from the page', reuse: false });
    const { page } = await h.page();
    await page.goto(`${h.server.url}/s/${body.id}`);
    const red = page.locator('.banner').getByRole('button', { name: 'Red' });
    await red.waitFor({ timeout: 45_000 });
    await h.shot(page, 'question');
    await red.click();
    await until(body.id, 'idle');
    const last = h.fake.prompts().at(-1)!;
    expect(JSON.stringify(last.body)).toContain('Red');
    await page.locator('.banner').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('a message typed in the send box reaches the model, with its receipt; kill ends the session', async () => {
    const workDir = await tempDir('aegis-web-send-');
    const { body } = await h.call('POST', '/v1/sessions', { workDir, prompt: 'first', reuse: false });
    await until(body.id, 'idle');
    const { page } = await h.page();
    await page.goto(`${h.server.url}/s/${body.id}`);
    const box = page.getByRole('textbox', { name: 'Message to Claude' });
    await box.fill('typed in the browser');
    await page.getByRole('button', { name: 'Send' }).click();
    await page
      .getByRole('status')
      .getByText(/Message (delivered|queued)/)
      .waitFor({ timeout: 30_000 });
    await expect.poll(humanTexts, { timeout: 30_000 }).toContain('typed in the browser');
    await page.locator('.transcript').getByText('typed in the browser').first().waitFor({ timeout: 15_000 });
    await h.shot(page, 'sent');
    await page.getByRole('button', { name: 'Kill' }).click();
    await until(body.id, 'exited', 30_000);
    await page.getByText('The session has ended.').waitFor({ timeout: 10_000 });
  });

  it('on a phone (390×844, touch) the waiting list approves a prompt', async () => {
    const workDir = await tempDir('aegis-web-phone-');
    const { body } = await h.call('POST', '/v1/sessions', { workDir, prompt: 'KWBASH on a phone', reuse: false });
    const { page } = await h.page({ phone: true });
    await page.goto(`${h.server.url}/waiting`);
    const card = page.locator(`article[data-session="${body.id}"]`);
    const approve = card.getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor({ timeout: 45_000 });
    expect(await page.title()).toMatch(/^\(\d+\) Aegis$/);
    await h.shot(page, 'phone-waiting');
    await approve.tap();
    await until(body.id, 'idle');
    expect(existsSync(join(workDir, 'out.txt'))).toBe(true);
    await card.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
