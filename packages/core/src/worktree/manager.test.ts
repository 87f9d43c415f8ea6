import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AegisEvent } from '../events.js';
import { fakeManager } from '../testing/fake-manager.js';
import { sh, tempRepo } from '../testing/test-repo.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const t = await tempRepo();
  const f = await fakeManager({ worktreeRoot: t.root });
  cleanups.push(
    () => rm(t.base, { recursive: true, force: true }),
    () => rm(f.root, { recursive: true, force: true }),
    () => f.manager.shutdown(),
  );
  return { ...f, ...t, stateRoot: f.root };
}

describe('SessionManager with isolation: "worktree" (fake terminal, real git)', () => {
  it('runs the session in its own pre-trusted worktree, never reuses it, and reports the diff stat when it ends', async () => {
    const { manager, terminal, repo, root, configDir } = await setup();
    const { session, reused } = await manager.create({ workDir: repo, isolation: 'worktree', name: 'one' });
    expect(reused).toBe(false);
    expect(session.workDir).toBe(join(root, 'project', 'one'));
    expect(session.worktree).toMatchObject({ branch: 'aegis/one', baseRef: 'main', repo, path: session.workDir });
    expect(terminal.panes.size).toBe(1);
    const config = JSON.parse(await readFile(join(configDir, '.claude.json'), 'utf8'));
    expect(config.projects[session.workDir]).toEqual({ hasTrustDialogAccepted: true });

    // a plain create in the worktree folder or the repository never gets it
    const again = await manager.create({ workDir: session.workDir });
    expect(again.reused).toBe(false);
    const events: AegisEvent[] = [];
    manager.events.subscribe((e) => void events.push(e));
    await writeFile(join(session.workDir, 'a.txt'), 'a\n');
    await manager.kill(session.id);
    const ended = events.find((e) => e.type === 'session.ended' && e.sessionId === session.id);
    expect(ended?.data).toMatchObject({
      reason: 'killed',
      worktree: { branch: 'aegis/one', diffStat: '1 file changed, 1 insertion(+), 0 deletions(-)' },
    });
    expect(existsSync(session.workDir)).toBe(true); // kept by default
  });

  it('refuses bad requests with a code and leaves nothing behind', async () => {
    const { manager, terminal, repo, base } = await setup();
    await expect(manager.create({ workDir: base, isolation: 'worktree' })).rejects.toMatchObject({
      code: 'NOT_A_GIT_REPO',
    });
    await expect(manager.create({ workDir: repo, isolation: 'worktree', branch: 'main' })).rejects.toMatchObject({
      code: 'BRANCH_EXISTS',
    });
    await expect(
      manager.create({ workDir: repo, isolation: 'worktree', name: '..', branch: 'x' }),
    ).rejects.toMatchObject({ code: 'WORKTREE_PATH_INVALID' });
    await expect(manager.create({ workDir: repo, branch: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(terminal.panes.size).toBe(0);
    expect(manager.list()).toEqual([]);
    expect(sh(repo, 'branch', '--format=%(refname:short)').trim()).toBe('main');
  });

  it('removes worktree and branch again when the launch fails', async () => {
    const { manager, terminal, repo, root } = await setup();
    terminal.createWindow = async () => {
      throw new Error('tmux is gone');
    };
    await expect(manager.create({ workDir: repo, isolation: 'worktree', name: 'doomed' })).rejects.toThrow();
    expect(existsSync(join(root, 'project', 'doomed'))).toBe(false);
    expect(sh(repo, 'branch', '--format=%(refname:short)').trim()).toBe('main');
  });

  it('commits, merges, removes (refused while dirty unless forced) and prunes ended sessions', async () => {
    const { manager, repo } = await setup();
    const a = (await manager.create({ workDir: repo, isolation: 'worktree', name: 'a' })).session;
    await writeFile(join(a.workDir, 'a.txt'), 'a\n');
    await expect(manager.worktrees.merge(a.id, { strategy: 'merge' })).rejects.toMatchObject({
      code: 'WORKTREE_DIRTY',
    });
    expect(await manager.worktrees.commit(a.id, 'add a')).toMatchObject({ files: ['a.txt'] });
    expect(await manager.worktrees.merge(a.id, { strategy: 'merge' })).toMatchObject({
      merged: true,
      into: 'main',
      updatedCheckout: repo,
    });
    expect(await readFile(join(repo, 'a.txt'), 'utf8')).toBe('a\n');
    await expect(manager.worktrees.merge(a.id, { into: 'nope', strategy: 'merge' })).rejects.toMatchObject({
      code: 'REF_NOT_FOUND',
    });

    const b = (await manager.create({ workDir: repo, isolation: 'worktree', name: 'b' })).session;
    await writeFile(join(b.workDir, 'wip.txt'), 'x');
    let stopped = false;
    await expect(manager.worktrees.remove(b.id, { stop: async () => void (stopped = true) })).rejects.toMatchObject({
      code: 'WORKTREE_DIRTY',
    });
    expect(stopped).toBe(false);
    await manager.kill(a.id);
    await manager.kill(b.id);
    expect((await manager.worktrees.prune({ dryRun: true })).map((e) => [e.name, e.removed])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    const pruned = await manager.worktrees.prune();
    expect(pruned.map((e) => [e.name, e.removed, e.error?.code ?? null])).toEqual([
      ['a', true, null],
      ['b', false, 'WORKTREE_DIRTY'],
    ]);
    expect(manager.get(a.id).worktree?.removedAt).toEqual(expect.any(Number));
    await manager.worktrees.remove(b.id, { force: true });
    expect(existsSync(b.workDir)).toBe(false);
    expect(sh(repo, 'branch', '--format=%(refname:short)').trim().split('\n')).toEqual(['aegis/a', 'aegis/b', 'main']);
  });
});

describe('merges into one repository', () => {
  it('run one at a time: two sessions merged at once both land', async () => {
    const { manager, repo } = await setup();
    const ids: string[] = [];
    for (const n of ['x', 'y']) {
      const { session } = await manager.create({ workDir: repo, isolation: 'worktree', name: n });
      await writeFile(join(session.workDir, `${n}.txt`), n);
      await manager.worktrees.commit(session.id, n);
      ids.push(session.id);
    }
    const results = await Promise.all(ids.map((id) => manager.worktrees.merge(id, { strategy: 'merge' })));
    expect(results.map((r) => r.merged)).toEqual([true, true]);
    expect([await readFile(join(repo, 'x.txt'), 'utf8'), await readFile(join(repo, 'y.txt'), 'utf8')]).toEqual([
      'x',
      'y',
    ]);
  });
});
