import { startsTurn, Transcript, type TranscriptEntry, type TranscriptWatcher } from '@aegis/transcript';
import type { TranscriptSignal } from '@aegis/state';

/** Turns transcript entries into the detector's signals (see @aegis/state's TranscriptSignal). */
export function entryToSignal(e: TranscriptEntry, fallbackAt: number): TranscriptSignal | undefined {
  const parsed = e.timestamp ? Date.parse(e.timestamp) : NaN;
  const at = Number.isFinite(parsed) ? parsed : fallbackAt;
  switch (e.kind) {
    case 'user_prompt':
      if (!startsTurn(e)) return undefined;
      return { kind: 'user_prompt', at, text: e.text, queued: e.source === 'queued' };
    case 'turn_end':
      return { kind: 'turn_completed', at, ...(e.durationMs !== null ? { durationMs: e.durationMs } : {}) };
    case 'api_error':
      return {
        kind: 'api_error',
        at,
        message: e.text,
        ...(e.status !== null ? { status: e.status } : {}),
        ...(e.error !== null ? { error: e.error } : {}),
      };
    case 'interrupted':
      return { kind: 'interrupted', at, forToolUse: e.forToolUse };
    case 'tool_use':
      return {
        kind: 'tool_use',
        at,
        id: e.toolUseId,
        name: e.name,
        ...(typeof e.input === 'object' && e.input !== null ? { input: e.input as Record<string, unknown> } : {}),
      };
    case 'tool_result':
      return { kind: 'tool_result', at, toolUseId: e.toolUseId, isError: e.isError };
    case 'assistant_text':
      return { kind: 'assistant_text', at, text: e.text };
    default:
      return undefined;
  }
}

export interface TranscriptFeedHandlers {
  /** Every new entry, with whether it lies past the already-announced offset (so a restart repeats nothing). */
  onEntries(entries: TranscriptEntry[], fresh: TranscriptEntry[], offset: number): void;
}

/** Follows one session's JSONL transcript (watch + poll), indexed for paging. */
export class TranscriptFeed {
  readonly transcript: Transcript;
  readonly #announcedOffset: number;
  readonly #h: TranscriptFeedHandlers;
  readonly #pollMs: number;
  #watcher: TranscriptWatcher | undefined;

  constructor(path: string, announcedOffset: number, pollMs: number, handlers: TranscriptFeedHandlers) {
    this.transcript = new Transcript(path);
    this.#announcedOffset = announcedOffset;
    this.#pollMs = pollMs;
    this.#h = handlers;
  }

  start(): void {
    this.#watcher = this.transcript.watch({ pollIntervalMs: this.#pollMs });
    this.#watcher.on('entries', (entries) => {
      const fresh = entries.filter((e) => e.offset === null || e.offset >= this.#announcedOffset);
      this.#h.onEntries(entries, fresh, this.transcript.tail.lineOffset);
    });
    this.#watcher.on('error', () => undefined);
  }

  /** Reads now (resolves when the read finished). */
  async check(): Promise<void> {
    await this.#watcher?.check();
  }

  stop(): void {
    this.#watcher?.close();
  }
}
