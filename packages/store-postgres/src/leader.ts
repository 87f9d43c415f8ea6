import pg from 'pg';
import type { PgConnection } from './connection.js';

/** The fleet's one pipeline scheduler: whoever holds this session-level advisory lock. */
const LEADER_LOCK = 0x4145_4749_5350; // "AEGISP"

/**
 * Leadership by `pg_try_advisory_lock` on a connection of its own: PostgreSQL releases the lock the moment that
 * connection ends (the process killed, the machine gone: once TCP keepalive notices), so another node's next try
 * takes it. The holder writes itself into `aegis_leader`, so the others know where to send pipeline calls.
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
    const client = new pg.Client({ connectionString: this.#url, keepAlive: true });
    client.on('error', () => undefined); // a broken connection ends: 'end' handles it
    try {
      await client.connect();
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
    client.on('end', () => {
      if (this.#client !== client) return;
      this.#client = null;
      this.#onLost();
    });
    return true;
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
