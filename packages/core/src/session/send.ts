import { assertLiteralMessage } from '../input-policy.js';
import { deliver, type DeliveryOptions, type DeliveryResult } from '../delivery.js';
import type { EventLog } from '../event-log.js';
import type { Clock, IdGenerator } from '../io.js';
import type { PersistedMessage } from '../record.js';
import type { SessionRuntime } from '../runtime.js';
import type { Terminal } from '../terminal.js';
import { MessageQueue } from './queue.js';

/** A send's answer: delivered now, or queued behind a busy session (then `result` once waited for). */
export type SendResult =
  | ({ queued: false; id: string } & DeliveryResult)
  | { queued: true; id: string; position: number; result?: DeliveryResult };

export interface OutboxDeps {
  terminal: Terminal;
  clock: Clock;
  ids: IdGenerator;
  delivery: DeliveryOptions;
  events: EventLog;
  /** Stores the queue (every message not yet delivered) after each change. */
  saveQueue(pending: PersistedMessage[]): void;
  /** Resolves once the queue (and every record) is on disk. */
  persisted(): Promise<void>;
  /** Throws STATE_UNWRITABLE while state writes fail: a message that cannot be kept is refused, not lost. */
  writable(): void;
}

/**
 * One session's outgoing messages: accepted durably into its FIFO, then typed one at a time, when the session is
 * idle, as verified transactions (../delivery.ts), each step announced as an event.
 */
/** How long an idle session whose screen does not show the input box yet is waited for before typing anyway. */
export const INPUT_GRACE_MS = 500;

export class Outbox {
  readonly queue: MessageQueue;
  /** A slash or shell command is being typed into the box: the queue waits. */
  typing = false;

  constructor(
    readonly rt: SessionRuntime,
    private readonly d: OutboxDeps,
  ) {
    this.queue = new MessageQueue(
      () => rt.readyForInput(INPUT_GRACE_MS) && !this.typing,
      (m) => this.#deliver(m.id, m.text),
      (q) => d.saveQueue(q),
      () => d.clock.now(),
    );
  }

  /** Messages not yet delivered: queued, or being typed and confirmed right now. */
  get length(): number {
    return this.queue.length + (this.queue.delivering ? 1 : 0);
  }

  /** Idle → delivered now. Busy → queued (FIFO); with `wait` resolves once delivered. */
  async send(text: string, wait: boolean): Promise<SendResult> {
    this.d.writable();
    const idleNow = this.rt.state.kind === 'idle' && this.length === 0;
    const m = this.enqueue(text);
    await this.d.persisted(); // a receipt is a promise: the message survives a crash from here on
    if (idleNow) return { queued: false, id: m.id, ...(await m.done) };
    if (!wait) return { queued: true, id: m.id, position: m.position };
    return { queued: true, id: m.id, position: m.position, result: await m.done };
  }

  enqueue(text: string): { id: string; position: number; done: Promise<DeliveryResult> } {
    assertLiteralMessage(text); // refused before anything is typed (or queued)
    const id = this.d.ids.uuid();
    const { position, done } = this.queue.enqueue({ id, text, enqueuedAt: this.d.clock.now() });
    this.d.events.emit({ type: 'message.queued', sessionId: this.rt.id, data: { messageId: id, position } });
    this.queue.pump();
    return { id, position, done };
  }

  /** The queue's delivery function: one verified transaction. */
  async #deliver(messageId: string, text: string): Promise<DeliveryResult> {
    const { events } = this.d;
    const rt = this.rt;
    await this.d.persisted(); // "being typed" is on disk before the first key: a restart never types it blindly again
    const r = await deliver(rt, this.d.terminal, this.d.clock, text, this.d.delivery);
    if (r.delivered)
      events.emit({
        type: 'message.delivered',
        sessionId: rt.id,
        data: { messageId, attempts: r.attempts, confirmedBy: r.confirmedBy! },
      });
    else
      events.emit({
        type: 'message.unconfirmed',
        sessionId: rt.id,
        data: { messageId, attempts: r.attempts, submittedDifferently: r.submittedDifferently },
      });
    rt.touch();
    return r;
  }
}
