import type { EntryBase } from './entry-base.js';
import type {
  ApiRequestEntry,
  CostStateEntry,
  FileHistoryDeltaEntry,
  FileSnapshotEntry,
  LastPromptEntry,
  ModeEntry,
  PermissionModeEntry,
  QueueOperationEntry,
  ToolsUsedEntry,
} from './types-bookkeeping.js';

/** Token counts of one API message (`message.usage`), normalised to camelCase. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** All cache writes (`cache_creation_input_tokens`), 5-minute and 1-hour. */
  cacheCreationInputTokens: number;
  /** The 1-hour part of the cache writes (`cache_creation.ephemeral_1h_input_tokens`), priced higher. */
  cacheCreation1hInputTokens: number;
  cacheReadInputTokens: number;
}

export type { EntryBase, Role } from './entry-base.js';

/** Model, ids and usage of the API message an assistant entry belongs to. */
export interface AssistantMessageInfo {
  /** `message.id`; Claude Code writes one record per content block, all with the same id. */
  messageId: string | null;
  requestId: string | null;
  /** `requestRef` (2.1.331+): the `id` of the `api-request` record ({@link ApiRequestEntry}) that asked for it. */
  requestRef: string | null;
  /** `<synthetic>` for text Claude Code wrote itself (API errors, interrupted partial answers). */
  model: string | null;
  stopReason: string | null;
  usage: Usage | null;
}

export interface UserPromptEntry extends EntryBase {
  kind: 'user_prompt';
  text: string;
  /** `typed` | `queued` (`promptSource`), null when absent. */
  source: string | null;
  permissionMode: string | null;
  promptId: string | null;
  isMeta: boolean;
  /** True when the text rode along a tool result (amend text typed into a permission dialog). */
  withToolResult: boolean;
}

/** `/command` echoes and their output, from a user record or a `system`/`local_command` record. */
export interface LocalCommandEntry extends EntryBase {
  kind: 'local_command';
  content: string;
  /** `/compact`, `/help`, … when the content is a `<command-name>` echo. */
  commandName: string | null;
  commandArgs: string | null;
  /** Text inside `<local-command-stdout>` / `<local-command-stderr>`, when present. */
  stdout: string | null;
  isMeta: boolean;
  via: 'user' | 'system';
}

export interface CompactSummaryEntry extends EntryBase {
  kind: 'compact_summary';
  text: string;
}

/** `[Request interrupted by user]` (`forToolUse` false) or `[Request interrupted by user for tool use]`. */
export interface InterruptedEntry extends EntryBase {
  kind: 'interrupted';
  text: string;
  forToolUse: boolean;
  interruptedMessageId: string | null;
}

export interface ImageEntry extends EntryBase {
  kind: 'image';
  mediaType: string | null;
  /** The block's `source`, untouched. */
  source: unknown;
}

export interface AssistantTextEntry extends EntryBase {
  kind: 'assistant_text';
  text: string;
  message: AssistantMessageInfo;
}

export interface ThinkingEntry extends EntryBase {
  kind: 'thinking';
  /** Empty for redacted thinking. */
  text: string;
  redacted: boolean;
  message: AssistantMessageInfo;
}

export interface ToolUseEntry extends EntryBase {
  kind: 'tool_use';
  toolUseId: string;
  name: string;
  input: unknown;
  /** True for server tools (`server_tool_use`, e.g. web search). */
  server: boolean;
  message: AssistantMessageInfo;
}

export interface ToolResultEntry extends EntryBase {
  kind: 'tool_result';
  toolUseId: string;
  /** The block's `content` exactly as written (string or content blocks); never truncated. */
  content: unknown;
  /** All text of `content` joined with newlines. */
  text: string;
  isError: boolean;
  /** Claude Code's structured `toolUseResult` (stdout/stderr, patches, answers, …), untouched. */
  toolUseResult: unknown;
  sourceToolAssistantUuid: string | null;
  /** True for server tool results found in assistant content. */
  server: boolean;
}

export interface ApiErrorEntry extends EntryBase {
  kind: 'api_error';
  text: string;
  /** `apiErrorStatus` (500, 400, …). */
  status: number | null;
  /** `error`: `server_error` | `rate_limit` | `unknown` | … */
  error: string | null;
  /** `apiErrorType` (2.1.331+): `api_error`, `overloaded_error`, `rate_limit_error`, `invalid_request_error`, … */
  errorType: string | null;
  /** `apiErrorIsTransient` (2.1.331+), when written. */
  transient: boolean | null;
  message: AssistantMessageInfo;
}

/**
 * The partial text of an interrupted stream: 2.1.197 writes it as model `<synthetic>` (no usage); 2.1.331 keeps
 * the real model, message id and usage and marks the record `isAbortedMidStream: true`.
 */
export interface PartialAnswerEntry extends EntryBase {
  kind: 'partial_answer';
  text: string;
  message: AssistantMessageInfo;
}

/**
 * `system`/`turn_duration`: written when a turn completes; never after an interrupt. 2.1.197 also writes it after
 * a final API error; 2.1.331 does not (there the `api_error` entry is the turn's last record).
 */
export interface TurnEndEntry extends EntryBase {
  kind: 'turn_end';
  durationMs: number | null;
  messageCount: number | null;
}

export interface CompactBoundaryEntry extends EntryBase {
  kind: 'compact_boundary';
  trigger: string | null;
  preTokens: number | null;
  logicalParentUuid: string | null;
  compactMetadata: unknown;
}

export interface InformationalEntry extends EntryBase {
  kind: 'informational';
  content: string;
  level: string | null;
}

export interface StopHookSummaryEntry extends EntryBase {
  kind: 'stop_hook_summary';
  hookCount: number | null;
  hookInfos: unknown;
  hookErrors: unknown;
  preventedContinuation: boolean;
  stopReason: string | null;
  toolUseId: string | null;
}

export interface AttachmentEntry extends EntryBase {
  kind: 'attachment';
  /** `attachment.type`: `hook_success`, `hook_permission_decision`, `plan_mode`, `file`, … */
  attachmentType: string;
  attachment: Record<string, unknown>;
}

export interface ProgressEntry extends EntryBase {
  kind: 'progress';
  /** `data.type`: `hook_progress`, `agent_progress`, `bash_progress`, … */
  dataType: string | null;
  toolUseId: string | null;
  parentToolUseId: string | null;
  data: unknown;
}

/** Session metadata records Claude Code knows (titles, tags, links, worktree state, …), kept whole. */
export interface SessionMetaEntry extends EntryBase {
  kind: 'session_meta';
  recordType: string;
  data: Record<string, unknown>;
}

/** Anything not recognised: kept with its raw JSON, never dropped. */
export interface UnknownEntry extends EntryBase {
  kind: 'unknown';
  /** What was not recognised. */
  reason: 'record_type' | 'system_subtype' | 'content_block' | 'shape';
  /** Top-level `type` (plus `/subtype` or `/block type` when that was the unknown part). */
  recordType: string | null;
  /** The record (or content block) as parsed JSON. */
  raw: unknown;
}

export type TranscriptEntry =
  | UserPromptEntry
  | LocalCommandEntry
  | CompactSummaryEntry
  | InterruptedEntry
  | ImageEntry
  | AssistantTextEntry
  | ThinkingEntry
  | ToolUseEntry
  | ToolResultEntry
  | ApiErrorEntry
  | PartialAnswerEntry
  | TurnEndEntry
  | CompactBoundaryEntry
  | InformationalEntry
  | StopHookSummaryEntry
  | AttachmentEntry
  | ProgressEntry
  | QueueOperationEntry
  | PermissionModeEntry
  | ModeEntry
  | LastPromptEntry
  | FileSnapshotEntry
  | SessionMetaEntry
  | ApiRequestEntry
  | CostStateEntry
  | ToolsUsedEntry
  | FileHistoryDeltaEntry
  | UnknownEntry;

export type EntryKind = TranscriptEntry['kind'];
export type {
  ApiRequestEntry,
  CostStateEntry,
  FileHistoryDeltaEntry,
  FileSnapshotEntry,
  LastPromptEntry,
  ModeEntry,
  PermissionModeEntry,
  QueueOperationEntry,
  ReportedModelUsage,
  ToolsUsedEntry,
} from './types-bookkeeping.js';

/** Every entry kind, in the order of the README table. */
export const ENTRY_KINDS = [
  'user_prompt',
  'local_command',
  'compact_summary',
  'interrupted',
  'image',
  'assistant_text',
  'thinking',
  'tool_use',
  'tool_result',
  'api_error',
  'partial_answer',
  'turn_end',
  'compact_boundary',
  'informational',
  'stop_hook_summary',
  'attachment',
  'progress',
  'queue_operation',
  'permission_mode',
  'mode',
  'last_prompt',
  'file_snapshot',
  'session_meta',
  'api_request',
  'cost_state',
  'tools_used',
  'file_history_delta',
  'unknown',
] as const satisfies readonly EntryKind[];

/** Entry kinds that carry an {@link AssistantMessageInfo}. */
export type AssistantEntry = AssistantTextEntry | ThinkingEntry | ToolUseEntry | ApiErrorEntry | PartialAnswerEntry;

/** Narrow an entry to one of the kinds produced from assistant records. */
export function isAssistantEntry(entry: TranscriptEntry): entry is AssistantEntry {
  return 'message' in entry;
}
