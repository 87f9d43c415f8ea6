import type {
  AegisEvent,
  EventCut,
  EventStore,
  MessageQueueStore,
  PersistedMessage,
  PipelineInfo,
  PipelineStore,
  SessionRecord,
  SessionStore,
} from '@aegis/core';
import { PipelineInfoSchema } from '@aegis/core';
import type { PgConnection } from './connection.js';

/** This node's session records (a node re-adopts only its own sessions); `load` reads them back. */
export class PgSessionStore implements SessionStore {
  constructor(
    private readonly db: PgConnection,
    private readonly node: string,
  ) {}

  async load(): Promise<{ sessions: SessionRecord[]; hookPort: number | null }> {
    const rows = await this.db.query<{ record: SessionRecord }>(
      'select record from aegis_sessions where node = $1 order by id',
      [this.node],
    );
    const port = await this.db.query<{ hook_port: number | null }>(
      'select hook_port from aegis_node_state where node = $1',
      [this.node],
    );
    return { sessions: rows.rows.map((r) => r.record), hookPort: port.rows[0]?.hook_port ?? null };
  }

  async put(record: SessionRecord): Promise<void> {
    await this.db.query(
      `insert into aegis_sessions (id, node, record) values ($1, $2, $3)
       on conflict (id) do update set node = excluded.node, record = excluded.record, updated_at = now()`,
      [record.id, this.node, JSON.stringify(record)],
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.query('delete from aegis_sessions where id = $1 and node = $2', [id, this.node]);
  }

  async setHookPort(port: number | null): Promise<void> {
    await this.db.query(
      'insert into aegis_node_state (node, hook_port) values ($1, $2) on conflict (node) do update set hook_port = excluded.hook_port',
      [this.node, port],
    );
  }
}

/** Events waiting for their turn as one insert (`due`: built and sent, closed to more). */
interface EventBatch {
  events: AegisEvent[];
  due: boolean;
  /** The connection's `queued` count when it was queued: another query queued since closes it too. */
  ticket: number;
  written: Promise<void>;
}

/** The most events one insert takes (its five arrays are parameters, so this only bounds one statement's size). */
const BATCH_MAX = 1000;

/**
 * One statement for many events: the counter moves by their number once, and each row takes the next `seq` in the
 * order given (`with ordinality`), in the same transaction, so the global order stays gap-free.
 */
function insertEvents(node: string, events: AegisEvent[]): [string, unknown[]] {
  return [
    `with n as (update aegis_event_seq set last = last + $2 returning last)
     insert into aegis_events (seq, node, id, session_id, at, type, event)
     select n.last - $2 + e.ord, $1, e.id, e.session_id, e.at, e.type, e.event
       from n, unnest($3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::jsonb[])
         with ordinality as e(id, session_id, at, type, event, ord)`,
    [
      node,
      events.length,
      events.map((e) => e.id),
      events.map((e) => e.sessionId ?? null),
      events.map((e) => e.at),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e)),
    ],
  ];
}

/**
 * One node's event log: rows carry the node and its own ids (core numbers its events), and the database gives each
 * row its place in the fleet's global order (`seq`, see the 0002 migration), which the fleet feed replays by.
 */
export class PgEventStore implements EventStore {
  /** The last batch queued (still open to more events while it waits; see `append`). */
  #batch: EventBatch | null = null;

  constructor(
    private readonly db: PgConnection,
    private readonly node: string,
  ) {}

  async tail(limit: number): Promise<AegisEvent[]> {
    const r = await this.db.query<{ event: AegisEvent }>(
      'select event from aegis_events where node = $1 order by id desc limit $2',
      [this.node, limit],
    );
    return r.rows.map((row) => row.event).reverse();
  }

  /**
   * Appends go in batches: an event appended while the previous batch still waits for its turn on the connection (and
   * nothing else was queued after it) joins it, so the events of a busy moment cost one statement, one counter update
   * and one commit, with no wait added when the log is quiet. Rows keep the order of the calls.
   */
  append(event: AegisEvent): Promise<void> {
    const open = this.#batch;
    if (open && !open.due && open.ticket === this.db.queued && open.events.length < BATCH_MAX) {
      open.events.push(event);
      return open.written;
    }
    const batch: EventBatch = { events: [event], due: false, ticket: 0, written: Promise.resolve() };
    batch.written = this.db
      .queryWhenDue(() => {
        batch.due = true;
        return insertEvents(this.node, batch.events);
      })
      .then(() => undefined);
    batch.ticket = this.db.queued;
    this.#batch = batch;
    return batch.written;
  }

  async read(after: number, filter: { sessionId?: string } = {}): Promise<AegisEvent[]> {
    const r =
      filter.sessionId === undefined
        ? await this.db.query<{ event: AegisEvent }>(
            'select event from aegis_events where node = $1 and id > $2 order by id',
            [this.node, after],
          )
        : await this.db.query<{ event: AegisEvent }>(
            'select event from aegis_events where node = $1 and id > $2 and session_id = $3 order by id',
            [this.node, after, filter.sessionId],
          );
    return r.rows.map((row) => row.event);
  }

  /** This node's old events only (ids are per node; every node prunes its own). */
  async prune(cut: EventCut): Promise<number> {
    const r = await this.db.query('delete from aegis_events where node = $1 and (at < $2 or id < $3)', [
      this.node,
      cut.before,
      cut.belowId,
    ]);
    return r.rowCount ?? 0;
  }
}

/** Each session's pending messages, one row per session (replaced whole, as the interface asks). */
export class PgMessageQueueStore implements MessageQueueStore {
  constructor(private readonly db: PgConnection) {}

  async load(sessionId: string): Promise<PersistedMessage[]> {
    const r = await this.db.query<{ messages: PersistedMessage[] }>(
      'select messages from aegis_queues where session_id = $1',
      [sessionId],
    );
    return r.rows[0]?.messages ?? [];
  }

  async save(sessionId: string, pending: readonly PersistedMessage[]): Promise<void> {
    if (pending.length === 0) {
      await this.db.query('delete from aegis_queues where session_id = $1', [sessionId]);
      return;
    }
    await this.db.query(
      'insert into aegis_queues (session_id, messages) values ($1, $2) on conflict (session_id) do update set messages = excluded.messages',
      [sessionId, JSON.stringify(pending)],
    );
  }
}

/**
 * Pipelines, one row each, with the node that last ran it. Every stored pipeline loads: only the fleet's scheduler
 * (the leader) opens them. A row that no longer parses is skipped and named.
 */
export class PgPipelineStore implements PipelineStore {
  constructor(
    private readonly db: PgConnection,
    private readonly node: string,
  ) {}

  async load(): Promise<{ pipelines: PipelineInfo[]; skipped: string[] }> {
    const r = await this.db.query<{ id: string; info: unknown }>('select id, info from aegis_pipelines order by id');
    const pipelines: PipelineInfo[] = [];
    const skipped: string[] = [];
    for (const row of r.rows) {
      const parsed = PipelineInfoSchema.safeParse(row.info);
      if (parsed.success) pipelines.push(parsed.data);
      else skipped.push(row.id);
    }
    return { pipelines, skipped };
  }

  async save(p: PipelineInfo): Promise<void> {
    await this.db.query(
      'insert into aegis_pipelines (id, node, info) values ($1, $2, $3) on conflict (id) do update set node = excluded.node, info = excluded.info, updated_at = now()',
      [p.id, this.node, JSON.stringify(p)],
    );
  }
}
