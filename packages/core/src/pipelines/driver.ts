import type { StageRecord } from './record.js';
import type { StageSpec } from './schema.js';

/** What the runner learns about a stage's session on each tick. */
export type Observation =
  | { kind: 'working' }
  /** The turn ended (Stop / `turn_duration`, session idle, no error): the stage's answer. */
  | { kind: 'turn_ended'; lastMessage: string }
  | { kind: 'failed'; reason: string };

export interface StageLaunch {
  pipelineId: string;
  stage: string;
  attempt: number;
  workDir: string;
  prompt: string;
  /** Session name, unique per pipeline, stage and attempt (so a restart can find a launch it did not record). */
  sessionName: string;
  permissionMode?: StageSpec['permissionMode'];
  model?: string;
  owner?: string;
  /** Worktree isolation: the branch's base and the branches merged in first (see stage-inputs.ts). */
  isolation?: 'worktree';
  baseRef?: string;
  mergeFrom?: string[];
}

/** How stages become sessions (core's SessionManager in production, fakes in tests). */
export interface StageDriver {
  /** Launches a fresh session with the prompt; resolves with its id. */
  start(launch: StageLaunch): Promise<string>;
  observe(sessionId: string): Promise<Observation>;
  /** `keep`: interrupt the turn and leave the session running; else kill it (and every process it started). */
  stop(sessionId: string, o: { keep: boolean }): Promise<void>;
  /** The live session launched under this name, if any. */
  find(sessionName: string): Promise<string | null>;
  /** Isolated stages: the session's folder (its worktree), where `doneWhen` looks. */
  workDirOf?(sessionId: string): Promise<string>;
  /** Isolated stages, on success: commit, diff stat, merge into `mergeInto`; throws to fail the attempt. */
  landWorktree?(
    sessionId: string,
    o: { stage: string; mergeInto?: string },
  ): Promise<NonNullable<StageRecord['worktree']>>;
}
