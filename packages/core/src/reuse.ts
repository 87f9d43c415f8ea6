import type { SessionRecord } from './record.js';

export interface ReuseCandidate {
  record: SessionRecord;
  status: string;
  /** Messages queued or a delivery running. */
  busy: boolean;
  reserved: boolean;
}

export interface ReuseRequest {
  workDir: string;
  owner: string | null;
  permissionMode: string;
  model?: string | undefined;
  env?: Record<string, string> | undefined;
  resumeSessionId?: string | undefined;
  reuse?: boolean | undefined;
  isolation?: 'none' | 'worktree' | undefined;
}

/**
 * The session a create may reuse: same realpath workDir, same owner, same permission mode (kept across reuse),
 * same model when one is asked for, really idle, nothing queued, not reserved by another create; most recently
 * active first. Never when resuming or when the caller sets env (a running Claude cannot take new env) or `reuse: false`.
 * Worktree sessions are never handed out, and a create asking for a worktree never gets an existing session.
 */
export function pickReusable(candidates: readonly ReuseCandidate[], req: ReuseRequest): SessionRecord | undefined {
  if (
    req.reuse === false ||
    req.resumeSessionId ||
    req.isolation === 'worktree' ||
    (req.env && Object.keys(req.env).length > 0)
  )
    return undefined;
  return candidates
    .filter(
      (c) =>
        c.status === 'idle' &&
        !c.busy &&
        !c.reserved &&
        c.record.endedAt === null &&
        !c.record.worktree &&
        c.record.workDir === req.workDir &&
        c.record.owner === req.owner &&
        c.record.permissionMode === req.permissionMode &&
        (req.model === undefined || c.record.model === req.model),
    )
    .sort((a, b) => b.record.lastActivity - a.record.lastActivity)[0]?.record;
}
