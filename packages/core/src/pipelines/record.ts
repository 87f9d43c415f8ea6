import { z } from 'zod';
import { PipelineSpecSchema } from './schema.js';

/**
 * A stage's life: `pending` → `starting` (session launching) → `running` (turn in progress) → `checking` (doneWhen)
 * → `succeeded`; a failed attempt goes `retrying` → `starting` while retries are left, else `failed`. `cancelled`:
 * the pipeline was cancelled, or another stage failed, before this one finished.
 */
export const STAGE_STATUSES = [
  'pending',
  'starting',
  'running',
  'checking',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const PIPELINE_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

export const FINAL_STAGE: ReadonlySet<StageStatus> = new Set(['succeeded', 'failed', 'cancelled']);

const NullableNumber = z.number().nullable();

export const StageRecordSchema = z.object({
  name: z.string(),
  status: z.enum(STAGE_STATUSES),
  /** 1-based number of the current (or last) attempt; 0 before the first. */
  attempt: z.number().int(),
  /** Session of the current (or last) attempt. */
  sessionId: z.string().nullable(),
  /** Sessions of every attempt, oldest first. */
  sessionIds: z.array(z.string()),
  /** The prompt as sent (references rendered). */
  prompt: z.string().nullable(),
  /** The last answer of the stage's finished turn (kept for hand-off). */
  lastMessage: z.string().nullable(),
  /** Why the stage is where it is (failure, check result, cancel). */
  reason: z.string().nullable(),
  startedAt: NullableNumber,
  attemptStartedAt: NullableNumber,
  finishedAt: NullableNumber,
  /** An isolated stage's worktree once it succeeded (its changes committed): for `{{stages.<name>.branch|diffStat}}`. */
  worktree: z.object({ path: z.string(), branch: z.string(), diffStat: z.string() }).nullable().optional(),
});
export type StageRecord = z.output<typeof StageRecordSchema>;

/** What is stored (one JSON file per pipeline) and what callers see. */
export const PipelineInfoSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  name: z.string(),
  /** The validated spec; every stage's workDir resolved to its realpath. */
  spec: PipelineSpecSchema,
  status: z.enum(PIPELINE_STATUSES),
  reason: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  finishedAt: NullableNumber,
  stages: z.array(StageRecordSchema),
});
export type PipelineInfo = z.output<typeof PipelineInfoSchema>;

export function newStage(name: string): StageRecord {
  return {
    name,
    status: 'pending',
    attempt: 0,
    sessionId: null,
    sessionIds: [],
    prompt: null,
    lastMessage: null,
    reason: null,
    startedAt: null,
    attemptStartedAt: null,
    finishedAt: null,
  };
}
