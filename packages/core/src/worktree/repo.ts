import { AegisError } from '../errors.js';
import type { Git } from './git.js';

/** The main repository of a folder: its top level (the main checkout) and common git dir. */
export interface RepoInfo {
  /** Top level of the main working tree (where the base branch is usually checked out). */
  root: string;
  /** The shared `.git` folder (also of linked worktrees). */
  commonDir: string;
}

/**
 * The repository `dir` belongs to (NOT_A_GIT_REPO otherwise). For a folder inside a linked worktree, `root` is the
 * main working tree, so worktrees are always made from (and merged into) the main repository. Bare repositories
 * are refused: there is no checkout to base on.
 */
export async function findRepo(git: Git, dir: string): Promise<RepoInfo> {
  const r = await git.run(dir, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir']);
  const [top, commonDir] = r.stdout.trim().split('\n');
  if (r.code !== 0 || !top || !commonDir) {
    throw new AegisError('NOT_A_GIT_REPO', `${dir} is not inside a git working tree`, {
      workDir: dir,
      git: (r.error ?? r.stderr.trim()).slice(0, 500),
    });
  }
  // the main working tree is the first entry of `worktree list`
  const list = await listWorktrees(git, top);
  return { root: list[0]?.path ?? top, commonDir };
}

export interface WorktreeEntry {
  path: string;
  head: string | null;
  /** `refs/heads/…` checked out there, null when detached. */
  branch: string | null;
  bare: boolean;
}

/** `git worktree list --porcelain`, main working tree first. */
export async function listWorktrees(git: Git, dir: string): Promise<WorktreeEntry[]> {
  const out = await git.ok(dir, ['worktree', 'list', '--porcelain', '-z']);
  const entries: WorktreeEntry[] = [];
  let cur: WorktreeEntry | null = null;
  for (const field of out.split('\0')) {
    if (field.startsWith('worktree '))
      entries.push((cur = { path: field.slice(9), head: null, branch: null, bare: false }));
    else if (cur && field.startsWith('HEAD ')) cur.head = field.slice(5);
    else if (cur && field.startsWith('branch ')) cur.branch = field.slice(7);
    else if (cur && field === 'bare') cur.bare = true;
  }
  return entries;
}

/** INVALID_BRANCH unless `name` is a valid branch name (`git check-ref-format --branch`). */
export async function checkBranchName(git: Git, dir: string, name: string): Promise<void> {
  const r = await git.run(dir, ['check-ref-format', '--branch', name]);
  // `--branch` also expands `@{-1}` and friends: only a name that comes back unchanged is a plain branch name
  if (r.code !== 0 || r.stdout.trim() !== name || name.startsWith('-')) {
    throw new AegisError('INVALID_BRANCH', `"${name}" is not a valid branch name`, { branch: name });
  }
}

/** The commit `ref` names, or null when it names none. */
export async function resolveCommit(git: Git, dir: string, ref: string): Promise<string | null> {
  if (ref.startsWith('-')) return null;
  const r = await git.run(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  return r.code === 0 ? r.stdout.trim() : null;
}

export async function branchExists(git: Git, dir: string, branch: string): Promise<boolean> {
  return (await git.run(dir, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`])).code === 0;
}

/** The branch checked out in `dir`, or null when HEAD is detached (or unborn). */
export async function currentBranch(git: Git, dir: string): Promise<string | null> {
  const r = await git.run(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** Uncommitted changes of a checkout (`git status --porcelain`): tracked ones and, unless `trackedOnly`, untracked files. */
export async function uncommitted(git: Git, dir: string, o: { trackedOnly?: boolean } = {}): Promise<string[]> {
  const out = await git.ok(dir, [
    'status',
    '--porcelain=v1',
    '-z',
    o.trackedOnly ? '--untracked-files=no' : '--untracked-files=all',
  ]);
  const files: string[] = [];
  const fields = out.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.length < 4) continue;
    files.push(f.slice(3));
    if (f[0] === 'R' || f[0] === 'C') i++; // the rename's source follows
  }
  return files;
}

/** `-c user.name/email` when the repository has no identity configured (commits made by Aegis must not fail on it). */
export async function identityArgs(git: Git, dir: string): Promise<string[]> {
  const r = await git.run(dir, ['config', '--get', 'user.email']);
  return r.code === 0 && r.stdout.trim() ? [] : ['-c', 'user.name=Aegis', '-c', 'user.email=aegis@localhost'];
}
