import pg from 'pg';
import type { PgConnection } from './connection.js';

/** The fleet's one pipeline scheduler: whoever holds this session-level advisory lock. */
const LEADER_LOCK = 0x4145_4749_5350; // "AEGISP"

/** A check or a lock attempt that gets no answer by then means the lock's connection is gone. */
const QUERY_TIMEOUT_MS = 5000;
/**
 * The server ends the lock's connection (and so frees the lock) when it has been idle this long: a leader cut off by
 * the network, whose checks no longer arrive, is replaced without waiting hours for TCP keepalive. The holder checks
 * its connection far more often (the fleet's leader loop, every 2 s).
 */
const IDLE_SESSION_TIMEOUT_MS = 15_000;

/**
 * Leadership by `pg_try_advisory_lock` on a connection of its own: PostgreSQL releases the lock the moment that
 * connection ends (the process killed, the machine gone), so another node's next try takes it. The holder writes
 * itself into `aegis_leader`, so the others know where to send pipeline calls. When the connection ends, errors or a
 * check on it fails, the holder stops leading at once (`onLost`) and may win the lock again with a later `tryLead`.
 */
export class PgLeader {
  readonly #url: string;
  readonly #db: PgConnection;
  readonly #node: string;
  #client: pg.Client | null = null;
  #onLost: () => void = () => undefined;

  constructor(url: string, db: PgConnection, node: string) {
    this.#url = url;
    this.#db = db;
    this.#node = node;
  }

  get leading(): boolean {
    return this.#client !== null;
  }

  /** Tries once; true when this node leads now. `onLost` runs if the lock's connection breaks later. */
  async tryLead(onLost: () => void): Promise<boolean> {
    if (this.#client) return true;
    const client = new pg.Client({
      connectionString: this.#url,
      keepAlive: true,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    client.on('error', () => this.#lose(client));
    client.on('end', () => this.#lose(client));
    try {
      await client.connect();
      // PostgreSQL 14+; an older server keeps the lock of a cut-off leader until its TCP keepalive gives up
      await client.query(`set idle_session_timeout = ${IDLE_SESSION_TIMEOUT_MS}`).catch(() => undefined);
      const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [LEADER_LOCK]);
      if (!r.rows[0]?.ok) {
        await client.end().catch(() => undefined);
        return false;
      }
      await client.query(
        'insert into aegis_leader (id, node) values (1, $1) on conflict (id) do update set node = excluded.node, since = now()',
        [this.#node],
      );
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
    this.#client = client;
    this.#onLost = onLost;
    return true;
  }

  /**
   * Asks the lock's connection whether it is alive (a session-level lock lives exactly as long as its session); a
   * query that fails or gets no answer ends the leadership. True while this node leads.
   */
  async check(): Promise<boolean> {
    const client = this.#client;
    if (!client) return false;
    try {
      await client.query('select 1');
      return this.#client === client;
    } catch {
      this.#lose(client);
      return false;
    }
  }

  /** Leadership ends with this connection: close it (its lock with it) and tell the node, once. */
  #lose(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => undefined);
    this.#onLost();
  }

  /** The node that leads now, as it wrote itself (null: none has yet). */
  async current(): Promise<string | null> {
    const r = await this.#db.query<{ node: string }>('select node from aegis_leader where id = 1');
    return r.rows[0]?.node ?? null;
  }

  /** Gives the leadership up (at shutdown). */
  async release(): Promise<void> {
    const c = this.#client;
    this.#client = null;
    await c?.end().catch(() => undefined);
  }
}
