import { openTranscript, type Page, type PageQuery, type Transcript, type TranscriptSummary } from '@aegis/transcript';
import { transcriptFile, type SessionRecord } from '../record.js';
import type { SessionRuntime } from '../runtime.js';
import { health, type Health } from '../session-info.js';
import type { Target, Terminal } from '../terminal.js';

/** What a session shows to readers: its transcript, its pane, its health. Works for ended sessions too (rt null). */
export class SessionReads {
  constructor(
    private readonly record: SessionRecord,
    private readonly rt: SessionRuntime | null,
    private readonly terminal: Terminal,
    /** Messages waiting in the queue (not counting one being delivered). */
    private readonly queueLength: () => number,
  ) {}

  /** A page of the transcript; cursors (`after`/`before`) are stable entry ids. */
  async transcript(query: PageQuery = {}): Promise<Page> {
    return (await this.#transcript()).page(query);
  }

  async summary(): Promise<TranscriptSummary> {
    return (await this.#transcript()).summary();
  }

  /** The pane's text as shown now ('' once ended). */
  async pane(): Promise<string> {
    if (this.record.endedAt !== null) return '';
    return this.terminal.capture(this.record.paneId as Target).catch(() => '');
  }

  async health(): Promise<Health> {
    const win = await this.terminal.windowInfo(this.record.windowId as Target).catch(() => undefined);
    return health(this.record, this.rt ?? undefined, win, this.rt ? this.queueLength() : 0);
  }

  async #transcript(): Promise<Transcript> {
    if (!this.rt) return openTranscript(transcriptFile(this.record));
    await this.rt.transcript.check();
    return this.rt.transcript.transcript;
  }
}
