import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp } from '../testing/stub-manager.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
  });
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function setup() {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'aegis-srv-wt-')));
  dirs.push(base);
  const repo = join(base, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  await writeFile(join(repo, 'notes.txt'), 'one\ntwo\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'initial');
  const { app, m } = await testApp();
  dirs.push(m.worktrees.root);
  const create = async (name: string, extra: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { workDir: repo, isolation: 'worktree', name, ...extra },
    });
  return { app, m, repo, base, create };
}

describe('worktree routes (real git)', () => {
  it('create → diff → commit → merge, and 409 MERGE_CONFLICT with main unchanged', async () => {
    const { app, repo, create } = await setup();
    const a = (await create('a')).json();
    const b = (await create('b')).json(); // from the same base: its a.txt will conflict
    expect(a.worktree).toMatchObject({ branch: 'aegis/a', baseRef: 'main', repo });
    await writeFile(join(a.workDir, 'a.txt'), 'hello\n');
    const diff = (await app.inject({ method: 'GET', url: `/v1/sessions/${a.id}/diff` })).json();
    expect(diff.uncommitted.files).toEqual([{ path: 'a.txt', additions: 1, deletions: 0 }]);
    expect(diff.uncommitted.diff).toContain('+hello');
    expect(diff.committed.files).toEqual([]);
    const stat = (await app.inject({ method: 'GET', url: `/v1/sessions/${a.id}/diff?stat=true` })).json();
    expect(stat.uncommitted.diff).toBeUndefined();
    expect(stat.summary).toBe('1 file changed, 1 insertion(+), 0 deletions(-)');

    const dirty = await app.inject({ method: 'POST', url: `/v1/sessions/${a.id}/merge`, payload: {} });
    expect(dirty.statusCode).toBe(409);
    expect(dirty.json().code).toBe('WORKTREE_DIRTY');
    const c = await app.inject({ method: 'POST', url: `/v1/sessions/${a.id}/commit`, payload: { message: 'add a' } });
    expect(c.json()).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), files: ['a.txt'] });
    const merged = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${a.id}/merge`,
      payload: { strategy: 'squash' },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ into: 'main', merged: true, updatedCheckout: repo });
    expect(await readFile(join(repo, 'a.txt'), 'utf8')).toBe('hello\n');

    await writeFile(join(b.workDir, 'a.txt'), 'other\n');
    await app.inject({ method: 'POST', url: `/v1/sessions/${b.id}/commit`, payload: { message: 'b' } });
    const head = git(repo, 'rev-parse', 'HEAD');
    const conflict = await app.inject({ method: 'POST', url: `/v1/sessions/${b.id}/merge`, payload: { into: 'main' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'MERGE_CONFLICT', details: { files: ['a.txt'] } });
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    await app.close();
  });

  it('bad input: 4xx with the reason, nothing created', async () => {
    const { app, m, repo, base, create } = await setup();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ workDir: base }, 400, 'NOT_A_GIT_REPO'],
      [{ branch: 'main' }, 409, 'BRANCH_EXISTS'],
      [{ branch: 'a b' }, 400, 'INVALID_BRANCH'],
      [{ name: '..', branch: 'x' }, 400, 'WORKTREE_PATH_INVALID'],
      [{ baseRef: 'ghost' }, 400, 'REF_NOT_FOUND'],
    ];
    for (const [extra, status, code] of cases) {
      const r = await create('bad', extra);
      expect([r.statusCode, r.json().code]).toEqual([status, code]);
      expect(r.json().message).toBeTruthy();
    }
    expect(m.list()).toEqual([]);
    expect(git(repo, 'branch', '--format=%(refname:short)').trim()).toBe('main');
    expect(existsSync(join(m.worktrees.root, 'repo', 'bad'))).toBe(false);

    const s = (await create('s')).json();
    const missing = await app.inject({ method: 'POST', url: `/v1/sessions/${s.id}/merge`, payload: { into: 'nope' } });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'REF_NOT_FOUND']);
    expect(
      (await app.inject({ method: 'POST', url: `/v1/sessions/${s.id}/merge`, payload: { strategy: 'octopus' } }))
        .statusCode,
    ).toBe(400);
    const plain = (await app.inject({ method: 'POST', url: '/v1/sessions', payload: { workDir: base } })).json();
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${plain.id}/diff` })).json().code).toBe('NO_WORKTREE');
    await app.close();
  });

  it('DELETE keeps the worktree by default; removeWorktree refuses a dirty one unless force; prune removes ended ones', async () => {
    const { app, m, create } = await setup();
    const a = (await create('a')).json();
    const b = (await create('b')).json();
    await writeFile(join(b.workDir, 'wip.txt'), 'x');
    expect((await app.inject({ method: 'DELETE', url: `/v1/sessions/${a.id}` })).statusCode).toBe(200);
    expect(existsSync(a.workDir)).toBe(true);
    const refused = await app.inject({ method: 'DELETE', url: `/v1/sessions/${b.id}?removeWorktree=true` });
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'WORKTREE_DIRTY']);
    expect(m.get(b.id).endedAt).toBeNull(); // refused before the kill
    const listed = (await app.inject({ method: 'POST', url: '/v1/worktrees/prune', payload: { dryRun: true } })).json();
    expect(listed.worktrees.map((w: { name: string; removed: boolean }) => [w.name, w.removed])).toEqual([
      ['a', false],
    ]);
    expect((await app.inject({ method: 'POST', url: '/v1/worktrees/prune' })).json().worktrees[0]).toMatchObject({
      name: 'a',
      removed: true,
    });
    expect(existsSync(a.workDir)).toBe(false);
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/sessions/${b.id}?removeWorktree=true&force=true` })).statusCode,
    ).toBe(200);
    expect(existsSync(b.workDir)).toBe(false);
    expect(m.get(b.id).endedAt).not.toBeNull();
    await app.close();
  });
});
