import { basename, join, relative, isAbsolute } from 'node:path';
import { AegisError } from '../errors.js';
import { isNotFound, type FileSystem } from '../io.js';
import type { Git } from './git.js';
import { mergeInto } from './merge-step.js';
import {
  branchExists,
  checkBranchName,
  currentBranch,
  findRepo,
  identityArgs,
  resolveCommit,
  uncommitted,
} from './repo.js';

/** A session's worktree, as its record shows it. */
export interface WorktreeInfo {
  /** realpath of the worktree (the session's workDir). */
  path: string;
  /** The branch made for the session. */
  branch: string;
  /** What the branch started from, as asked (default: the branch checked out in the main repository). */
  baseRef: string;
  /** The commit `baseRef` named at creation. */
  baseCommit: string;
  /** The main working tree of the repository. */
  repo: string;
  /** Branches merged into the new branch before the session started. */
  mergedFrom?: string[];
  /** Set once the worktree folder was removed (the branch stays). */
  removedAt?: number | null;
}

export interface CreateWorktreeRequest {
  /** realpath of the folder the caller named (inside the repository). */
  workDir: string;
  /** Folder under which worktrees are made: `<root>/<repo name>/<name>`. */
  root: string;
  /** Session name (the folder's name and the default branch's suffix). */
  name: string;
  branch?: string | undefined;
  baseRef?: string | undefined;
  mergeFrom?: readonly string[] | undefined;
}

export interface WorktreeDeps {
  git: Git;
  fs: FileSystem;
}

/**
 * Makes a worktree on a new branch. Everything is checked before anything is made (repository, base, branch name,
 * free branch, path inside `root`); a failure after that (a `mergeFrom` conflict) removes what was made, so a
 * refused request leaves nothing behind.
 */
export async function createWorktree(d: WorktreeDeps, req: CreateWorktreeRequest): Promise<WorktreeInfo> {
  const { git } = d;
  const repo = await findRepo(git, req.workDir);
  const baseRef = req.baseRef ?? (await currentBranch(git, repo.root)) ?? 'HEAD';
  const baseCommit = await resolveCommit(git, repo.root, baseRef);
  if (!baseCommit)
    throw new AegisError('REF_NOT_FOUND', `base ${baseRef} names no commit in ${repo.root}`, {
      ref: baseRef,
      repo: repo.root,
    });
  const branch = req.branch ?? `aegis/${req.name}`;
  await checkBranchName(git, repo.root, branch);
  if (await branchExists(git, repo.root, branch))
    throw new AegisError('BRANCH_EXISTS', `branch ${branch} already exists in ${repo.root}`, {
      branch,
      repo: repo.root,
    });
  const merges: { ref: string; commit: string }[] = [];
  for (const ref of req.mergeFrom ?? []) {
    const commit = await resolveCommit(git, repo.root, ref);
    if (!commit)
      throw new AegisError('REF_NOT_FOUND', `mergeFrom ${ref} names no commit in ${repo.root}`, {
        ref,
        repo: repo.root,
      });
    merges.push({ ref, commit });
  }
  const path = await worktreePath(d.fs, req.root, basename(repo.root), req.name);
  const add = await git.run(repo.root, ['worktree', 'add', '--no-track', '-b', branch, path, baseCommit]);
  if (add.code !== 0) {
    // Nothing to undo: git leaves no branch or folder behind when `add` fails, and the branch or path may belong to a
    // create that raced this one (same name), which must not be removed.
    const why = add.stderr.trim();
    if (/already exists/.test(why))
      throw new AegisError('BRANCH_EXISTS', `branch ${branch} or folder ${path} was just made by another create`, {
        branch,
        path,
      });
    throw new AegisError('GIT_FAILED', `git worktree add failed: ${why}`, { branch, path });
  }
  try {
    const id = await identityArgs(git, path);
    for (const m of merges) {
      const r = await mergeInto(git, path, id, { commit: m.commit, label: m.ref, strategy: 'merge' });
      if (r.conflicts)
        throw new AegisError('MERGE_CONFLICT', `mergeFrom ${m.ref} conflicts with ${baseRef}`, {
          ref: m.ref,
          files: r.conflicts,
        });
    }
    const real = await d.fs.realpath(path);
    return {
      path: real,
      branch,
      baseRef,
      baseCommit,
      repo: repo.root,
      ...(merges.length ? { mergedFrom: merges.map((m) => m.ref) } : {}),
      removedAt: null,
    };
  } catch (e) {
    await discardWorktree(d, { repo: repo.root, path, branch });
    throw e;
  }
}

/**
 * `<root>/<repoName>/<name>`, refused (WORKTREE_PATH_INVALID) when it would leave `root` (a `..` name, a symlinked
 * folder pointing elsewhere) or already exists. Creates the parent folders.
 */
export async function worktreePath(fs: FileSystem, root: string, repoName: string, name: string): Promise<string> {
  const bad = (why: string) =>
    new AegisError('WORKTREE_PATH_INVALID', `worktree path for "${name}" ${why}`, { root, name });
  if (!isAbsolute(root)) throw bad(`needs an absolute worktreeRoot (got ${root})`);
  for (const part of [repoName, name])
    if (part === '' || part === '.' || part === '..' || /[/\\\0]/.test(part))
      throw bad('would leave the worktree root');
  await fs.mkdir(join(root, repoName));
  const realRoot = await fs.realpath(root);
  const parent = await fs.realpath(join(root, repoName));
  const path = join(parent, name);
  const rel = relative(realRoot, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw bad(`would leave the worktree root ${realRoot}`);
  const exists = await fs.stat(path).then(
    () => true,
    (e: unknown) => !isNotFound(e),
  );
  if (exists) throw bad(`already exists: ${path}`);
  return path;
}

/** Removes a worktree and its branch without a trace (a half-made one on failure). */
export async function discardWorktree(
  d: WorktreeDeps,
  w: { repo: string; path: string; branch: string },
): Promise<void> {
  await d.git.run(w.repo, ['worktree', 'remove', '--force', '--force', w.path]);
  await d.fs.rm(w.path).catch(() => undefined);
  await d.git.run(w.repo, ['worktree', 'prune']);
  await d.git.run(w.repo, ['branch', '-D', '--', w.branch]);
}

/**
 * Removes a worktree folder; its branch (the work) stays. Refused with WORKTREE_DIRTY while it has uncommitted
 * changes, unless `force`. A folder already gone is only pruned from git's list.
 */
export async function removeWorktree(
  d: WorktreeDeps,
  w: Pick<WorktreeInfo, 'repo' | 'path'>,
  o: { force?: boolean } = {},
): Promise<void> {
  const present = await d.fs.stat(w.path).then(
    () => true,
    () => false,
  );
  if (present && !o.force) await assertClean(d, w.path);
  if (present) await d.git.ok(w.repo, ['worktree', 'remove', '--force', w.path]);
  await d.git.run(w.repo, ['worktree', 'prune']);
}

/** WORKTREE_DIRTY when the worktree (if still there) has uncommitted changes, untracked files included. */
export async function assertClean(d: WorktreeDeps, path: string): Promise<void> {
  if (
    !(await d.fs.stat(path).then(
      () => true,
      () => false,
    ))
  )
    return;
  const dirty = await uncommitted(d.git, path);
  if (dirty.length > 0) {
    throw new AegisError(
      'WORKTREE_DIRTY',
      `worktree ${path} has ${dirty.length} uncommitted change(s): commit them, or pass force`,
      { path, files: dirty.slice(0, 100) },
    );
  }
}
