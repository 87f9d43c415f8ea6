/** What the fake model answers with, and builders for it. */

export interface TextBlock {
  type: 'text';
  text: string;
}

/** A tool call; `id` is generated (random, unique across restarts) when omitted. */
export interface ToolUseBlock {
  type: 'tool_use';
  name: string;
  input: Record<string, unknown>;
  id?: string;
}

export type ReplyBlock = TextBlock | ToolUseBlock;

export interface MessageReply {
  type: 'message';
  content: ReplyBlock[];
  /** Spread the streamed text deltas over this many milliseconds (default: as fast as possible). */
  durationMs?: number;
  /** Defaults to `tool_use` when the content has a tool call, else `end_turn`. */
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
}

export interface ErrorReply {
  type: 'error';
  status: number;
  /** Anthropic error type; derived from the status when omitted. */
  errorType?: string;
  message?: string;
  /** Seconds, sent as the `retry-after` header. */
  retryAfter?: number;
}

/** Accept the request and never answer; the connection stays open until the client or `close()` ends it. */
export interface HangReply {
  type: 'hang';
}

export type Reply = MessageReply | ErrorReply | HangReply;

export function text(s: string): MessageReply {
  return { type: 'message', content: [{ type: 'text', text: s }] };
}

/** Text streamed word by word over `seconds`. */
export function slowText(s: string, seconds: number): MessageReply {
  return { type: 'message', content: [{ type: 'text', text: s }], durationMs: Math.max(0, seconds * 1000) };
}

/** One assistant message with tool calls; plain strings become text blocks (e.g. `toolUse('I will run it.', bash('ls'))`). */
export function toolUse(...blocks: Array<ReplyBlock | string>): MessageReply {
  return {
    type: 'message',
    content: blocks.map((b) => (typeof b === 'string' ? { type: 'text', text: b } : b)),
    stopReason: 'tool_use',
  };
}

export function httpError(
  status: number,
  options: { retryAfter?: number; message?: string; errorType?: string } = {},
): ErrorReply {
  return { type: 'error', status, ...options };
}

export function hang(): HangReply {
  return { type: 'hang' };
}

const ERROR_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'messages: fake invalid request for testing'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit (fake)'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

/** The Anthropic error type and default message for a status. */
export function errorDefaults(status: number): [type: string, message: string] {
  return (
    ERROR_TYPES[status] ??
    (status >= 500 ? ['api_error', 'Internal server error'] : ['invalid_request_error', 'Fake error'])
  );
}
