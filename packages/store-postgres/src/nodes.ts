import type { PgConnection } from './connection.js';

/** What a node says about itself on every heartbeat. */
export interface NodeHeartbeat {
  /** How other nodes reach it (`AEGIS_NODE_URL`). */
  url: string;
  labels: string[];
  /** 1-minute load average per core. */
  load: number;
  version: string;
}

export interface NodeInfo extends NodeHeartbeat {
  id: string;
  /** Live sessions it runs (from the session records). */
  sessions: number;
  /** When it (re)started, ms since the epoch. */
  startedAt: number;
  /** Since its last heartbeat, by the database's clock (nodes' clocks may disagree). */
  heartbeatAgeMs: number;
  /** `down` once its heartbeat is older than the directory's `downAfterMs`. */
  status: 'up' | 'down';
}

interface NodeRow {
  id: string;
  url: string;
  labels: string[];
  sessions: number;
  load: number;
  version: string;
  started_ms: string;
  age_ms: string;
}

// `sessions` is counted from the session records (written when a session is created), not the last heartbeat: two
// creates placed a moment apart must see each other
const SELECT = `select n.id, n.url, n.labels, n.load, n.version,
  (select count(*)::int from aegis_sessions s where s.node = n.id and s.record->>'endedAt' is null) as sessions,
  (extract(epoch from n.started_at) * 1000)::bigint as started_ms,
  (extract(epoch from now() - n.heartbeat_at) * 1000)::bigint as age_ms
  from aegis_nodes n`;

/** The fleet's nodes and their heartbeats (table `aegis_nodes`). */
export class PgNodeDirectory {
  constructor(
    private readonly db: PgConnection,
    private readonly downAfterMs: number,
  ) {}

  /** Records a node's (re)start: its start time is now. */
  async register(id: string, beat: NodeHeartbeat): Promise<void> {
    await this.db.query(
      `insert into aegis_nodes (id, url, labels, load, version) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set url = excluded.url, labels = excluded.labels, load = excluded.load,
         version = excluded.version, started_at = now(), heartbeat_at = now()`,
      [id, beat.url, JSON.stringify(beat.labels), beat.load, beat.version],
    );
  }

  async heartbeat(id: string, beat: Omit<NodeHeartbeat, 'url' | 'version'>): Promise<void> {
    await this.db.query('update aegis_nodes set labels = $2, load = $3, heartbeat_at = now() where id = $1', [
      id,
      JSON.stringify(beat.labels),
      beat.load,
    ]);
  }

  async list(): Promise<NodeInfo[]> {
    const r = await this.db.query<NodeRow>(`${SELECT} order by n.id`);
    return r.rows.map((row) => this.#info(row));
  }

  async get(id: string): Promise<NodeInfo | null> {
    const r = await this.db.query<NodeRow>(`${SELECT} where n.id = $1`, [id]);
    return r.rows[0] ? this.#info(r.rows[0]) : null;
  }

  /**
   * Removes a node that is gone for good: its row goes, and its live session records end (`vanished`) so they stop
   * reading `unreachable`; each gets a `session.ended` event in the node's own log (numbered after its last one, in
   * the global order like any append). Refused (`'up'`) while the node heartbeats; null when there is no such node.
   * One statement: a heartbeat that arrives meanwhile either keeps the node (it is up) or comes after it was removed.
   */
  async forget(id: string, endedAt: number): Promise<{ endedSessions: string[] } | 'up' | null> {
    const r = await this.db.query<{ found: number; gone: number; ended: string[] }>(
      `with found as (select id from aegis_nodes where id = $1),
       gone as (
         delete from aegis_nodes where id = $1 and heartbeat_at < now() - make_interval(secs => $2::float8 / 1000)
         returning id),
       ended as (
         update aegis_sessions s
           set record = s.record || jsonb_build_object('endedAt', $3::bigint, 'endReason', 'vanished', 'status', 'exited'),
             updated_at = now()
         where s.node in (select id from gone) and s.record->>'endedAt' is null
         returning s.id),
       numbered as (select id, row_number() over (order by id) as ord, count(*) over () as n from ended),
       counter as (update aegis_event_seq set last = last + (select count(*) from ended) returning last),
       own as (select coalesce(max(id), 0) as last from aegis_events where node = $1),
       logged as (
         insert into aegis_events (seq, node, id, session_id, at, type, event)
         select counter.last - e.n + e.ord, $1, own.last + e.ord, e.id, $3, 'session.ended',
           jsonb_build_object('id', own.last + e.ord, 'at', $3::bigint, 'type', 'session.ended', 'sessionId', e.id,
             'data', jsonb_build_object('reason', 'vanished', 'code', null, 'signal', null))
         from numbered e, counter, own)
       select (select count(*) from found)::int as found, (select count(*) from gone)::int as gone,
         coalesce((select array_agg(id order by id) from ended), '{}') as ended`,
      [id, this.downAfterMs, endedAt],
    );
    const row = r.rows[0]!;
    if (row.found === 0) return null;
    return row.gone === 0 ? 'up' : { endedSessions: row.ended };
  }

  #info(row: NodeRow): NodeInfo {
    const heartbeatAgeMs = Math.max(0, Number(row.age_ms));
    return {
      id: row.id,
      url: row.url,
      labels: row.labels,
      sessions: row.sessions,
      load: row.load,
      version: row.version,
      startedAt: Number(row.started_ms),
      heartbeatAgeMs,
      status: heartbeatAgeMs > this.downAfterMs ? 'down' : 'up',
    };
  }
}
