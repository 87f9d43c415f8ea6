import { z } from 'zod';
import { StateInputError } from './errors.js';

/** `$CLAUDE_CONFIG_DIR/sessions/<pid>.json`, written by Claude Code itself (seen from ~2.1.139). */
export const StatusFileSchema = z
  .object({
    pid: z.number(),
    sessionId: z.string(),
    cwd: z.string().optional(),
    startedAt: z.number().optional(),
    procStart: z.string().optional(),
    version: z.string().optional(),
    kind: z.string().optional(),
    entrypoint: z.string().optional(),
    name: z.string().optional(),
    /** `idle` | `busy` | `waiting` (| `shell` per observers); kept open for newer values. */
    status: z.string().optional(),
    /** `permission prompt` | `dialog open` | `input needed` | `worker request` | `sandbox request`. */
    waitingFor: z.string().optional(),
    updatedAt: z.number().optional(),
    statusUpdatedAt: z.number().optional(),
  })
  .loose();

export type StatusFile = z.infer<typeof StatusFileSchema>;

/** Parses the file's text (or already-parsed JSON). Throws StateInputError `AEGIS_STATE_INVALID_STATUS_FILE`. */
export function parseStatusFile(input: unknown): StatusFile {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new StateInputError('AEGIS_STATE_INVALID_STATUS_FILE', 'status file is not JSON', { cause });
    }
  }
  const r = StatusFileSchema.safeParse(value);
  if (!r.success)
    throw new StateInputError('AEGIS_STATE_INVALID_STATUS_FILE', `status file: ${r.error.message}`, { cause: r.error });
  return r.data;
}

/** What the caller knows about the session it launched; every field is optional. */
export interface ExpectedSession {
  pid?: number;
  sessionId?: string;
  procStart?: string;
  /** The file must have been started at or after this time (ms): a file older than our launch is another process's. */
  launchedAt?: number;
  /** Allowed clock skew for `launchedAt` (ms). Default 2000. */
  skewMs?: number;
}

export type IdentityCheck = { ok: true } | { ok: false; reason: string };

/**
 * Guards against pid reuse: the file for `<pid>.json` may belong to an earlier or later process with the
 * same pid. It matches only if every field the caller knows agrees.
 */
export function checkStatusFileIdentity(file: StatusFile, expected: ExpectedSession): IdentityCheck {
  if (expected.pid !== undefined && file.pid !== expected.pid)
    return { ok: false, reason: `pid ${file.pid} ≠ ${expected.pid}` };
  if (expected.sessionId !== undefined && file.sessionId !== expected.sessionId) {
    return { ok: false, reason: `sessionId ${file.sessionId} ≠ ${expected.sessionId}` };
  }
  if (expected.procStart !== undefined && file.procStart !== undefined && file.procStart !== expected.procStart) {
    return { ok: false, reason: `procStart ${file.procStart} ≠ ${expected.procStart}` };
  }
  if (
    expected.launchedAt !== undefined &&
    file.startedAt !== undefined &&
    file.startedAt < expected.launchedAt - (expected.skewMs ?? 2000)
  ) {
    return { ok: false, reason: `startedAt ${file.startedAt} is before our launch at ${expected.launchedAt}` };
  }
  return { ok: true };
}

/** The coarse level a status file reports. */
export type StatusLevel = 'idle' | 'working' | 'waiting' | 'dialog' | 'unknown';

export function statusLevel(file: StatusFile): StatusLevel {
  switch (file.status) {
    case 'idle':
      return 'idle';
    case 'busy':
      return 'working';
    case 'waiting':
      return file.waitingFor === 'dialog open' ? 'dialog' : 'waiting';
    default:
      return 'unknown';
  }
}
