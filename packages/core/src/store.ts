import { join } from 'node:path';
import { isNotFound, nodeFileSystem, type FileSystem } from './io.js';
import type { SessionRecord } from './record.js';

interface StoreFile {
  version: 1;
  hookPort: number | null;
  sessions: SessionRecord[];
}

/**
 * Session records in `<stateDir>/sessions.json`, written atomically (temp + rename, mode 0600) and serialised:
 * a crash leaves either the old or the new file, never a torn one.
 */
export class SessionStore {
  readonly path: string | null;
  readonly #fs: FileSystem;
  #hookPort: number | null = null;
  #records = new Map<string, SessionRecord>();
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;
  #writeError: Error | null = null;

  constructor(stateDir: string | null, fs: FileSystem = nodeFileSystem) {
    this.path = stateDir === null ? null : join(stateDir, 'sessions.json');
    this.#fs = fs;
  }

  async load(): Promise<void> {
    if (!this.path) return;
    try {
      const file = JSON.parse(await this.#fs.readFile(this.path)) as StoreFile;
      this.#hookPort = file.hookPort ?? null;
      for (const r of file.sessions ?? []) this.#records.set(r.id, r);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  get hookPort(): number | null {
    return this.#hookPort;
  }

  set hookPort(port: number | null) {
    this.#hookPort = port;
    this.save();
  }

  all(): SessionRecord[] {
    return [...this.#records.values()];
  }

  get(id: string): SessionRecord | undefined {
    return this.#records.get(id);
  }

  put(record: SessionRecord): void {
    this.#records.set(record.id, record);
    this.save();
  }

  update(id: string, patch: Partial<SessionRecord>): SessionRecord | undefined {
    const r = this.#records.get(id);
    if (!r) return undefined;
    Object.assign(r, patch);
    this.save();
    return r;
  }

  delete(id: string): void {
    this.#records.delete(id);
    this.save();
  }

  /** Schedules a write (coalesced). */
  save(): void {
    if (!this.path) return;
    if (this.#dirty) return;
    this.#dirty = true;
    const path = this.path;
    this.#writing = this.#writing.then(async () => {
      this.#dirty = false;
      const file: StoreFile = { version: 1, hookPort: this.#hookPort, sessions: this.all() };
      await this.#fs.writeFileAtomic(path, JSON.stringify(file, null, 1) + '\n', 0o600).then(
        () => (this.#writeError = null),
        (e: unknown) => (this.#writeError = e instanceof Error ? e : new Error(String(e))),
      );
    });
  }

  /** Why the last write failed (disk full, read-only…); null once a write succeeds again. */
  get writeError(): Error | null {
    return this.#writeError;
  }

  flush(): Promise<void> {
    return this.#writing;
  }
}
