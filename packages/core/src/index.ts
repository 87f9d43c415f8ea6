// Commonly used
export { SessionManager, type SendResult, type CreateResult } from './manager.js';
export type { SessionManagerOptions } from './manager-options.js';
export type { SessionInfo, Health } from './session-info.js';
export type { AnswerResult } from './answerer.js';
export type { DeliveryResult, DeliveryOptions } from './delivery.js';
export type { BatchItemResult } from './batch.js';
export { MAX_BATCH } from './batch.js';

// Inputs
export {
  CreateSessionSchema,
  SendSchema,
  AnswerSchema,
  PermissionModeSchema,
  PERMISSION_MODES,
  ENV_DENYLIST,
  ENV_DENY_PREFIXES,
  envKeyDenied,
  type CreateSessionInput,
  type SendInput,
  type AnswerInput,
} from './schemas.js';

// Events
export { EventLog, type EventLogOptions, type EventListener } from './event-log.js';
export { AEGIS_EVENT_TYPES, type AegisEvent, type AegisEventType, type EventPayloads, type NewEvent, type EndReason, type ConfirmedBy, type OptionSummary } from './events.js';

// Errors
export { AegisError, AEGIS_ERROR_CODES, ERROR_STATUS, InvalidInputError, SessionNotFoundError, PipelineNotFoundError, DialogError, DeliveryError, LaunchError, isAegisError, type AegisErrorCode } from './errors.js';

// I/O seams (for tests and embedding)
export { realClock, nodeFileSystem, randomIds, sleep, type Clock, type FileSystem, type IdGenerator, type TimerHandle } from './io.js';
export type { Terminal } from './terminal.js';
export { defaultVersionProbe, resolveClaudeBinary, type VersionProbe } from './binary.js';

// Building blocks
export { HookReceiver, secretsEqual, type HookHandler } from './hook-receiver.js';
export { hookSettings, HOOK_EVENTS, HOOK_SECRET_HEADER } from './hook-settings.js';
export { preTrust, claudeConfigFile, claudeConfigDir } from './claude-config.js';
export { planInput, splitChunks, type InputPlan, type InputMethodOptions } from './input-method.js';
export { normalizePrompt, sameMessage } from './text-match.js';
export { assertLiteralMessage, notLiteralReason } from './input-policy.js';
export { BashSchema, CommandSchema, type BashInput, type CommandInput, type CommandResult } from './commands.js';
export { claudeArgs, passthroughEnv } from './launcher.js';
export { pickReusable, type ReuseCandidate, type ReuseRequest } from './reuse.js';
export { gateDecision } from './gates.js';
export type { SessionRecord, PublicRecord } from './record.js';

// Pipelines
export { Pipelines, type PipelinesOptions } from './pipelines/pipelines.js';
export {
  PipelineSpecSchema,
  StageSpecSchema,
  DoneWhenSchema,
  parsePipelineSpec,
  MAX_STAGES,
  type PipelineSpec,
  type PipelineSpecInput,
  type StageSpec,
  type DoneWhen,
} from './pipelines/schema.js';
export { STAGE_STATUSES, PIPELINE_STATUSES, PipelineInfoSchema, StageRecordSchema, type PipelineInfo, type StageRecord, type StageStatus, type PipelineStatus } from './pipelines/record.js';
export { renderPrompt, templateRefs, TEMPLATE_FIELDS, type TemplateField } from './pipelines/template.js';
export { doneChecker, type DoneChecker, type CheckResult, type CheckContext } from './pipelines/done-check.js';
export { nodeProcessRunner, type ProcessRunner, type ProcessResult } from './pipelines/process-runner.js';
export { PipelineRunner, type StageDriver, type StageLaunch, type Observation } from './pipelines/runner.js';
export { sessionDriver } from './pipelines/session-driver.js';
