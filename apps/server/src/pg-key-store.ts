import { randomBytes } from 'node:crypto';
import type { PostgresStorage } from '@aegis/store-postgres';
import { HttpError } from './errors.js';
import type { KeyInfo, KeyStore, NewKey } from './key-store.js';
import type { Role } from './roles.js';

interface KeyRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

const COLUMNS = 'id, name, role, prefix, created_at, last_used_at';
/** A key's last use is written at most once a minute (a busy key would otherwise write on every request). */
const TOUCH_EVERY_MS = 60_000;

const info = (r: KeyRow): KeyInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});

/** API keys in the fleet's database (table `aegis_keys`, hashes only): a key made on any node works on every node. */
export class PgKeyStore implements KeyStore {
  constructor(private readonly db: Pick<PostgresStorage, 'query'>) {}

  async add(key: NewKey): Promise<KeyInfo> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const r = await this.db.query<KeyRow>(
      `insert into aegis_keys (id, name, role, hash, prefix, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (name) do nothing returning ${COLUMNS}`,
      [id, key.name, key.role, key.hash, key.prefix, key.createdAt],
    );
    if (!r.rows[0]) throw new HttpError('KEY_CONFLICT', `a key named "${key.name}" exists already`, { name: key.name });
    return info(r.rows[0]);
  }

  async list(): Promise<KeyInfo[]> {
    return (await this.db.query<KeyRow>(`select ${COLUMNS} from aegis_keys order by created_at, id`)).rows.map(info);
  }

  async count(): Promise<number> {
    return (await this.db.query<{ n: number }>('select count(*)::int as n from aegis_keys')).rows[0]!.n;
  }

  async findByHash(hash: string): Promise<KeyInfo | null> {
    const r = await this.db.query<KeyRow>(`select ${COLUMNS} from aegis_keys where hash = $1`, [hash]);
    return r.rows[0] ? info(r.rows[0]) : null;
  }

  async remove(idOrName: string): Promise<KeyInfo | null> {
    const r = await this.db.query<KeyRow>(
      `delete from aegis_keys where id = (
         select id from aegis_keys where id = $1 or name = $1 order by (id = $1) desc limit 1
       ) returning ${COLUMNS}`,
      [idOrName],
    );
    return r.rows[0] ? info(r.rows[0]) : null;
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db.query(
      'update aegis_keys set last_used_at = $2 where id = $1 and (last_used_at is null or $2 - last_used_at >= $3)',
      [id, at, TOUCH_EVERY_MS],
    );
  }
}
