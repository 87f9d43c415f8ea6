import type {
  AegisEvent,
  AnswerInput,
  AnswerResult,
  CreateResult,
  CreateSessionInput,
  SendResult,
  SessionInfo,
} from '@aegis/core';

/**
 * One output of Aegis (a webhook endpoint, a Telegram group, …). The fan-out calls `handle` for one event at a
 * time, in order, from the channel's own worker: a slow `handle` only delays this channel. A thrown error counts
 * as a failed delivery of that event (dead-lettered, counted towards the circuit breaker).
 */
export interface Channel {
  /** Unique among the fan-out's channels, e.g. `webhook:ops` or `telegram`. */
  readonly name: string;
  handle(event: AegisEvent): Promise<void>;
  /** Called once by `Fanout.start()` (connect, start polling, load state). */
  start?(): Promise<void>;
  /** Called once by `Fanout.stop()`. */
  stop?(): Promise<void>;
}

/** Where events come from: `SessionManager.events` (core's `EventLog`) satisfies it. */
export interface EventSource {
  subscribe(listener: (event: AegisEvent) => void, options?: { after?: number }): () => void;
}

/** The few `SessionManager` methods channels call; `SessionManager` satisfies it structurally. */
export interface SessionControl {
  create(input: CreateSessionInput): Promise<CreateResult>;
  send(sessionId: string, input: string): Promise<SendResult>;
  answer(sessionId: string, input: AnswerInput): Promise<AnswerResult>;
  approve(sessionId: string, options?: { always?: boolean; promptId?: string }): Promise<AnswerResult>;
  reject(sessionId: string, options?: { message?: string; promptId?: string }): Promise<AnswerResult>;
  interrupt(sessionId: string): Promise<AnswerResult>;
  kill(sessionId: string): Promise<void>;
  get(sessionId: string): SessionInfo;
  list(): SessionInfo[];
  pane(sessionId: string): Promise<string>;
}

/** Where a channel writes what it could not do. Default: `console.warn` with an `[aegis:channels]` prefix. */
export interface Logger {
  warn(message: string, context?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  warn: (message, context) => console.warn(`[aegis:channels] ${message}`, context ?? ''),
};

export const silentLogger: Logger = { warn: () => undefined };
