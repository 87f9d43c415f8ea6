import { resumeFrom, type AegisEvent } from '@aegis/core';
import pg from 'pg';
import type { PgConnection } from './connection.js';

/** An event of any node, numbered in the fleet's global order (`id` is its `seq`). */
export type FleetEvent = AegisEvent & { node: string };
export type FleetListener = (event: FleetEvent) => void;

const PAGE = 1000;
/** A wake-up lost while the listening connection was down is caught by this poll. */
const FALLBACK_POLL_MS = 1000;
const RELISTEN_MS = 500;

/**
 * Every node's events in their global order, live: NOTIFY only wakes the feed, the table is the truth (NOTIFY has no
 * replay), so a subscriber resuming from any `seq` on any node gets every later event once, in order.
 */
export class PgEventFeed {
  readonly #url: string;
  readonly #db: PgConnection;
  readonly #listeners = new Set<FleetListener>();
  #listen: pg.Client | null = null;
  #last = 0;
  #polling: Promise<void> | null = null;
  #again = false;
  #closed = false;
  readonly #timer: NodeJS.Timeout;

  private constructor(url: string, db: PgConnection) {
    this.#url = url;
    this.#db = db;
    this.#timer = setInterval(() => this.#wake(), FALLBACK_POLL_MS);
    this.#timer.unref();
  }

  static async open(url: string, db: PgConnection): Promise<PgEventFeed> {
    const feed = new PgEventFeed(url, db);
    const r = await db.query<{ last: string }>('select coalesce(max(seq), 0) as last from aegis_events');
    feed.#last = Number(r.rows[0]!.last);
    feed.#startListening();
    return feed;
  }

  /** The newest global id delivered so far. */
  get lastId(): number {
    return this.#last;
  }

  /** Stored events after `after` (global id), oldest first; optionally one session's. */
  async replay(after: number, filter: { sessionId?: string } = {}): Promise<FleetEvent[]> {
    const out: FleetEvent[] = [];
    for (let from = after; ;) {
      const page = await this.#read(from, filter.sessionId);
      out.push(...page);
      if (page.length < PAGE) return out;
      from = page.at(-1)!.id;
    }
  }

  /**
   * Live events; with `after`, first every stored event with a larger id, then live ones, without gaps or
   * duplicates. (`durable` is accepted for the event log's signature: every event here is already stored.)
   */
  subscribe(listener: FleetListener, options: { after?: number; durable?: boolean } = {}): () => void {
    if (options.after === undefined) {
      this.#listeners.add(listener);
      return () => this.#listeners.delete(listener);
    }
    const { live, start } = resumeFrom(options.after, listener);
    this.#listeners.add(live);
    start(this.replay(options.after));
    return () => this.#listeners.delete(live);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#listeners.clear();
    const c = this.#listen;
    this.#listen = null;
    c?.removeAllListeners('end');
    await c?.end().catch(() => undefined);
    await this.#polling?.catch(() => undefined);
  }

  async #read(after: number, sessionId: string | undefined): Promise<FleetEvent[]> {
    const r =
      sessionId === undefined
        ? await this.#db.query<{ seq: string; node: string; event: AegisEvent }>(
            'select seq, node, event from aegis_events where seq > $1 order by seq limit $2',
            [after, PAGE],
          )
        : await this.#db.query<{ seq: string; node: string; event: AegisEvent }>(
            'select seq, node, event from aegis_events where seq > $1 and session_id = $2 order by seq limit $3',
            [after, sessionId, PAGE],
          );
    return r.rows.map((row) => ({ ...row.event, id: Number(row.seq), node: row.node }));
  }

  /** Polls once now; a wake-up during a poll polls again after it (one poll at a time keeps the order). */
  #wake(): void {
    if (this.#closed) return;
    if (this.#polling) {
      this.#again = true;
      return;
    }
    this.#polling = this.#poll()
      .catch(() => undefined) // the database is away: the next wake-up tries again
      .finally(() => {
        this.#polling = null;
        if (this.#again) {
          this.#again = false;
          this.#wake();
        }
      });
  }

  async #poll(): Promise<void> {
    for (;;) {
      const page = await this.#read(this.#last, undefined);
      for (const e of page) {
        this.#last = e.id;
        for (const l of this.#listeners) {
          try {
            l(e);
          } catch {
            /* a listener's failure is its own */
          }
        }
      }
      if (page.length < PAGE) return;
    }
  }

  /** LISTENs on a connection of its own; a lost one is replaced (and the feed catches up by polling). */
  #startListening(): void {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.#url });
    let lost = false;
    const replace = () => {
      if (lost) return;
      lost = true;
      if (this.#listen === client) this.#listen = null;
      client.end().catch(() => undefined);
      if (!this.#closed) setTimeout(() => this.#startListening(), RELISTEN_MS).unref();
    };
    client.on('error', replace);
    client.on('end', replace);
    client.on('notification', () => this.#wake());
    client
      .connect()
      .then(() => client.query('listen aegis_events'))
      .then(() => {
        if (lost) return;
        if (this.#closed) return void client.end().catch(() => undefined);
        this.#listen = client;
        this.#wake(); // events committed while nobody listened
      })
      .catch(replace);
  }
}
