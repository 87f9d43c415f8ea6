import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLAUDE_VERSIONS, tempDir, text, toolUse, write } from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, RESULTS, startHarness, type Harness } from './testing/dashboard-harness.js';

// The diff view of an `isolation: "worktree"` session (git does the work; the newest pinned Claude Code is enough).
const VERSION = CLAUDE_VERSIONS.at(-1)!;
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
  });

describe.skipIf(!existsSync(CHROMIUM))(`the dashboard's worktree diff, Claude Code ${VERSION}`, () => {
  let h: Harness;
  const status = async (id: string) => (await h.call('GET', `/v1/sessions/${id}`)).body.status;

  beforeAll(async () => {
    h = await startHarness(VERSION);
    // `WTWRITE <file> <word>`: Claude's Write tool puts `<word>` into `<cwd>/<file>`, then says so
    h.fake.script((ctx) => {
      const m = /WTWRITE (\S+) (\S+)/.exec(ctx.humanText ?? '');
      if (!m || ctx.kind !== 'prompt') return undefined;
      return ctx.step === 0
        ? toolUse(`Writing ${m[1]}.`, write(join(ctx.cwd ?? '/nonexistent', m[1]!), `${m[2]}\n`))
        : text(`Wrote ${m[1]}.`);
    });
  }, 120_000);
  afterAll(async () => h?.close(), 60_000);

  /** Creates a worktree session whose model writes a file, approves the Write, waits for the turn to end. */
  async function writeInWorktree(body: Record<string, unknown>) {
    const created = await h.call('POST', '/v1/sessions', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await expect.poll(() => status(id), { timeout: 60_000, interval: 250 }).toBe('permission_prompt');
    expect((await h.call('POST', `/v1/sessions/${id}/approve`, {})).status).toBe(200);
    await expect.poll(() => status(id), { timeout: 60_000, interval: 250 }).toBe('idle');
    return created.body;
  }

  it('shows the file Claude wrote as text, commits it and merges it into main from the page; a conflicting merge lists its files', async () => {
    const repo = join(await tempDir('aegis-web-wt-'), 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    await writeFile(join(repo, 'README.md'), '# repo\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'initial');
    const initial = git(repo, 'rev-parse', 'HEAD').trim();
    const created = await writeInWorktree({
      workDir: repo,
      isolation: 'worktree',
      prompt: 'WTWRITE hello.txt <b>not-html</b>',
      reuse: false,
    });
    const id = created.id as string;

    const { page } = await h.page();
    await page.goto(`${h.server.url}/s/${id}`);
    const view = page.getByRole('region', { name: 'Worktree changes' });
    await view.getByText(created.worktree.branch).waitFor({ timeout: 15_000 });
    const diff = view.locator('pre.diff');
    await diff.getByText('+<b>not-html</b>').waitFor({ timeout: 15_000 });
    expect(await view.locator('pre.diff b').count()).toBe(0); // the diff is text, never HTML
    await expect.poll(() => view.locator('.diff-files').first().innerText()).toContain('hello.txt');
    await page.screenshot({ path: join(RESULTS, 'dashboard-worktree-diff.png'), fullPage: true });

    await view.getByRole('textbox', { name: 'Commit message' }).fill('hello from the page');
    await view.getByRole('button', { name: 'Commit' }).click();
    await view
      .getByRole('status')
      .getByText(/^Committed [0-9a-f]{8} \(1 file\)$/)
      .waitFor({ timeout: 15_000 });
    await view.getByRole('button', { name: 'Merge' }).click();
    await view
      .getByRole('status')
      .getByText(/^Merged into main \(merge\)/)
      .waitFor({ timeout: 15_000 });
    expect(readFileSync(join(repo, 'hello.txt'), 'utf8')).toBe('<b>not-html</b>\n');
    await h.shot(page, 'worktree-merged');

    // a second session, from the first commit, writes the same file differently: its merge conflicts, nothing changes
    const other = await writeInWorktree({
      workDir: repo,
      isolation: 'worktree',
      baseRef: initial,
      prompt: 'WTWRITE hello.txt other',
      reuse: false,
    });
    await page.goto(`${h.server.url}/s/${other.id}`);
    const view2 = page.getByRole('region', { name: 'Worktree changes' });
    await view2.getByRole('textbox', { name: 'Commit message' }).fill('the other hello');
    await view2.getByRole('button', { name: 'Commit' }).click();
    await view2
      .getByRole('status')
      .getByText(/^Committed /)
      .waitFor({ timeout: 15_000 });
    await view2.getByRole('textbox', { name: 'Merge into' }).fill('main');
    await view2.getByRole('button', { name: 'Merge' }).click();
    const alert = view2.getByRole('alert');
    await alert.getByText('Conflicting files:').waitFor({ timeout: 15_000 });
    expect(await alert.locator('li').allInnerTexts()).toEqual(['hello.txt']);
    expect(await alert.innerText()).toContain('MERGE_CONFLICT');
    expect(readFileSync(join(repo, 'hello.txt'), 'utf8')).toBe('<b>not-html</b>\n');
    await h.shot(page, 'worktree-conflict');
  }, 240_000);
});
