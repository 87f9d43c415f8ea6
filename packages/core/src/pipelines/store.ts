import { join } from 'node:path';
import { isNotFound, type FileSystem } from '../io.js';
import { PipelineInfoSchema, type PipelineInfo } from './record.js';

const FILE = /^[0-9a-f-]{36}\.json$/;

/**
 * One JSON file per pipeline in `<stateDir>/pipelines/<id>.json`, written atomically (temp + rename, 0600) and
 * serialised per pipeline; saves coalesce to the newest state. Null dir: memory only.
 */
export class PipelineStore {
  readonly dir: string | null;
  readonly #fs: FileSystem;
  readonly #writing = new Map<string, Promise<void>>();
  readonly #dirty = new Set<string>();

  constructor(stateDir: string | null, fs: FileSystem) {
    this.dir = stateDir === null ? null : join(stateDir, 'pipelines');
    this.#fs = fs;
  }

  /** Every stored pipeline; unreadable files are skipped (reported in `skipped`). */
  async load(): Promise<{ pipelines: PipelineInfo[]; skipped: string[] }> {
    if (!this.dir) return { pipelines: [], skipped: [] };
    let names: string[];
    try {
      names = await this.#fs.readdir(this.dir);
    } catch (e) {
      if (isNotFound(e)) return { pipelines: [], skipped: [] };
      throw e;
    }
    const pipelines: PipelineInfo[] = [];
    const skipped: string[] = [];
    for (const name of names.filter((n) => FILE.test(n))) {
      try {
        const p = PipelineInfoSchema.safeParse(JSON.parse(await this.#fs.readFile(join(this.dir, name))));
        if (p.success) pipelines.push(p.data);
        else skipped.push(name);
      } catch {
        skipped.push(name);
      }
    }
    return { pipelines, skipped };
  }

  /** Schedules a write of `p` (reads it when the write runs, so several saves make one write). */
  save(p: PipelineInfo): void {
    if (!this.dir || this.#dirty.has(p.id)) return;
    this.#dirty.add(p.id);
    const path = join(this.dir, `${p.id}.json`);
    const prev = this.#writing.get(p.id) ?? Promise.resolve();
    this.#writing.set(
      p.id,
      prev.then(async () => {
        this.#dirty.delete(p.id);
        await this.#fs.writeFileAtomic(path, JSON.stringify(p, null, 1) + '\n', 0o600).catch(() => undefined);
      }),
    );
  }

  async flush(): Promise<void> {
    await Promise.all(this.#writing.values());
  }
}
