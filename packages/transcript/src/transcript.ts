import { TranscriptStore, type Page, type PageQuery, type ThreadOptions } from './store.js';
import { computeUsage, type UsageOptions, type UsageReport } from './usage.js';
import { summarize, type SummaryOptions, type TranscriptSummary } from './summary.js';
import { TranscriptTail, type TailOptions, type TailResult } from './tail.js';
import { TranscriptWatcher, type WatchOptions } from './watch.js';
import type { TranscriptEntry } from './types.js';

/**
 * One transcript file, read incrementally into an ordered index: `refresh()` reads only what was appended,
 * and any number of readers page it with cursors. Truncation or replacement of the file clears the index.
 */
export class Transcript {
  readonly path: string;
  readonly tail: TranscriptTail;
  readonly store = new TranscriptStore();

  constructor(path: string, options: TailOptions = {}) {
    this.path = path;
    this.tail = new TranscriptTail(path, options);
  }

  /** Malformed lines skipped so far. */
  get malformed(): number {
    return this.tail.malformedTotal;
  }

  /** Read what was appended; `entries` are those newly indexed, in index order. */
  async readNew(): Promise<TailResult> {
    const result = await this.tail.readNew();
    if (result.reset !== null) this.store.clear();
    return { ...result, entries: this.store.add(result.entries) };
  }

  /** {@link readNew}, returning only the new entries. */
  async refresh(): Promise<TranscriptEntry[]> {
    return (await this.readNew()).entries;
  }

  /** All indexed entries, in order. */
  entries(): readonly TranscriptEntry[] {
    return this.store.all();
  }

  page(query: PageQuery = {}): Page {
    return this.store.page(query);
  }

  thread(options: ThreadOptions = {}): TranscriptEntry[] {
    return this.store.thread(options);
  }

  usage(options: UsageOptions = {}): UsageReport {
    return computeUsage(this.store.all(), options);
  }

  summary(options: SummaryOptions = {}): TranscriptSummary {
    return summarize(this.store.all(), options);
  }

  /** Push new entries as the file grows (the watcher reads through this transcript, so the index stays current). */
  watch(options: Omit<WatchOptions, 'source'> = {}): TranscriptWatcher {
    return new TranscriptWatcher(this.path, { ...options, source: this }).start();
  }
}

/** Open a transcript and read what is already there. */
export async function openTranscript(path: string, options: TailOptions = {}): Promise<Transcript> {
  const t = new Transcript(path, options);
  await t.refresh();
  return t;
}
