import { join } from 'node:path';
import { isNotFound, nodeFileSystem, type FileSystem } from '../io.js';
import type { SessionRecord } from '../record.js';
import type { SessionStore } from './types.js';

interface StoreFile {
  version: 1;
  hookPort: number | null;
  sessions: SessionRecord[];
}

/**
 * Session records in `<stateDir>/sessions.json` (mode 0600), written atomically (temp + rename) and serialised: a
 * crash leaves the old or the new file, never a torn one. Writes coalesce: every put waiting for the same write
 * resolves with it.
 */
export class FileSessionStore implements SessionStore {
  readonly path: string;
  readonly #fs: FileSystem;
  readonly #records = new Map<string, SessionRecord>();
  #hookPort: number | null = null;
  #writing: Promise<void> = Promise.resolve();
  #next: Promise<void> | null = null;

  constructor(stateDir: string, fs: FileSystem = nodeFileSystem) {
    this.path = join(stateDir, 'sessions.json');
    this.#fs = fs;
  }

  async load(): Promise<{ sessions: SessionRecord[]; hookPort: number | null }> {
    try {
      const file = JSON.parse(await this.#fs.readFile(this.path)) as StoreFile;
      this.#hookPort = file.hookPort ?? null;
      for (const r of file.sessions ?? []) this.#records.set(r.id, r);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return { sessions: [...this.#records.values()].map((r) => ({ ...r })), hookPort: this.#hookPort };
  }

  put(record: SessionRecord): Promise<void> {
    this.#records.set(record.id, { ...record });
    return this.#save();
  }

  delete(id: string): Promise<void> {
    this.#records.delete(id);
    return this.#save();
  }

  setHookPort(port: number | null): Promise<void> {
    this.#hookPort = port;
    return this.#save();
  }

  #save(): Promise<void> {
    if (this.#next) return this.#next;
    const next = this.#writing.then(async () => {
      this.#next = null; // changes from here on need another write
      const file: StoreFile = { version: 1, hookPort: this.#hookPort, sessions: [...this.#records.values()] };
      await this.#fs.writeFileAtomic(this.path, JSON.stringify(file, null, 1) + '\n', 0o600);
    });
    this.#next = next;
    this.#writing = next.catch(() => undefined);
    return next;
  }
}
