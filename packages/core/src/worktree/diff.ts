import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from './git.js';
import type { WorktreeDeps, WorktreeInfo } from './create.js';
import { resolveCommit } from './repo.js';

export interface FileStat {
  path: string;
  /** null for binary files. */
  additions: number | null;
  deletions: number | null;
}

export interface DiffPart {
  files: FileStat[];
  additions: number;
  deletions: number;
  /** Unified diff (absent with `stat`). */
  diff?: string;
  /** The unified diff was cut at `maxBytes`. */
  truncated?: boolean;
}

export interface WorktreeDiff {
  branch: string;
  base: { ref: string; commit: string };
  /** The branch's tip. */
  head: string;
  /** Commits on the branch since it left the base (`base...branch`). */
  committed: DiffPart;
  /** What the worktree holds beyond its HEAD (staged, unstaged and untracked files); empty once it was removed. */
  uncommitted: DiffPart;
  /** One line, e.g. `2 files changed, 10 insertions(+), 1 deletion(-)` (both parts). */
  summary: string;
}

export interface DiffOptions {
  /** Only the files and counts. */
  stat?: boolean;
  /** Cap of each unified diff in bytes. Default 1 MiB. */
  maxBytes?: number;
}

export const DEFAULT_DIFF_BYTES = 1024 * 1024;

/** Parses `git diff --numstat -z`. */
function numstat(out: string): FileStat[] {
  const files: FileStat[] = [];
  const fields = out.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(f);
    if (!m) continue;
    // a rename's paths follow as two fields (empty path in the stat field)
    const path = m[3] === '' ? ((i += 2), fields[i]!) : m[3]!;
    files.push({ path, additions: m[1] === '-' ? null : Number(m[1]), deletions: m[2] === '-' ? null : Number(m[2]) });
  }
  return files;
}

async function part(
  git: Git,
  cwd: string,
  range: string[],
  o: DiffOptions,
  env?: Record<string, string>,
): Promise<DiffPart> {
  const files = numstat(await git.ok(cwd, ['diff', '--numstat', '-z', '-M', ...range], env ? { env } : {}));
  const out: DiffPart = { files, additions: sum(files, 'additions'), deletions: sum(files, 'deletions') };
  if (o.stat) return out;
  const max = o.maxBytes ?? DEFAULT_DIFF_BYTES;
  const r = await git.run(cwd, ['diff', '-M', '--no-color', '--no-ext-diff', ...range], {
    maxOutput: max,
    ...(env ? { env } : {}),
  });
  let diff = r.stdout;
  // cut at the last whole line (the cap may fall inside a multi-byte character too)
  if (r.truncated) diff = diff.slice(0, diff.lastIndexOf('\n') + 1);
  return { ...out, diff, truncated: r.truncated };
}

const sum = (files: FileStat[], k: 'additions' | 'deletions') => files.reduce((n, f) => n + (f[k] ?? 0), 0);

/** `N files changed, A insertions(+), D deletions(-)` (git's own wording). */
export function diffSummary(parts: readonly DiffPart[]): string {
  const files = new Set(parts.flatMap((p) => p.files.map((f) => f.path))).size;
  const a = parts.reduce((n, p) => n + p.additions, 0);
  const d = parts.reduce((n, p) => n + p.deletions, 0);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${plural(files, 'file changed', 'files changed')}, ${plural(a, 'insertion(+)', 'insertions(+)')}, ${plural(d, 'deletion(-)', 'deletions(-)')}`;
}

/**
 * A session's changes: committed (three-dot, from where the branch left its base) and uncommitted (the worktree
 * against its HEAD, untracked files included), kept apart. The uncommitted part is read through a temporary copy
 * of the worktree's index, so the session's own index is never touched.
 */
export async function diffWorktree(d: WorktreeDeps, w: WorktreeInfo, o: DiffOptions = {}): Promise<WorktreeDiff> {
  const { git } = d;
  const head = (await resolveCommit(git, w.repo, `refs/heads/${w.branch}`)) ?? w.baseCommit;
  const baseNow = (await resolveCommit(git, w.repo, w.baseRef)) ?? w.baseCommit;
  const committed = await part(git, w.repo, [`${baseNow}...${head}`], o);
  const present =
    !w.removedAt &&
    (await d.fs.stat(w.path).then(
      () => true,
      () => false,
    ));
  const uncommitted = present
    ? await worktreeChanges(git, w.path, o)
    : { files: [], additions: 0, deletions: 0, ...(o.stat ? {} : { diff: '', truncated: false }) };
  return {
    branch: w.branch,
    base: { ref: w.baseRef, commit: baseNow },
    head,
    committed,
    uncommitted,
    summary: diffSummary([committed, uncommitted]),
  };
}

async function worktreeChanges(git: Git, dir: string, o: DiffOptions): Promise<DiffPart> {
  const tmp = await mkdtemp(join(tmpdir(), 'aegis-index-'));
  try {
    const index = join(tmp, 'index');
    const real = (await git.ok(dir, ['rev-parse', '--path-format=absolute', '--git-path', 'index'])).trim();
    await copyFile(real, index).catch(() => undefined);
    const env = { GIT_INDEX_FILE: index };
    await git.ok(dir, ['add', '-A'], { env });
    return await part(git, dir, ['--cached', 'HEAD'], o, env);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
