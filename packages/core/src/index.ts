// The public API of @aegis/core. Named exports only, from the most used to the expert's. Test helpers live in
// src/testing/ and are never exported from here.

// ── Commonly used ────────────────────────────────────────────────────────────────────────────────────────────────
// Sessions: a manager (create, adopt after a restart, list, shut down) hands out one Session per session.
export { SessionManager, type SendResult, type CreateResult } from './manager.js';
export type { SessionManagerOptions } from './manager-options.js';
export { Session, type WaitTarget } from './session/session.js';
export type { SessionReads } from './session/reads.js';
export type { SessionInfo, Health } from './session-info.js';
export { storedSessionInfo } from './session-info.js';
export { resumeFrom } from './resume.js';
export type { Sessions as StageSessions } from './pipelines/sessions.js';
export type { AnswerResult } from './answerer.js';
export type { DeliveryResult, DeliveryOptions } from './delivery.js';
export { MAX_BATCH, type BatchItemResult } from './batch.js';

// Inputs, validated at every boundary with these schemas
export {
  CreateSessionSchema,
  SendSchema,
  AnswerSchema,
  PermissionModeSchema,
  type CreateSessionInput,
  type SendInput,
  type AnswerInput,
} from './schemas.js';

// Events (the durable, replayable log every channel reads)
export { EventLog, type EventLogOptions, type EventListener } from './event-log.js';
export { Retention, type RetentionOptions, type RetentionRun } from './retention.js';
export {
  AEGIS_EVENT_TYPES,
  type AegisEvent,
  type AegisEventType,
  type EventPayloads,
  type NewEvent,
  type EndReason,
  type ConfirmedBy,
  type OptionSummary,
} from './events.js';

// Errors: one class per family, a stable `code` on each
export {
  AegisError,
  AEGIS_ERROR_CODES,
  ERROR_STATUS,
  InvalidInputError,
  SessionNotFoundError,
  PipelineNotFoundError,
  DialogError,
  DeliveryError,
  LaunchError,
  isAegisError,
  type AegisErrorCode,
} from './errors.js';

// Pipelines: multi-session workflows (`manager.pipelines`)
export { Pipelines, type PipelinesOptions } from './pipelines/pipelines.js';
export {
  PipelineSpecSchema,
  parsePipelineSpec,
  type PipelineSpec,
  type PipelineSpecInput,
  type StageSpec,
  type DoneWhen,
} from './pipelines/schema.js';
export {
  STAGE_STATUSES,
  PIPELINE_STATUSES,
  PipelineInfoSchema,
  type PipelineInfo,
  type StageRecord,
  type StageStatus,
  type PipelineStatus,
} from './pipelines/record.js';

// ── Advanced: storage and I/O seams (embedding, other stores, tests) ────────────────────────────────────────────
// Each store is replaceable through `SessionManagerOptions.storage`; the file stores are the defaults. A new
// implementation passes the contract suite in src/testing/storage-contract.ts.
export type { SessionStore, EventStore, EventCut, MessageQueueStore, PipelineStore, Storage } from './storage/types.js';
export { FileSessionStore } from './storage/file-session-store.js';
export { FileEventStore } from './storage/file-event-store.js';
export { FilePipelineStore } from './storage/file-pipeline-store.js';
export type { SessionRecord, QueuedMessage, PersistedMessage } from './record.js';
export {
  realClock,
  nodeFileSystem,
  randomIds,
  sleep,
  type Clock,
  type FileSystem,
  type IdGenerator,
  type TimerHandle,
} from './io.js';
export type { Terminal } from './terminal.js';
export { nodeCommandRunner, type CommandRunner, type CommandResult, type CommandOptions } from './command-runner.js';

// ── Internal, for expert users (the server's doctor, benches) ──────────────────────────────────────────────────
export { defaultVersionProbe, resolveClaudeBinary, type VersionProbe } from './binary.js';
export { claudeConfigDir } from './claude-config.js';
export { normalizePrompt } from './text-match.js';
export { resolveWorkDir, workDirRefusal } from './workdir-policy.js';
export { checkStateDir, storeUnavailable } from './state-dir.js';

export { assertLiteralMessage, notLiteralReason } from './input-policy.js';
export { BashSchema, CommandSchema, type BashInput, type CommandInput, type BoxCommandResult } from './commands.js';

// Worktrees (`isolation: "worktree"`)
export { SessionWorktrees, type PruneEntry, type WorktreeRecords } from './worktree/service.js';
export { Git, GitError, type GitOptions } from './worktree/git.js';
export { MERGE_STRATEGIES, type MergeStrategy } from './worktree/merge-step.js';
export type { WorktreeInfo } from './worktree/create.js';
export type { WorktreeDiff, DiffPart, FileStat, DiffOptions } from './worktree/diff.js';
export type { MergeResult } from './worktree/merge.js';
export type { CommitResult } from './worktree/commit.js';
export {
  WorktreeInfoSchema,
  WorktreeDiffSchema,
  DiffQuerySchema,
  CommitBodySchema,
  CommitResultSchema,
  MergeBodySchema,
  MergeResultSchema,
  PruneBodySchema,
  PruneEntrySchema,
} from './worktree/schemas.js';
