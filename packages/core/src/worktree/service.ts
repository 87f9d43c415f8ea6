import { join } from 'node:path';
import { AegisError, SessionNotFoundError } from '../errors.js';
import type { Clock, FileSystem, IdGenerator } from '../io.js';
import type { SessionRecord } from '../record.js';
import { commitWorktree, type CommitResult } from './commit.js';
import {
  assertClean,
  createWorktree,
  discardWorktree,
  removeWorktree,
  type CreateWorktreeRequest,
  type WorktreeInfo,
} from './create.js';
import { diffSummary, diffWorktree, type DiffOptions, type WorktreeDiff } from './diff.js';
import type { Git } from './git.js';
import { mergeWorktree, type MergeRequest, type MergeResult } from './merge.js';

/** The session records the worktree operations read and update (core's store). */
export interface WorktreeRecords {
  get(id: string): SessionRecord | undefined;
  all(): SessionRecord[];
  update(id: string, patch: Partial<SessionRecord>): void;
}

export interface SessionWorktreesOptions {
  git: Git;
  fs: FileSystem;
  clock: Clock;
  ids: IdGenerator;
  /** Worktrees go to `<root>/<repo>/<session name>`. */
  root: string;
  records: WorktreeRecords;
}

export interface PruneEntry {
  sessionId: string;
  name: string;
  path: string;
  branch: string;
  /** Removed now (false with `dryRun`, or when refused). */
  removed: boolean;
  /** Why it was kept (uncommitted changes without `force`, a git failure). */
  error: { code: string; message: string } | null;
}

/**
 * The worktrees of sessions: made on create (`isolation: "worktree"`), reviewed (diff), committed, merged into the
 * base, and removed. Session lookup goes through the records; the git work is in the sibling modules.
 */
export class SessionWorktrees {
  readonly root: string;
  readonly #o: SessionWorktreesOptions;
  /** The last merge queued per repository (main working tree); never rejects. */
  readonly #merging = new Map<string, Promise<void>>();

  constructor(o: SessionWorktreesOptions) {
    this.#o = o;
    this.root = o.root;
  }

  /** Makes the worktree of a session about to be launched (nothing is left behind when refused). */
  create(req: Omit<CreateWorktreeRequest, 'root'>): Promise<WorktreeInfo> {
    return createWorktree(this.#o, { ...req, root: this.root });
  }

  /** Makes the worktree, runs `launch` in it, and undoes it all when the launch fails. */
  async around<T>(req: Omit<CreateWorktreeRequest, 'root'>, launch: (w: WorktreeInfo) => Promise<T>): Promise<T> {
    const worktree = await this.create(req);
    try {
      return await launch(worktree);
    } catch (e) {
      await this.discard(worktree);
      throw e;
    }
  }

  /** Undoes `create` (the launch failed): worktree and branch go. */
  discard(w: WorktreeInfo): Promise<void> {
    return discardWorktree(this.#o, w);
  }

  diff(sessionId: string, o: DiffOptions = {}): Promise<WorktreeDiff> {
    return diffWorktree(this.#o, this.#worktree(sessionId), o);
  }

  commit(sessionId: string, message: string): Promise<CommitResult> {
    return commitWorktree(this.#o, this.#worktree(sessionId), message);
  }

  /**
   * The merge is computed in a scratch checkout under `<root>/.merge/` (removed afterwards). Merges into one
   * repository run one at a time, so two of them never race for the same target branch.
   */
  merge(sessionId: string, req: Omit<MergeRequest, 'scratchDir'>): Promise<MergeResult> {
    const w = this.#worktree(sessionId);
    const run = async () => {
      await this.#o.fs.mkdir(join(this.root, '.merge'));
      return mergeWorktree(this.#o, w, { ...req, scratchDir: join(this.root, '.merge', this.#o.ids.uuid()) });
    };
    const next = (this.#merging.get(w.repo) ?? Promise.resolve()).then(run);
    this.#merging.set(
      w.repo,
      next.then(
        () => undefined,
        () => undefined,
      ),
    );
    return next;
  }

  /**
   * Removes a session's worktree folder (the branch stays). Refused with WORKTREE_DIRTY while it has uncommitted
   * changes, unless `force`; `stop` (ending a live session) runs after that check, before the folder goes.
   */
  async remove(sessionId: string, o: { force?: boolean; stop?: () => Promise<void> } = {}): Promise<void> {
    const w = this.#worktree(sessionId);
    if (w.removedAt) return;
    if (!o.force) await assertClean(this.#o, w.path);
    await o.stop?.();
    await removeWorktree(this.#o, w, { force: true });
    this.#o.records.update(sessionId, { worktree: { ...w, removedAt: this.#o.clock.now() } });
  }

  /** The worktrees of ended sessions still on disk; removed unless `dryRun` (dirty ones only with `force`). */
  async prune(o: { dryRun?: boolean; force?: boolean } = {}): Promise<PruneEntry[]> {
    const out: PruneEntry[] = [];
    for (const r of this.#o.records.all()) {
      const w = r.worktree;
      if (!w || w.removedAt || r.endedAt === null) continue;
      const e: PruneEntry = {
        sessionId: r.id,
        name: r.name,
        path: w.path,
        branch: w.branch,
        removed: false,
        error: null,
      };
      if (!o.dryRun) {
        try {
          await this.remove(r.id, { force: o.force ?? false });
          e.removed = true;
        } catch (err) {
          e.error =
            err instanceof AegisError
              ? { code: err.code, message: err.message }
              : { code: 'INTERNAL', message: String(err) };
        }
      }
      out.push(e);
    }
    return out;
  }

  /** One-line diff stat of a session's worktree (for end notices); null when it has none or git fails. */
  async summary(record: SessionRecord): Promise<{ branch: string; diffStat: string } | null> {
    if (!record.worktree) return null;
    try {
      const d = await diffWorktree(this.#o, record.worktree, { stat: true });
      return { branch: record.worktree.branch, diffStat: diffSummary([d.committed, d.uncommitted]) };
    } catch {
      return null;
    }
  }

  #worktree(sessionId: string): WorktreeInfo {
    const r = this.#o.records.get(sessionId);
    if (!r) throw new SessionNotFoundError(sessionId);
    if (!r.worktree)
      throw new AegisError(
        'NO_WORKTREE',
        `session ${sessionId} has no worktree (create it with isolation "worktree")`,
        { sessionId },
      );
    return r.worktree;
  }
}
