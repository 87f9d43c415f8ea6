import { existsSync } from 'node:fs';
import { readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../io.js';
import { commitWorktree } from './commit.js';
import { createWorktree, removeWorktree, type WorktreeInfo } from './create.js';
import { diffWorktree } from './diff.js';
import { Git } from './git.js';
import { mergeWorktree } from './merge.js';
import { sh, snapshot, tempRepo } from '../testing/test-repo.js';

const d = { git: new Git(), fs: nodeFileSystem };
const bases: string[] = [];
afterEach(async () => {
  await Promise.all(bases.splice(0).map((b) => rm(b, { recursive: true, force: true })));
});

async function setup() {
  const t = await tempRepo();
  bases.push(t.base);
  return t;
}
const branches = (repo: string) => sh(repo, 'branch', '--format=%(refname:short)').trim().split('\n').sort();
const worktrees = (repo: string) =>
  sh(repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree ')).length;

async function session(
  t: { repo: string; root: string },
  name: string,
  extra: Partial<Parameters<typeof createWorktree>[1]> = {},
): Promise<WorktreeInfo> {
  return createWorktree(d, { workDir: t.repo, root: t.root, name, ...extra });
}

async function writeAndCommit(w: WorktreeInfo, file: string, text: string): Promise<void> {
  await writeFile(join(w.path, file), text);
  expect((await commitWorktree(d, w, `write ${file}`)).commit).toMatch(/^[0-9a-f]{40}$/);
}

describe('createWorktree (real git)', () => {
  it('makes <root>/<repo>/<name> on aegis/<name> from the checked-out branch', async () => {
    const t = await setup();
    const w = await session(t, 's1');
    expect(w).toMatchObject({
      path: join(t.root, 'project', 's1'),
      branch: 'aegis/s1',
      baseRef: 'main',
      repo: t.repo,
      removedAt: null,
    });
    expect(w.baseCommit).toBe(sh(t.repo, 'rev-parse', 'main').trim());
    expect(sh(w.path, 'branch', '--show-current').trim()).toBe('aegis/s1');
    expect(await readFile(join(w.path, 'README.md'), 'utf8')).toBe('# project\n');
  });

  it('works from a subfolder and uses the given branch and base', async () => {
    const t = await setup();
    sh(t.repo, 'branch', 'dev');
    await mkdir(join(t.repo, 'sub'));
    const w = await session(t, 's2', { workDir: join(t.repo, 'sub'), branch: 'feature/x', baseRef: 'dev' });
    expect(w).toMatchObject({ branch: 'feature/x', baseRef: 'dev', repo: t.repo });
  });

  it.each([
    ['not a repository', async (t: { base: string }) => ({ workDir: t.base }), 'NOT_A_GIT_REPO'],
    ['an existing branch', async () => ({ branch: 'main' }), 'BRANCH_EXISTS'],
    ['an invalid branch name', async () => ({ branch: 'bad..name' }), 'INVALID_BRANCH'],
    ['a branch starting with a dash', async () => ({ branch: '-f' }), 'INVALID_BRANCH'],
    ['an unknown base', async () => ({ baseRef: 'nope' }), 'REF_NOT_FOUND'],
    ['a name escaping the root', async () => ({ name: '..', branch: 'ok' }), 'WORKTREE_PATH_INVALID'],
    ['a relative root', async () => ({ root: 'relative/root' }), 'WORKTREE_PATH_INVALID'],
    ['an unknown mergeFrom', async () => ({ mergeFrom: ['ghost'] }), 'REF_NOT_FOUND'],
  ])('refuses %s and creates nothing', async (_what, extra, code) => {
    const t = await setup();
    const before = { branches: branches(t.repo), worktrees: worktrees(t.repo), status: snapshot(t.repo) };
    await expect(session(t, 'bad', await extra(t))).rejects.toMatchObject({ code });
    expect({ branches: branches(t.repo), worktrees: worktrees(t.repo), status: snapshot(t.repo) }).toEqual(before);
    expect(existsSync(join(t.root, 'project', 'bad'))).toBe(false);
  });

  it('refuses a repository folder symlinked out of the root', async () => {
    const t = await setup();
    await mkdir(t.root, { recursive: true });
    await mkdir(join(t.base, 'elsewhere'));
    await symlink(join(t.base, 'elsewhere'), join(t.root, 'project'));
    await expect(session(t, 's')).rejects.toMatchObject({ code: 'WORKTREE_PATH_INVALID' });
    expect(branches(t.repo)).toEqual(['main']);
  });

  it('merges mergeFrom branches in first, and removes everything when they conflict', async () => {
    const t = await setup();
    const a = await session(t, 'a');
    await writeAndCommit(a, 'a.txt', 'a\n');
    const b = await session(t, 'b');
    await writeAndCommit(b, 'b.txt', 'b\n');
    const c = await session(t, 'c', { mergeFrom: ['aegis/a', 'aegis/b'] });
    expect(existsSync(join(c.path, 'a.txt')) && existsSync(join(c.path, 'b.txt'))).toBe(true);
    expect(c.mergedFrom).toEqual(['aegis/a', 'aegis/b']);

    await writeAndCommit(a, 'notes.txt', 'from a\n');
    await writeAndCommit(b, 'notes.txt', 'from b\n');
    await expect(session(t, 'd', { mergeFrom: ['aegis/a', 'aegis/b'] })).rejects.toMatchObject({
      code: 'MERGE_CONFLICT',
      details: { files: ['notes.txt'] },
    });
    expect(branches(t.repo)).not.toContain('aegis/d');
    expect(existsSync(join(t.root, 'project', 'd'))).toBe(false);
  });
});

describe('diffWorktree (real git)', () => {
  it('keeps committed and uncommitted changes apart, untracked files included, without touching the index', async () => {
    const t = await setup();
    const w = await session(t, 's');
    await writeAndCommit(w, 'done.txt', 'one\ntwo\n');
    await writeFile(join(w.path, 'new.txt'), 'fresh\n');
    await writeFile(join(w.path, 'notes.txt'), 'line one\nline 2\n');
    const indexBefore = sh(w.path, 'status', '--porcelain');
    const diff = await diffWorktree(d, w);
    expect(diff.committed.files).toEqual([{ path: 'done.txt', additions: 2, deletions: 0 }]);
    expect(diff.committed.diff).toContain('+++ b/done.txt');
    expect(diff.uncommitted.files.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: 'new.txt', additions: 1, deletions: 0 },
      { path: 'notes.txt', additions: 1, deletions: 1 },
    ]);
    expect(diff.uncommitted.diff).toContain('+fresh');
    expect(diff.summary).toBe('3 files changed, 4 insertions(+), 1 deletion(-)');
    expect(sh(w.path, 'status', '--porcelain')).toBe(indexBefore);

    const stat = await diffWorktree(d, w, { stat: true });
    expect(stat.committed.diff).toBeUndefined();
    expect(stat.uncommitted.files).toHaveLength(2);
  });

  it('caps the unified diff at whole lines and says so', async () => {
    const t = await setup();
    const w = await session(t, 's');
    await writeFile(join(w.path, 'big.txt'), Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n'));
    const diff = await diffWorktree(d, w, { maxBytes: 1000 });
    expect(diff.uncommitted.truncated).toBe(true);
    expect(diff.uncommitted.diff!.length).toBeLessThanOrEqual(1000);
    expect(diff.uncommitted.diff!.endsWith('\n')).toBe(true);
    expect(diff.uncommitted.files).toEqual([{ path: 'big.txt', additions: 5000, deletions: 0 }]);
  });
});

describe('mergeWorktree (real git)', () => {
  const scratch = (t: { base: string }, n: string) => join(t.base, `scratch-${n}`);

  it.each(['merge', 'squash', 'rebase'] as const)(
    '%s: two sessions land in main and its checkout',
    async (strategy) => {
      const t = await setup();
      const a = await session(t, 'a');
      const b = await session(t, 'b');
      await writeAndCommit(a, 'a.txt', 'a\n');
      await writeAndCommit(b, 'b.txt', 'b\n');
      expect(existsSync(join(a.path, 'b.txt'))).toBe(false);
      const ra = await mergeWorktree(d, a, { strategy, scratchDir: scratch(t, 'a') });
      expect(ra).toMatchObject({ into: 'main', merged: true, updatedCheckout: t.repo });
      await mergeWorktree(d, b, { strategy, scratchDir: scratch(t, 'b') });
      expect(await readFile(join(t.repo, 'a.txt'), 'utf8')).toBe('a\n');
      expect(await readFile(join(t.repo, 'b.txt'), 'utf8')).toBe('b\n');
      expect(snapshot(t.repo).status).toBe('');
      expect(worktrees(t.repo)).toBe(3); // the scratch checkouts are gone
      expect(await mergeWorktree(d, a, { strategy, scratchDir: scratch(t, 'c') })).toMatchObject({ merged: false });
    },
  );

  it('reports a conflict with the files and leaves main exactly as it was', async () => {
    const t = await setup();
    const a = await session(t, 'a');
    const c = await session(t, 'c');
    await writeAndCommit(a, 'notes.txt', 'line one\nfrom a\n');
    await writeAndCommit(c, 'notes.txt', 'line one\nfrom c\n');
    await mergeWorktree(d, a, { strategy: 'merge', scratchDir: scratch(t, 'a') });
    for (const strategy of ['merge', 'squash', 'rebase'] as const) {
      const before = snapshot(t.repo);
      await expect(mergeWorktree(d, c, { strategy, scratchDir: scratch(t, strategy) })).rejects.toMatchObject({
        code: 'MERGE_CONFLICT',
        details: { files: ['notes.txt'] },
      });
      expect(snapshot(t.repo)).toEqual(before);
      expect(snapshot(c.path).status).toBe('');
    }
  });

  it('merges into a branch that is not checked out by moving the ref only', async () => {
    const t = await setup();
    sh(t.repo, 'branch', 'release');
    const a = await session(t, 'a');
    await writeAndCommit(a, 'a.txt', 'a\n');
    const before = snapshot(t.repo);
    const r = await mergeWorktree(d, a, { into: 'release', strategy: 'merge', scratchDir: scratch(t, 'a') });
    expect(r).toMatchObject({ into: 'release', merged: true, updatedCheckout: null });
    expect(sh(t.repo, 'show', 'release:a.txt')).toBe('a\n');
    expect(snapshot(t.repo)).toEqual(before);
  });

  it('refuses a missing target, a dirty main checkout and an uncommitted session', async () => {
    const t = await setup();
    const a = await session(t, 'a');
    await writeAndCommit(a, 'a.txt', 'a\n');
    await expect(
      mergeWorktree(d, a, { into: 'nope', strategy: 'merge', scratchDir: scratch(t, '1') }),
    ).rejects.toMatchObject({ code: 'REF_NOT_FOUND' });
    await writeFile(join(t.repo, 'README.md'), 'edited\n');
    const before = snapshot(t.repo);
    await expect(mergeWorktree(d, a, { strategy: 'merge', scratchDir: scratch(t, '2') })).rejects.toMatchObject({
      code: 'WORKTREE_DIRTY',
      details: { path: t.repo },
    });
    expect(snapshot(t.repo)).toEqual(before);
    sh(t.repo, 'checkout', '--', 'README.md');
    await writeFile(join(a.path, 'more.txt'), 'x');
    await expect(mergeWorktree(d, a, { strategy: 'merge', scratchDir: scratch(t, '3') })).rejects.toMatchObject({
      code: 'WORKTREE_DIRTY',
      details: { path: a.path },
    });
  });
});

describe('removeWorktree (real git)', () => {
  it('refuses uncommitted changes unless forced, and keeps the branch', async () => {
    const t = await setup();
    const w = await session(t, 's');
    await writeFile(join(w.path, 'wip.txt'), 'x');
    await expect(removeWorktree(d, w)).rejects.toMatchObject({
      code: 'WORKTREE_DIRTY',
      details: { files: ['wip.txt'] },
    });
    expect(existsSync(w.path)).toBe(true);
    await removeWorktree(d, w, { force: true });
    expect(existsSync(w.path)).toBe(false);
    expect(branches(t.repo)).toEqual(['aegis/s', 'main']);
    expect(worktrees(t.repo)).toBe(1);
  });
});

describe('racing creates (real git)', () => {
  it('two creates of one name: one wins, the loser removes nothing of it', async () => {
    const t = await setup();
    const results = await Promise.allSettled([session(t, 'same'), session(t, 'same')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: expect.stringMatching(/BRANCH_EXISTS|WORKTREE_PATH_INVALID/) },
    });
    const w = (won[0] as PromiseFulfilledResult<WorktreeInfo>).value;
    expect(existsSync(join(w.path, 'README.md'))).toBe(true);
    expect(branches(t.repo)).toEqual(['aegis/same', 'main']);
  });
});
