import type { EventLog } from './event-log.js';
import type { Clock, TimerHandle } from './io.js';
import type { SessionRecord } from './record.js';
import type { SessionRecords } from './storage/session-records.js';
import type { MessageQueueStore } from './storage/types.js';

const DAY = 24 * 60 * 60_000;

/** How long the event log and ended sessions are kept (`SessionManagerOptions.retention`). */
export interface RetentionOptions {
  /** Events older than this are removed. Null: none by age. Default 7 days. */
  eventMaxAgeMs?: number | null;
  /** Only the newest this many events are kept. Null: no count limit. Default 250,000 (the file store reads its whole file at start and on each prune: at 200–450 bytes an event that is 50–110 MB). */
  eventMaxCount?: number | null;
  /**
   * Records of sessions that ended longer ago than this are removed: never a live session, nor one whose worktree
   * is still on disk (its record is how it is merged or removed). Null: kept for ever. Default 7 days.
   */
  endedSessionMaxAgeMs?: number | null;
  /** How often retention runs (also once at start). Default 1 hour. */
  intervalMs?: number;
}

/** What the last run removed. */
export interface RetentionRun {
  at: number;
  events: number;
  sessions: string[];
  /** Why the run failed (the next one tries again); null when it did not. */
  error: string | null;
}

export interface RetentionDeps {
  clock: Clock;
  events: EventLog;
  records: SessionRecords;
  /** A queue store apart from the records (a database): a pruned session's leftover queue goes too. */
  queues: MessageQueueStore | null;
  /** Whether a session is still followed (its record is never removed then). */
  live(id: string): boolean;
}

/** Prunes the event log and ended sessions' records: once at start, then every `intervalMs` on the injected clock. */
export class Retention {
  readonly #d: RetentionDeps;
  readonly #o: Required<RetentionOptions>;
  #timer: TimerHandle | undefined;
  #stopped = true;
  #last: RetentionRun | null = null;

  constructor(d: RetentionDeps, o: RetentionOptions = {}) {
    this.#d = d;
    this.#o = {
      eventMaxAgeMs: o.eventMaxAgeMs === undefined ? 7 * DAY : o.eventMaxAgeMs,
      eventMaxCount: o.eventMaxCount === undefined ? 250_000 : o.eventMaxCount,
      endedSessionMaxAgeMs: o.endedSessionMaxAgeMs === undefined ? 7 * DAY : o.endedSessionMaxAgeMs,
      intervalMs: o.intervalMs ?? 60 * 60_000,
    };
  }

  /** The last run's result; null before the first one ended. */
  get last(): RetentionRun | null {
    return this.#last;
  }

  start(): void {
    this.#stopped = false;
    void this.#tick();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#d.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** One pass now. */
  async run(): Promise<RetentionRun> {
    const { clock, events, records, queues, live } = this.#d;
    const o = this.#o;
    const at = clock.now();
    let run: RetentionRun = { at, events: 0, sessions: [], error: null };
    try {
      run.events = await events.prune({ maxAgeMs: o.eventMaxAgeMs, maxEvents: o.eventMaxCount });
      if (o.endedSessionMaxAgeMs !== null) {
        const keep = (r: SessionRecord) => live(r.id) || (!!r.worktree && !r.worktree.removedAt);
        run.sessions = await records.pruneEnded(at - o.endedSessionMaxAgeMs, keep);
        if (queues) await Promise.all(run.sessions.map((id) => queues.save(id, [])));
      }
    } catch (e) {
      run = { ...run, error: e instanceof Error ? e.message : String(e) };
    }
    this.#last = run;
    return run;
  }

  async #tick(): Promise<void> {
    await this.run();
    if (!this.#stopped) this.#timer = this.#d.clock.setTimeout(() => void this.#tick(), this.#o.intervalMs);
  }
}
