import type { PipelineSpec } from './schema.js';

/**
 * A stage's life: `pending` → `starting` (session launching) → `running` (turn in progress) → `checking` (doneWhen)
 * → `succeeded`; a failed attempt goes `retrying` → `starting` while retries are left, else `failed`. `cancelled`:
 * the pipeline was cancelled, or another stage failed, before this one finished.
 */
export const STAGE_STATUSES = ['pending', 'starting', 'running', 'checking', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const PIPELINE_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

export const FINAL_STAGE: ReadonlySet<StageStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export interface StageRecord {
  name: string;
  status: StageStatus;
  /** 1-based number of the current (or last) attempt; 0 before the first. */
  attempt: number;
  /** Session of the current (or last) attempt. */
  sessionId: string | null;
  /** Sessions of every attempt, oldest first. */
  sessionIds: string[];
  /** The prompt as sent (references rendered). */
  prompt: string | null;
  /** The last answer of the succeeded (or last finished) turn. */
  lastMessage: string | null;
  /** Why the stage is where it is (failure, check result, cancel). */
  reason: string | null;
  startedAt: number | null;
  attemptStartedAt: number | null;
  finishedAt: number | null;
}

/** What is stored (one JSON file per pipeline) and what callers see. */
export interface PipelineInfo {
  version: 1;
  id: string;
  name: string;
  spec: PipelineSpec;
  status: PipelineStatus;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  stages: StageRecord[];
}

export function newStage(name: string): StageRecord {
  return { name, status: 'pending', attempt: 0, sessionId: null, sessionIds: [], prompt: null, lastMessage: null, reason: null, startedAt: null, attemptStartedAt: null, finishedAt: null };
}
