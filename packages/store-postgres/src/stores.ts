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

/**
 * One node's event log: rows carry the node and its own ids (core numbers its events), and the database gives each
 * row its place in the fleet's global order (`seq`, see the 0002 migration), which the fleet feed replays by.
 */
export class PgEventStore implements EventStore {
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

  async append(event: AegisEvent): Promise<void> {
    await this.db.query(
      `with n as (update aegis_event_seq set last = last + 1 returning last)
       insert into aegis_events (seq, node, id, session_id, at, type, event) select n.last, $1, $2, $3, $4, $5, $6 from n`,
      [this.node, event.id, event.sessionId ?? null, event.at, event.type, JSON.stringify(event)],
    );
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
