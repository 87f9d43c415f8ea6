import { deliver, type DeliveryOptions, type DeliveryResult } from './delivery.js';
import type { EventLog } from './event-log.js';
import { assertLiteralMessage } from './input-policy.js';
import type { Clock, IdGenerator } from './io.js';
import type { MessageQueue } from './queue.js';
import type { SessionRuntime } from './runtime.js';
import type { Terminal } from './terminal.js';

/** A send's answer: delivered now, or queued behind a busy session (then `result` once waited for). */
export type SendResult =
  | ({ queued: false; id: string } & DeliveryResult)
  | { queued: true; id: string; position: number; result?: DeliveryResult };

/** One followed session: its runtime and its FIFO. */
export interface Live {
  rt: SessionRuntime;
  queue: MessageQueue;
  reserved: boolean;
  ending: boolean;
  /** A command is being typed into the box (the queue waits). */
  typing?: boolean;
}

/** Queues messages per session and delivers them as verified transactions, announcing each step as an event. */
export class Messenger {
  constructor(
    private readonly o: { terminal: Terminal; clock: Clock; ids: IdGenerator; delivery: DeliveryOptions },
    private readonly events: EventLog,
    private readonly state: {
      /** Resolves once the queue (and every record) is on disk. */
      persisted(): Promise<void>;
      /** Throws STATE_UNWRITABLE while state writes fail: a message that cannot be kept is refused, not lost. */
      writable(): void;
    } = { persisted: async () => undefined, writable: () => undefined },
  ) {}

  enqueue(live: Live, text: string): { id: string; position: number; done: Promise<DeliveryResult> } {
    assertLiteralMessage(text); // refused before anything is typed (or queued)
    const id = this.o.ids.uuid();
    const { position, done } = live.queue.enqueue({ id, text, enqueuedAt: this.o.clock.now() });
    this.events.emit({ type: 'message.queued', sessionId: live.rt.id, data: { messageId: id, position } });
    live.queue.pump();
    return { id, position, done };
  }

  /** The queue's delivery function. */
  async deliver(rt: SessionRuntime, messageId: string, text: string): Promise<DeliveryResult> {
    await this.state.persisted(); // "being typed" is on disk before the first key: a restart never types it blindly again
    const r = await deliver(rt, this.o.terminal, this.o.clock, text, this.o.delivery);
    if (r.delivered) this.events.emit({ type: 'message.delivered', sessionId: rt.id, data: { messageId, attempts: r.attempts, confirmedBy: r.confirmedBy! } });
    else this.events.emit({ type: 'message.unconfirmed', sessionId: rt.id, data: { messageId, attempts: r.attempts, submittedDifferently: r.submittedDifferently } });
    rt.touch();
    return r;
  }

  /** Idle → delivered now. Busy → queued (FIFO); with `wait` resolves once delivered. */
  async send(live: Live, text: string, wait: boolean): Promise<SendResult> {
    this.state.writable();
    const idleNow = live.rt.state.kind === 'idle' && live.queue.length === 0 && !live.queue.delivering;
    const m = this.enqueue(live, text);
    await this.state.persisted(); // a receipt is a promise: the message survives a crash from here on
    if (idleNow) return { queued: false, id: m.id, ...(await m.done) };
    if (!wait) return { queued: true, id: m.id, position: m.position };
    return { queued: true, id: m.id, position: m.position, result: await m.done };
  }
}
