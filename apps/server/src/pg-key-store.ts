import { randomBytes } from 'node:crypto';
import type { PostgresStorage } from '@aegis/store-postgres';
import { HttpError } from './errors.js';
import type { KeyInfo, KeyStore, NewKey } from './key-store.js';
import type { Role } from './roles.js';

interface KeyRow {
  id: string;
  hash: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

const COLUMNS = 'id, hash, name, role, prefix, created_at, last_used_at';
/** A key's last use is written at most once a minute (a busy key would otherwise write on every request). */
const TOUCH_EVERY_MS = 60_000;
/** How old the keys a request is checked against may be: a key made or revoked on another node counts after this. */
const FRESH_MS = 2000;

const info = (r: KeyRow): KeyInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});

/**
 * API keys in the fleet's database (table `aegis_keys`, hashes only): a key made on any node works on every node.
 * Requests are checked against the keys read at most `FRESH_MS` ago, and against the last ones read while the
 * database is away, so the API keeps answering (health, reads, `503 STORE_UNAVAILABLE`) instead of failing every call.
 */
export class PgKeyStore implements KeyStore {
  #read: { at: number; rows: KeyRow[] } | null = null;

  constructor(
    private readonly db: Pick<PostgresStorage, 'query'>,
    private readonly now: () => number = Date.now,
  ) {}

  async add(key: NewKey): Promise<KeyInfo> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const r = await this.db.query<KeyRow>(
      `insert into aegis_keys (id, name, role, hash, prefix, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (name) do nothing returning ${COLUMNS}`,
      [id, key.name, key.role, key.hash, key.prefix, key.createdAt],
    );
    this.#read = null;
    if (!r.rows[0]) throw new HttpError('KEY_CONFLICT', `a key named "${key.name}" exists already`, { name: key.name });
    return info(r.rows[0]);
  }

  async list(): Promise<KeyInfo[]> {
    return (await this.#rows()).map(info);
  }

  async count(): Promise<number> {
    return (await this.#rows()).length;
  }

  async findByHash(hash: string): Promise<KeyInfo | null> {
    const row = (await this.#rows()).find((r) => r.hash === hash);
    return row ? info(row) : null;
  }

  async remove(idOrName: string): Promise<KeyInfo | null> {
    const r = await this.db.query<KeyRow>(
      `delete from aegis_keys where id = (
         select id from aegis_keys where id = $1 or name = $1 order by (id = $1) desc limit 1
       ) returning ${COLUMNS}`,
      [idOrName],
    );
    this.#read = null;
    return r.rows[0] ? info(r.rows[0]) : null;
  }

  /** Best effort: a use not written (the database away) is written by a later one. */
  async touch(id: string, at: number): Promise<void> {
    await this.db
      .query(
        'update aegis_keys set last_used_at = $2 where id = $1 and (last_used_at is null or $2 - last_used_at >= $3)',
        [id, at, TOUCH_EVERY_MS],
      )
      .catch(() => undefined);
  }

  async #rows(): Promise<KeyRow[]> {
    const now = this.now();
    if (this.#read && now - this.#read.at < FRESH_MS) return this.#read.rows;
    try {
      const r = await this.db.query<KeyRow>(`select ${COLUMNS} from aegis_keys order by created_at, id`);
      this.#read = { at: now, rows: r.rows };
      return r.rows;
    } catch (e) {
      if (this.#read) return this.#read.rows;
      throw e;
    }
  }
}
