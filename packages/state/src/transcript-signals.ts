/**
 * Facts taken from the JSONL transcript, reduced to what the detector needs. Core derives them from
 * @aegis/transcript (see fixtures/claude-code/2.1.197/jsonl/README.md):
 * - `user_prompt`: a `user` record whose content is a string (typed or `promptSource: "queued"`);
 * - `turn_completed`: `system`/`turn_duration` (also written after an API error, never after an interrupt);
 * - `api_error`: an `assistant` record with `isApiErrorMessage: true`;
 * - `interrupted`: a user text `[Request interrupted by user]` (or `… for tool use`);
 * - `tool_use` / `tool_result`: pending tool calls and their results;
 * - `assistant_text`: any assistant content;
 * - `growth`: the file grew (total bytes), used only as a liveness marker.
 * `at` is the record's own `timestamp` (ms) where it has one, otherwise when core read it.
 */
export type TranscriptSignal =
  | { kind: 'user_prompt'; at: number; text?: string; queued?: boolean }
  | { kind: 'turn_completed'; at: number; durationMs?: number }
  | { kind: 'api_error'; at: number; message: string; status?: number; error?: string }
  | { kind: 'interrupted'; at: number; forToolUse?: boolean }
  | { kind: 'tool_use'; at: number; id: string; name: string; input?: Record<string, unknown> }
  | { kind: 'tool_result'; at: number; toolUseId: string; isError?: boolean }
  | { kind: 'assistant_text'; at: number; text?: string }
  | { kind: 'growth'; at: number; bytes: number };

export type TranscriptSignalKind = TranscriptSignal['kind'];
