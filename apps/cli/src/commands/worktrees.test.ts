import { describe, expect, it } from 'vitest';
import { useFakeServer } from '../testing/fake-server.js';
import { cli } from '../testing/run-cli.js';

const fakeServer = useFakeServer();

const part = (path: string, diff = '') => ({
  files: [{ path, additions: 1, deletions: 0 }],
  additions: 1,
  deletions: 0,
  diff,
  truncated: false,
});

describe('worktree commands', () => {
  it('diff prints files and the diff; merge and commit post their bodies; kill --remove-worktree', async () => {
    const { env, requests } = await fakeServer((method, url) => {
      if (url.includes('/diff'))
        return [
          200,
          {
            branch: 'aegis/a',
            base: { ref: 'main', commit: 'c' },
            head: 'h',
            committed: part('x.txt', '+x\n'),
            uncommitted: part('a.txt', '+a\n'),
            summary: '2 files changed',
          },
        ];
      if (url.endsWith('/commit')) return [200, { commit: 'abc', files: ['a.txt'] }];
      if (url.endsWith('/merge'))
        return [
          409,
          {
            code: 'MERGE_CONFLICT',
            message: 'aegis/a conflicts with main in 1 file(s): a.txt',
            details: { files: ['a.txt'] },
            requestId: '1',
          },
        ];
      return [200, method === 'DELETE' ? { ok: true } : { worktrees: [] }];
    });
    const d = await cli(['diff', 's1'], env);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('aegis/a against main: 2 files changed');
    expect(d.stdout).toMatch(/uncommitted:\nFILE\s+\+\s+-\na\.txt\s+1\s+0/);
    expect(d.stdout).toContain('+a\n');
    expect((await cli(['diff', 's1', '--stat'], env)).code).toBe(0);
    expect((await cli(['commit', 's1', '-m', 'work'], env)).stdout).toBe('committed 1 file(s): abc\n');
    const m = await cli(['merge', 's1', '--into', 'main', '--strategy', 'squash'], env);
    expect(m.code).not.toBe(0);
    expect(m.stderr).toContain('MERGE_CONFLICT');
    expect((await cli(['merge', 's1', '--strategy', 'octopus'], env)).stderr).toContain('INVALID_INPUT');
    expect((await cli(['kill', 's1', '--remove-worktree', '--force'], env)).stdout).toBe(
      'killed s1 and removed its worktree\n',
    );
    expect((await cli(['worktrees', 'prune', '--dry-run'], env)).stdout).toBe('no worktrees of ended sessions\n');
    expect(requests.map(([method, url, body]) => [method, url, body])).toEqual([
      ['GET', '/v1/sessions/s1/diff', undefined],
      ['GET', '/v1/sessions/s1/diff?stat=true', undefined],
      ['POST', '/v1/sessions/s1/commit', { message: 'work' }],
      ['POST', '/v1/sessions/s1/merge', { strategy: 'squash', into: 'main' }],
      ['DELETE', '/v1/sessions/s1?removeWorktree=true&force=true', undefined],
      ['POST', '/v1/worktrees/prune', { dryRun: true, force: false }],
    ]);
  });

  it('create --worktree asks for isolation', async () => {
    const { env, requests } = await fakeServer(() => [
      201,
      { id: 's2', status: 'idle', workDir: '/wt/repo/x', reused: false, promptDelivery: null },
    ]);
    const r = await cli(['create', '/repo', '--worktree', '--branch', 'feat/x', '--base', 'dev', '--name', 'x'], env);
    expect(r.stdout).toBe('created s2 (idle) in /wt/repo/x\n');
    expect(requests[0]![2]).toEqual({
      workDir: '/repo',
      name: 'x',
      isolation: 'worktree',
      branch: 'feat/x',
      baseRef: 'dev',
    });
  });
});
