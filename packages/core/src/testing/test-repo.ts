// Real git repositories in temp folders for the worktree tests (not exported from index.ts).
import { execFileSync } from 'node:child_process';
import { mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs git synchronously (test setup only), with a fixed identity. */
export function sh(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
}

/** A repository on `main` with one commit (README.md, notes.txt), and a separate worktree root. */
export async function tempRepo(): Promise<{ repo: string; root: string; base: string }> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'aegis-wt-')));
  const repo = join(base, 'project');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  await writeFile(join(repo, 'README.md'), '# project\n');
  await writeFile(join(repo, 'notes.txt'), 'line one\nline two\n');
  sh(repo, 'add', '-A');
  sh(repo, 'commit', '-q', '-m', 'initial');
  return { repo, root: join(base, 'worktrees'), base };
}

/** `git status --porcelain` and HEAD: what must not change when a merge is refused. */
export function snapshot(dir: string): { status: string; head: string; branch: string } {
  return {
    status: sh(dir, 'status', '--porcelain'),
    head: sh(dir, 'rev-parse', 'HEAD').trim(),
    branch: sh(dir, 'branch', '--show-current').trim(),
  };
}
