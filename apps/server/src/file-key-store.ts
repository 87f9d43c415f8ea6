import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { HttpError } from './errors.js';
import type { KeyInfo, KeyStore, NewKey } from './key-store.js';
import { RoleSchema } from './roles.js';

const StoredKey = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  prefix: z.string(),
  hash: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
type StoredKey = z.output<typeof StoredKey>;
const KeysFile = z.object({ version: z.literal(1), keys: z.array(StoredKey) });

/** `lastUsedAt` is written at most this often per key (a request is no reason to rewrite the file). */
const TOUCH_EVERY_MS = 60_000;

const info = ({ hash: _hash, ...k }: StoredKey): KeyInfo => ({ ...k });

/** API keys in `<dir>/keys.json` (0600, rewritten atomically). One server process owns the file. */
export class FileKeyStore implements KeyStore {
  readonly path: string;
  #keys: StoredKey[];
  #persistedUse = new Map<string, number | null>();
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    keys: StoredKey[],
  ) {
    this.path = join(dir, 'keys.json');
    this.#keys = keys;
    for (const k of keys) this.#persistedUse.set(k.id, k.lastUsedAt);
  }

  /** Reads the file (none yet: no keys); nothing is written until a key is added. */
  static async open(dir: string): Promise<FileKeyStore> {
    const path = join(dir, 'keys.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new FileKeyStore(dir, []);
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`${path} is not a valid keys file: ${(e as Error).message}`);
    }
    const parsed = KeysFile.safeParse(json);
    if (!parsed.success)
      throw new Error(`${path} is not a valid keys file: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
    return new FileKeyStore(dir, parsed.data.keys);
  }

  async add(key: NewKey): Promise<KeyInfo> {
    if (this.#keys.some((k) => k.name === key.name))
      throw new HttpError('KEY_CONFLICT', `a key named "${key.name}" exists already`, { name: key.name });
    // field by field: whatever else the caller's object holds (the key itself) never reaches the file
    const { name, role, hash, prefix, createdAt } = key;
    const stored: StoredKey = {
      id: `key_${randomBytes(6).toString('hex')}`,
      name,
      role,
      prefix,
      hash,
      createdAt,
      lastUsedAt: null,
    };
    this.#keys = [...this.#keys, stored];
    this.#persistedUse.set(stored.id, null);
    await this.#save();
    return info(stored);
  }

  async list(): Promise<KeyInfo[]> {
    return this.#keys.map(info);
  }

  async count(): Promise<number> {
    return this.#keys.length;
  }

  async findByHash(hash: string): Promise<KeyInfo | null> {
    const k = this.#keys.find((x) => x.hash === hash);
    return k ? info(k) : null;
  }

  async remove(idOrName: string): Promise<KeyInfo | null> {
    const k = this.#keys.find((x) => x.id === idOrName) ?? this.#keys.find((x) => x.name === idOrName);
    if (!k) return null;
    this.#keys = this.#keys.filter((x) => x !== k);
    this.#persistedUse.delete(k.id);
    await this.#save();
    return info(k);
  }

  async touch(id: string, at: number): Promise<void> {
    const k = this.#keys.find((x) => x.id === id);
    if (!k) return;
    k.lastUsedAt = at;
    const persisted = this.#persistedUse.get(id) ?? null;
    if (persisted !== null && at - persisted < TOUCH_EVERY_MS) return;
    this.#persistedUse.set(id, at);
    await this.#save();
  }

  /** Writes the whole file (0600) through a temporary file and a rename; writes never interleave. */
  #save(): Promise<void> {
    const text = `${JSON.stringify({ version: 1, keys: this.#keys }, null, 2)}\n`;
    const write = async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await chmod(tmp, 0o600); // the mode of writeFile applies only to a new file
      await rename(tmp, this.path);
    };
    this.#writing = this.#writing.then(write, write);
    return this.#writing;
  }
}
