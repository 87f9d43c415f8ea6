import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, text, toolUse, write, type FakeModel } from '@aegis/testkit';
import type { SessionManager, SessionInfo } from '../index.js';
import { startRealClaude, stopRealClaude, TempFolders, type RealClaude } from '../testing/real-claude.js';

// Worktree isolation does not depend on the CLI version (git does the work; Claude only writes in its folder):
// the newest pinned version is enough.
const VERSION = CLAUDE_VERSIONS.at(-1)!;

const folders = new TempFolders();
const tempDir = (prefix: string) => folders.make(prefix);
afterAll(() => folders.removeAll());

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
  });
const read = (path: string) => readFileSync(path, 'utf8');

describe(`worktree isolation on Claude Code ${VERSION}`, () => {
  let fake: FakeModel;
  let manager: SessionManager;
  let repo: string;
  let initial: string;
  let claude: RealClaude | undefined;
  const socket = `aegis-test-wt-${VERSION.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    const base = await tempDir('aegis-wt-e2e-');
    repo = join(base, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    await writeFile(join(repo, 'README.md'), '# repo\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'initial');
    initial = git(repo, 'rev-parse', 'HEAD').trim();
    claude = await startRealClaude({
      version: VERSION,
      socket,
      stateDir: join(base, 'state'),
      folders,
      options: { worktreeRoot: join(base, 'worktrees'), pipelines: { pollMs: 250 } },
    });
    ({ fake, manager } = claude);
    // `WTWRITE <file> <word>`: Claude's Write tool puts `<word>` into `<cwd>/<file>`, then says so
    fake.script((ctx) => {
      const m = /WTWRITE (\S+) (\S+)/.exec(ctx.humanText ?? '');
      if (!m || ctx.kind !== 'prompt') return undefined;
      return ctx.step === 0
        ? toolUse(`Writing ${m[1]}.`, write(join(ctx.cwd ?? '/nonexistent', m[1]!), `${m[2]}\n`))
        : text(`Wrote ${m[1]}.`);
    });
  });
  afterAll(() => stopRealClaude(claude, socket));

  /** Approves the Write permission prompt (default mode asks), then waits for the turn to end. */
  async function approveAndFinish(s: SessionInfo): Promise<void> {
    expect(await manager.waitFor(s.id, 'permission_prompt', 60_000), await manager.pane(s.id)).toBe(true);
    expect((await manager.approve(s.id)).sent).toBe(true);
    expect(await manager.waitFor(s.id, 'idle', 60_000), await manager.pane(s.id)).toBe(true);
  }

  it('two isolated sessions write in parallel, see only their own file, review, merge into main; a third conflicts', async () => {
    const t0 = Date.now();
    const [a, b] = await Promise.all(
      ['a', 'b'].map(
        async (n) =>
          (
            await manager.create({
              workDir: repo,
              isolation: 'worktree',
              name: `wt-${n}`,
              prompt: `WTWRITE ${n}.txt from-${n}`,
            })
          ).session,
      ),
    );
    const createMs = Date.now() - t0;
    await Promise.all([approveAndFinish(a!), approveAndFinish(b!)]);
    expect(read(join(a!.workDir, 'a.txt'))).toBe('from-a\n');
    expect(read(join(b!.workDir, 'b.txt'))).toBe('from-b\n');
    expect(existsSync(join(a!.workDir, 'b.txt'))).toBe(false);
    expect(existsSync(join(b!.workDir, 'a.txt'))).toBe(false);
    expect(existsSync(join(repo, 'a.txt')) || existsSync(join(repo, 'b.txt'))).toBe(false);

    const diffA = await manager.worktrees.diff(a!.id);
    expect(diffA.uncommitted.files).toEqual([{ path: 'a.txt', additions: 1, deletions: 0 }]);
    expect(diffA.uncommitted.diff).toContain('+from-a');
    expect((await manager.worktrees.diff(b!.id)).uncommitted.files.map((f) => f.path)).toEqual(['b.txt']);

    for (const s of [a!, b!]) {
      await manager.worktrees.commit(s.id, `work of ${s.name}`);
      expect(await manager.worktrees.merge(s.id, { into: 'main', strategy: 'merge' })).toMatchObject({
        merged: true,
        updatedCheckout: repo,
      });
    }
    expect([read(join(repo, 'a.txt')), read(join(repo, 'b.txt'))]).toEqual(['from-a\n', 'from-b\n']);
    expect(git(repo, 'status', '--porcelain')).toBe('');

    // a third, from the base the first started from, writes the same line of the same file differently
    const c = (
      await manager.create({
        workDir: repo,
        isolation: 'worktree',
        name: 'wt-c',
        baseRef: initial,
        prompt: 'WTWRITE a.txt from-c',
      })
    ).session;
    await approveAndFinish(c);
    await manager.worktrees.commit(c.id, 'work of c');
    const before = { head: git(repo, 'rev-parse', 'HEAD'), status: git(repo, 'status', '--porcelain') };
    await expect(manager.worktrees.merge(c.id, { into: 'main', strategy: 'merge' })).rejects.toMatchObject({
      code: 'MERGE_CONFLICT',
      details: { files: ['a.txt'] },
    });
    expect({ head: git(repo, 'rev-parse', 'HEAD'), status: git(repo, 'status', '--porcelain') }).toEqual(before);
    expect(read(join(repo, 'a.txt'))).toBe('from-a\n');
    console.log(`[worktree e2e] two worktree sessions created in ${createMs} ms (create() of both, in parallel)`);
    for (const s of [a!, b!, c]) await manager.kill(s.id);
  }, 240_000);

  it('a pipeline: two isolated parallel stages, then a final stage that merges both and lands in main', async () => {
    const p = await manager.pipelines.create({
      name: 'isolated',
      workDir: repo,
      stages: [
        { name: 'api', isolation: 'worktree', permissionMode: 'acceptEdits', prompt: 'WTWRITE api.txt api-done' },
        { name: 'ui', isolation: 'worktree', permissionMode: 'acceptEdits', prompt: 'WTWRITE ui.txt ui-done' },
        {
          name: 'final',
          dependsOn: ['api', 'ui'],
          isolation: 'worktree',
          mergeFrom: ['api', 'ui'],
          mergeInto: 'main',
          permissionMode: 'acceptEdits',
          prompt: 'WTWRITE final.txt {{stages.api.branch}}',
        },
      ],
    });
    const done = await manager.pipelines.waitForEnd(p.id, 180_000);
    expect(done.status, JSON.stringify(done.stages.map((s) => [s.name, s.status, s.reason]))).toBe('succeeded');
    const [api, ui] = done.stages;
    expect(api!.worktree).toMatchObject({
      branch: `aegis/${p.id.slice(0, 8)}-1-api`,
      diffStat: '1 file changed, 1 insertion(+), 0 deletions(-)',
    });
    expect(ui!.worktree?.branch).toMatch(/-1-ui$/);
    expect(fake.prompts().some((r) => r.humanText === `WTWRITE final.txt ${api!.worktree!.branch}`)).toBe(true);
    expect([read(join(repo, 'api.txt')), read(join(repo, 'ui.txt')), read(join(repo, 'final.txt'))]).toEqual([
      'api-done\n',
      'ui-done\n',
      `${api!.worktree!.branch}\n`,
    ]);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  }, 240_000);
});
