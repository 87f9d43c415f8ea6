import { existsSync } from 'node:fs';
import { CLAUDE_VERSIONS, tempDir } from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, startHarness, type Harness } from './testing/dashboard-harness.js';

const VERSION = CLAUDE_VERSIONS.at(-1)!;
const ROOT = 'dashboard-admin-token';

describe.skipIf(!existsSync(CHROMIUM))(`the dashboard with keys, Claude Code ${VERSION}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(VERSION, { authToken: ROOT });
  }, 120_000);
  afterAll(async () => h?.close(), 60_000);

  it('asks for the key once (HttpOnly cookie); a viewer sees the terminal but cannot type or approve', async () => {
    const viewer = (await h.call('POST', '/v1/keys', { name: 'watcher', role: 'viewer' })).body.key as string;
    const workDir = await tempDir('aegis-web-viewer-');
    const { body } = await h.call('POST', '/v1/sessions', { workDir, prompt: 'KWBASH seen by a viewer', reuse: false });
    await expect
      .poll(async () => (await h.call('GET', `/v1/sessions/${body.id}`)).body.status, {
        timeout: 45_000,
        interval: 200,
      })
      .toBe('permission_prompt');

    const { page, context } = await h.page();
    await page.goto(`${h.server.url}/s/${body.id}`);
    await page.getByLabel('API key').fill(viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .locator('.xterm-accessibility')
      .getByText('Do you want to proceed?')
      .first()
      .waitFor({ timeout: 15_000 });
    const cookie = (await context.cookies()).find((c) => c.name === 'aegis_key');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).not.toContain('aegis_key'); // scripts never see it
    await page.getByText('Your key may watch, not answer.').waitFor();
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    expect(await page.getByLabel(/Take over/).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Message to Claude' }).count()).toBe(0);
    await h.shot(page, 'viewer');
    // and the API refuses the viewer's cookie for an answer, whatever the page shows
    const refused = await page.evaluate(
      (id) => fetch(`/v1/sessions/${id}/approve`, { method: 'POST' }).then((r) => r.status),
      body.id as string,
    );
    expect(refused).toBe(403);
    expect((await h.call('GET', `/v1/sessions/${body.id}`)).body.status).toBe('permission_prompt');
  });
});
