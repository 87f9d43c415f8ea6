import type { DeliveryResult } from '../delivery.js';
import { AegisError } from '../errors.js';
import type { PersistedMessage, QueuedMessage } from '../record.js';

interface Entry extends QueuedMessage {
  resolve(r: DeliveryResult): void;
  reject(e: unknown): void;
  done: Promise<DeliveryResult>;
}

/**
 * Per-session FIFO of messages waiting for an idle session. One delivery at a time; `pump` is called whenever the
 * session may have become idle and delivers the head when `canDeliver()` says so.
 */
export class MessageQueue {
  readonly #items: Entry[] = [];
  readonly #byId = new Map<string, Promise<DeliveryResult>>();
  #busy = false;
  #closed = false;
  #sending: PersistedMessage | null = null;

  /** `persist` gets every message not yet delivered after each change (a crash must not lose an accepted one). */
  constructor(
    private readonly canDeliver: () => boolean,
    private readonly send: (m: QueuedMessage) => Promise<DeliveryResult>,
    private readonly persist: (pending: PersistedMessage[]) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get length(): number {
    return this.#items.length;
  }

  /** True while a delivery runs. */
  get delivering(): boolean {
    return this.#busy;
  }

  pending(): QueuedMessage[] {
    return this.#items.map(({ id, text, enqueuedAt }) => ({ id, text, enqueuedAt }));
  }

  /** Adds a message; returns its 1-based position and a promise of its delivery. */
  enqueue(m: QueuedMessage): { position: number; done: Promise<DeliveryResult> } {
    if (this.#closed) throw new AegisError('QUEUE_CLOSED', 'the session has ended; its queue is closed');
    let resolve!: (r: DeliveryResult) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<DeliveryResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined);
    this.#items.push({ id: m.id, text: m.text, enqueuedAt: m.enqueuedAt, resolve, reject, done });
    this.#byId.set(m.id, done);
    if (this.#byId.size > 1000) this.#byId.delete(this.#byId.keys().next().value!);
    this.#persist();
    return { position: this.#items.length, done };
  }

  /** The delivery promise of a message (queued or recently delivered). */
  result(id: string): Promise<DeliveryResult> | undefined {
    return this.#byId.get(id);
  }

  /** Delivers queued messages, in order, while the session can take them. */
  pump(): void {
    if (this.#busy || this.#closed || this.#items.length === 0 || !this.canDeliver()) return;
    const head = this.#items.shift()!;
    this.#busy = true;
    this.#sending = { id: head.id, text: head.text, enqueuedAt: head.enqueuedAt, sendingSince: this.now() };
    this.#persist();
    this.send(head)
      .then(head.resolve, head.reject)
      .finally(() => {
        this.#busy = false;
        this.#sending = null;
        if (!this.#closed) this.#persist();
        this.pump();
      });
  }

  #persist(): void {
    const waiting = this.#items.map(({ id, text, enqueuedAt }) => ({ id, text, enqueuedAt }));
    this.persist(this.#sending ? [this.#sending, ...waiting] : waiting);
  }

  /** Rejects everything still queued. */
  close(reason: AegisError): void {
    this.#closed = true;
    for (const m of this.#items.splice(0)) m.reject(reason);
  }
}
