// Locate
export {
  MAX_SLUG_LENGTH,
  claudeConfigDir,
  claudeStringHash,
  findProjectDirs,
  listSessions,
  listSubagents,
  projectDir,
  projectSlug,
  projectsDir,
  resolveProjectPath,
  sessionTranscriptPath,
  subagentTranscriptPath,
  subagentsDir,
  transcriptPath,
  type ConfigDirOptions,
  type LocateOptions,
  type SessionFile,
  type SubagentInfo,
} from './locate.js';

// Read
export {
  TranscriptTail,
  nodeTailFileSystem,
  readTranscriptFile,
  type TailFileHandle,
  type TailFileSystem,
  type TailOptions,
  type TailReset,
  type TailResult,
} from './tail.js';
export { LineDecoder } from './lines.js';
export { parseLine, parseRecord, type ParseContext } from './parse.js';
export { SYNTHETIC_MODEL, normaliseUsage } from './parse-message.js';
export {
  TranscriptWatcher,
  nodeWatch,
  watchTranscript,
  type TailSource,
  type WatchFn,
  type WatchHandle,
  type WatchOptions,
  type WatchTimers,
  type WatcherEvents,
} from './watch.js';

// Index and page
export { Transcript, openTranscript } from './transcript.js';
export { TranscriptStore, orderBatch, type Page, type PageQuery, type ThreadOptions } from './store.js';

// Usage, cost, summary
export {
  apiMessages,
  computeUsage,
  costOf,
  startsTurn,
  turnResolver,
  type ReportedUsage,
  type TurnUsage,
  type UsageOptions,
  type UsageReport,
  type UsageTotals,
} from './usage.js';
export { PRICES_AS_OF, PRICE_TABLE, priceFor, type ModelPrice, type PriceRule } from './prices.js';
export { condense, summarize, type CondensedMessage, type SummaryOptions, type TranscriptSummary } from './summary.js';

// Types and errors
export { TranscriptError, type TranscriptErrorCode } from './errors.js';
export {
  ENTRY_KINDS,
  isAssistantEntry,
  type ApiErrorEntry,
  type ApiRequestEntry,
  type AssistantEntry,
  type AssistantMessageInfo,
  type AssistantTextEntry,
  type AttachmentEntry,
  type CompactBoundaryEntry,
  type CompactSummaryEntry,
  type CostStateEntry,
  type EntryBase,
  type EntryKind,
  type FileHistoryDeltaEntry,
  type FileSnapshotEntry,
  type ImageEntry,
  type InformationalEntry,
  type InterruptedEntry,
  type LastPromptEntry,
  type LocalCommandEntry,
  type ModeEntry,
  type PartialAnswerEntry,
  type PermissionModeEntry,
  type ProgressEntry,
  type QueueOperationEntry,
  type ReportedModelUsage,
  type Role,
  type SessionMetaEntry,
  type StopHookSummaryEntry,
  type ThinkingEntry,
  type ToolResultEntry,
  type ToolUseEntry,
  type ToolsUsedEntry,
  type TranscriptEntry,
  type TurnEndEntry,
  type UnknownEntry,
  type Usage,
  type UserPromptEntry,
} from './types.js';
