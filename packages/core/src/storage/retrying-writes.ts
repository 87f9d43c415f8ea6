/**
 * Writes to a store that may be away for a while (a full disk, a database restarting): a failed write is kept and
 * retried every `intervalMs` until it lands, so nothing accepted meanwhile is lost and the store's error clears by
 * itself once it is back. Writes carry a key: a newer write of the same key replaces an older failed one (stores
 * replace records and queues whole); `ordered` writes (events) queue behind any failed one, so they land in order.
 */
export class RetryingWrites {
  readonly #intervalMs: number;
  readonly #failed = new Map<string, () => Promise<void>>();
  readonly #latest = new Map<string, number>();
  #generation = 0;
  #error: Error | null = null;
  #timer: NodeJS.Timeout | null = null;
  #retrying = false;

  constructor(intervalMs = 1000) {
    this.#intervalMs = intervalMs;
  }

  /** Why writes fail right now; null once every failed write has landed. */
  get error(): Error | null {
    return this.#error;
  }

  /** Failed writes waiting for their retry. */
  get pending(): number {
    return this.#failed.size;
  }

  /** Runs the write now (or, `ordered`, after the failed ones); resolves either way, failures are retried. */
  run(key: string, write: () => Promise<void>, o: { ordered?: boolean } = {}): Promise<void> {
    const generation = ++this.#generation;
    this.#latest.set(key, generation);
    if (o.ordered && this.#failed.size > 0) {
      this.#failed.set(key, write);
      return Promise.resolve();
    }
    return write().then(
      () => {
        if (this.#latest.get(key) === generation) this.#failed.delete(key);
        this.#settle();
      },
      (e: unknown) => {
        // a newer write of this key already replaced this one: only its own outcome counts
        if (this.#latest.get(key) === generation) this.#failed.set(key, write);
        this.#fail(e);
      },
    );
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #fail(e: unknown): void {
    this.#error = e instanceof Error ? e : new Error(String(e));
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.#retry(), this.#intervalMs);
      this.#timer.unref();
    }
  }

  #settle(): void {
    if (this.#failed.size === 0) this.#error = null;
  }

  /** Retries the failed writes in the order they were first made; stops at the first that still fails. */
  async #retry(): Promise<void> {
    this.#timer = null;
    if (this.#retrying) return;
    this.#retrying = true;
    try {
      for (const [key, write] of [...this.#failed]) {
        await write();
        if (this.#failed.get(key) === write) this.#failed.delete(key);
      }
      this.#settle();
    } catch (e) {
      this.#fail(e);
    } finally {
      this.#retrying = false;
    }
  }
}
