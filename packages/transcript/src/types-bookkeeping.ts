import type { EntryBase } from './entry-base.js';

// Records Claude Code writes for itself (most without a uuid): queue, modes, prompts, file history, requests, cost.

export interface QueueOperationEntry extends EntryBase {
  kind: 'queue_operation';
  /** `enqueue` | `dequeue` | … */
  operation: string;
  content: string | null;
}

export interface PermissionModeEntry extends EntryBase {
  kind: 'permission_mode';
  permissionMode: string;
}

export interface ModeEntry extends EntryBase {
  kind: 'mode';
  mode: string;
}

export interface LastPromptEntry extends EntryBase {
  kind: 'last_prompt';
  lastPrompt: string | null;
  leafUuid: string | null;
}

export interface FileSnapshotEntry extends EntryBase {
  kind: 'file_snapshot';
  messageId: string | null;
  isSnapshotUpdate: boolean;
  snapshot: unknown;
}

/**
 * The request Claude Code sent to the API (2.1.331+), written in three record types:
 * - `api-request` (`part: 'request'`): one per request sent, before its response: a retry repeats the same
 *   `requestDigest`, a resend after a 400 (with fewer betas) has a new one; assistant records name it in `requestRef`;
 * - `api-request-shape` (`part: 'shape'`): system prompt and tools, by `shapeHash`;
 * - `api-request-blob` (`part: 'blob'`): one message of the request body, by `hash`.
 * They carry no usage: tokens are counted from assistant records only.
 */
export interface ApiRequestEntry extends EntryBase {
  kind: 'api_request';
  part: 'request' | 'shape' | 'blob';
  /** The `api-request` record's `id` (what assistant records call `requestRef`); null for shapes and blobs. */
  requestRef: string | null;
  /** The earlier request this one extends (`base`); null for the first one of a session and for shapes/blobs. */
  baseRequestRef: string | null;
  /** `querySource`: `repl_main_thread`, … */
  querySource: string | null;
  /** `params.model` of a request. */
  model: string | null;
  /** A request's `requestDigest`: equal on retries of the same request. */
  requestDigest: string | null;
  shapeHash: string | null;
  /** A blob's `hash`. */
  hash: string | null;
  /** The record as written (a blob's `message` is a request message, never a response). */
  data: Record<string, unknown>;
}

/** One model's row of a `cost-state` record (`modelUsage[model]`), normalised to camelCase. */
export interface ReportedModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheCreation1hInputTokens: number;
  cacheReadInputTokens: number;
  thinkingTokens: number;
  webSearchRequests: number;
  costUsd: number;
}

/**
 * `cost-state` (2.1.331+): Claude Code's own running totals for the session, written again and again (at least
 * at the end of a turn and at exit). Cumulative: the last one is the current figure; never add them up. It also
 * counts requests that leave no assistant record (title generation, the unwritten rest of an interrupted stream),
 * so it can exceed the sums of the assistant records.
 */
export interface CostStateEntry extends EntryBase {
  kind: 'cost_state';
  totalCostUsd: number | null;
  totalApiDurationMs: number | null;
  totalApiDurationWithoutRetriesMs: number | null;
  totalToolDurationMs: number | null;
  totalDurationMs: number | null;
  linesAdded: number | null;
  linesRemoved: number | null;
  /** `startTime`, epoch ms. */
  startTime: number | null;
  hasUnknownModelCost: boolean;
  modelUsage: Record<string, ReportedModelUsage>;
}

/** `tools-used` (2.1.331+): the tool names a request is about to use. */
export interface ToolsUsedEntry extends EntryBase {
  kind: 'tools_used';
  tools: string[];
}

/** `file-history-delta` (2.1.331+): one file backed up into an existing file-history snapshot. */
export interface FileHistoryDeltaEntry extends EntryBase {
  kind: 'file_history_delta';
  messageId: string | null;
  /** The `file-history-snapshot` (its `messageId`) the backup belongs to. */
  snapshotMessageId: string | null;
  trackingPath: string | null;
  /** `backup` (`backupFileName`, `version`, `backupTime`, …), untouched. */
  backup: unknown;
}
