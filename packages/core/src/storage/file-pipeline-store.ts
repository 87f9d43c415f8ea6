import { join } from 'node:path';
import { isNotFound, nodeFileSystem, type FileSystem } from '../io.js';
import { PipelineInfoSchema, type PipelineInfo } from '../pipelines/record.js';
import type { PipelineStore } from './types.js';

const FILE = /^[0-9a-f-]{36}\.json$/;

/**
 * One JSON file per pipeline in `<stateDir>/pipelines/<id>.json`, written atomically (temp + rename, 0600) and
 * serialised per pipeline; saves coalesce to the newest state.
 */
export class FilePipelineStore implements PipelineStore {
  readonly dir: string;
  readonly #fs: FileSystem;
  readonly #writing = new Map<string, Promise<void>>();
  readonly #next = new Map<string, { p: PipelineInfo; done: Promise<void> }>();

  constructor(stateDir: string, fs: FileSystem = nodeFileSystem) {
    this.dir = join(stateDir, 'pipelines');
    this.#fs = fs;
  }

  async load(): Promise<{ pipelines: PipelineInfo[]; skipped: string[] }> {
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

  /** Writes `p` as it is when the write runs, so several saves while one is waiting make one write. */
  save(p: PipelineInfo): Promise<void> {
    const waiting = this.#next.get(p.id);
    if (waiting) {
      waiting.p = p;
      return waiting.done;
    }
    const entry = { p, done: Promise.resolve() };
    const path = join(this.dir, `${p.id}.json`);
    entry.done = (this.#writing.get(p.id) ?? Promise.resolve()).then(async () => {
      this.#next.delete(p.id);
      await this.#fs.writeFileAtomic(path, JSON.stringify(entry.p, null, 1) + '\n', 0o600);
    });
    this.#next.set(p.id, entry);
    this.#writing.set(
      p.id,
      entry.done.catch(() => undefined),
    );
    return entry.done;
  }
}
