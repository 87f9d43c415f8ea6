import { join } from 'node:path';
import type { PermissionMode, StateKind } from '@aegis/state';
import { projectSlug, sessionTranscriptPath } from '@aegis/transcript';
import type { EndReason } from './events.js';
import type { WorktreeInfo } from './worktree/create.js';

/** A message accepted for a session. */
export interface QueuedMessage {
  id: string;
  text: string;
  enqueuedAt: number;
}

/** What the queue persists: every message not yet delivered; `sendingSince` marks the one being typed (ms). */
export interface PersistedMessage extends QueuedMessage {
  sendingSince?: number;
}

/** What core persists about one session (state dir, mode 0600). The hook secret never leaves core. */
export interface SessionRecord {
  id: string;
  name: string;
  /** realpath of the working folder. */
  workDir: string;
  owner: string | null;
  claudeSessionId: string;
  permissionMode: PermissionMode;
  model: string | null;
  claudeVersion: string | null;
  stallThresholdMs: number | null;
  windowId: string;
  paneId: string;
  panePid: number;
  hookSecret: string;
  createdAt: number;
  launchedAt: number;
  lastActivity: number;
  /** Last status announced in a `session.status` event (so a restart does not repeat it). */
  status: StateKind;
  /** Transcript bytes already turned into events. */
  transcriptOffset: number;
  /** Claude Code's config dir of this session (status file, transcripts). */
  configDir: string;
  /** Accepted messages not yet delivered (the first may be the one being typed): a restart delivers them. */
  queue?: PersistedMessage[];
  endedAt: number | null;
  endReason: EndReason | null;
  exitCode: number | null;
  /** Name of the signal that killed Claude Code (`SIGKILL`), as tmux reported it; null otherwise (absent in older records). */
  exitSignal?: string | null;
  /** The session's own git worktree and branch (`isolation: "worktree"`); absent otherwise. */
  worktree?: WorktreeInfo | null;
}

/** The public view of a record: everything except the secret and the queued texts (`queueLength` counts them). */
export type PublicRecord = Omit<SessionRecord, 'hookSecret' | 'queue'>;

export function publicRecord(r: SessionRecord): PublicRecord {
  const { hookSecret: _secret, queue: _queue, ...rest } = r;
  return rest;
}

/** Claude Code's transcript of a session: `<configDir>/projects/<slug of workDir>/<claudeSessionId>.jsonl`. */
export function transcriptFile(r: Pick<SessionRecord, 'configDir' | 'workDir' | 'claudeSessionId'>): string {
  return sessionTranscriptPath(join(r.configDir, 'projects', projectSlug(r.workDir)), r.claudeSessionId);
}
