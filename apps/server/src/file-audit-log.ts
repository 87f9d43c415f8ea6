import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { matches, type AuditEntry, type AuditLog, type AuditQuery } from './audit-log.js';

/** The audit log as `<dir>/audit.jsonl` (0600, one JSON entry a line, appended in order). */
export class FileAuditLog implements AuditLog {
  readonly path: string;
  #appending: Promise<void> = Promise.resolve();
  #tailChecked = false;

  constructor(private readonly dir: string) {
    this.path = join(dir, 'audit.jsonl');
  }

  append(entry: AuditEntry): Promise<void> {
    const write = async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const lead = this.#tailChecked ? '' : await this.#brokenTail();
      this.#tailChecked = true;
      await appendFile(this.path, `${lead}${JSON.stringify(entry)}\n`, { mode: 0o600 });
    };
    this.#appending = this.#appending.then(write, write);
    return this.#appending;
  }

  /** A newline when a crash left the last line unfinished (so the next entry starts a line of its own). */
  async #brokenTail(): Promise<string> {
    const f = await open(this.path, 'r').catch(() => null); // none yet: nothing to mend
    if (!f) return '';
    try {
      const { size } = await f.stat();
      if (size === 0) return '';
      const { buffer } = await f.read(Buffer.alloc(1), 0, 1, size - 1);
      return buffer[0] === 0x0a ? '' : '\n';
    } finally {
      await f.close();
    }
  }

  /** Reads the whole file: fine for one machine's trail; a database implementation would index it. */
  async query(q: AuditQuery): Promise<AuditEntry[]> {
    await this.#appending.catch(() => undefined);
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: AuditEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < q.limit; i--) {
      const line = lines[i]!;
      if (!line) continue;
      let e: AuditEntry;
      try {
        e = JSON.parse(line) as AuditEntry;
      } catch {
        continue; // a line cut by a crash
      }
      if (matches(e, q)) out.push(e);
    }
    return out;
  }
}
