import type {
  AegisEvent,
  AnswerInput,
  BashInput,
  CommandInput,
  BoxCommandResult,
  AnswerResult,
  BatchItemResult,
  CreateResult,
  CommitResult,
  CreateSessionInput,
  Health,
  MergeResult,
  MergeStrategy,
  WorktreeDiff,
  PipelineInfo,
  PipelineSpecInput,
  SendInput,
  SendResult,
  SessionInfo,
} from '@aegis/core';
import type { StateKind } from '@aegis/state';
import type { Page, PageQuery, TranscriptSummary } from '@aegis/transcript';

/** What `server_health` and `aegis://health` report. */
export interface ServerHealth {
  status: 'ok' | 'degraded';
  /** Where the sessions live: this process (`embedded`) or a running Aegis server (`http`). */
  backend: 'embedded' | 'http';
  version?: string;
  sessions?: { active: number; total: number };
  [key: string]: unknown;
}

/**
 * Everything the MCP tools, resources and prompts need from Aegis. Implemented in-process over `@aegis/core`
 * ({@link createEmbeddedBackend}) and, later, over a running Aegis server's REST API. Every failure is thrown as an
 * `AegisError` (stable `code`).
 */
export interface Backend {
  readonly kind: 'embedded' | 'http';
  list(): Promise<SessionInfo[]>;
  get(id: string): Promise<SessionInfo>;
  create(input: CreateSessionInput): Promise<CreateResult>;
  createBatch(inputs: CreateSessionInput[]): Promise<BatchItemResult[]>;
  send(id: string, input: SendInput): Promise<SendResult>;
  answer(id: string, input: AnswerInput): Promise<AnswerResult>;
  /** A slash command (`/compact`) in an idle session: the screen it left. */
  command(id: string, input: CommandInput): Promise<BoxCommandResult>;
  /** Claude Code's shell mode (no permission prompt): refused (`SHELL_MODE_DISABLED`) unless allowed. */
  bash(id: string, input: BashInput): Promise<BoxCommandResult>;
  kill(id: string): Promise<void>;
  transcript(id: string, query: PageQuery): Promise<Page>;
  summary(id: string): Promise<TranscriptSummary>;
  pane(id: string): Promise<string>;
  /** The terminal screen as a PNG, rendered by headless Chromium. */
  paneImage(id: string): Promise<Buffer>;
  health(id: string): Promise<Health>;
  /** Resolves true once the session's status is one of `states`, false after `timeoutMs`. */
  waitFor(id: string, states: StateKind[], timeoutMs: number): Promise<boolean>;
  serverHealth(): Promise<ServerHealth>;
  /** Pipelines (core's `manager.pipelines`; over http `/v1/pipelines`). */
  createPipeline(spec: PipelineSpecInput): Promise<PipelineInfo>;
  listPipelines(): Promise<PipelineInfo[]>;
  getPipeline(id: string): Promise<PipelineInfo>;
  cancelPipeline(id: string, o: { keepSessions?: boolean }): Promise<PipelineInfo>;
  /** Worktree sessions (core's `manager.worktrees`; over http `/v1/sessions/:id/diff|commit|merge`). */
  diff(id: string, o: { stat?: boolean; maxBytes?: number }): Promise<WorktreeDiff>;
  commit(id: string, message: string): Promise<CommitResult>;
  merge(id: string, req: { into?: string; strategy: MergeStrategy; message?: string }): Promise<MergeResult>;
  /** Live events (for resource update notifications). Returns the unsubscribe function. */
  subscribe(listener: (event: AegisEvent) => void): () => void;
  /** Stops following sessions (they keep running in tmux). */
  close(): Promise<void>;
}
