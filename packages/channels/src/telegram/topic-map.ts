import { nodeFileSystem, type FileSystem } from '@aegis/core';

export interface Topic {
  sessionId: string;
  /** `message_thread_id` of the forum topic. */
  threadId: number;
  name: string;
  createdAt: number;
}

interface TopicFile {
  version: 1;
  topics: Topic[];
}

/** Session ↔ forum topic, persisted to a JSON file (atomic temp-file + rename) so it survives restarts. */
export class TopicMap {
  readonly #bySession = new Map<string, Topic>();
  readonly #byThread = new Map<number, Topic>();
  #writes: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string | null,
    private readonly fs: FileSystem = nodeFileSystem,
  ) {}

  /** Loads the file if there is one (a missing or unreadable file starts empty). */
  async load(): Promise<void> {
    if (!this.path) return;
    let text: string;
    try {
      text = await this.fs.readFile(this.path);
    } catch {
      return;
    }
    try {
      const file = JSON.parse(text) as TopicFile;
      for (const t of file.topics ?? []) this.#index(t);
    } catch {
      /* a corrupt file: start again rather than refuse to run */
    }
  }

  bySession(sessionId: string): Topic | undefined {
    return this.#bySession.get(sessionId);
  }

  byThread(threadId: number): Topic | undefined {
    return this.#byThread.get(threadId);
  }

  all(): Topic[] {
    return [...this.#bySession.values()];
  }

  /** Adds a topic and persists the map; resolves once it is on disk. */
  async add(topic: Topic): Promise<void> {
    this.#index(topic);
    await this.#save();
  }

  #index(t: Topic): void {
    this.#bySession.set(t.sessionId, t);
    this.#byThread.set(t.threadId, t);
  }

  #save(): Promise<void> {
    const path = this.path;
    if (!path) return Promise.resolve();
    const data = JSON.stringify({ version: 1, topics: this.all() } satisfies TopicFile, null, 2);
    this.#writes = this.#writes.catch(() => undefined).then(() => this.fs.writeFileAtomic(path, data, 0o600));
    return this.#writes;
  }
}
