import { realClock, type AegisEvent, type Clock, type TimerHandle } from '@aegis/core';
import { consoleLogger, type Channel, type EventSource, type Logger } from './channel.js';

export interface FanoutOptions {
  /** Events waiting per channel before the oldest is dropped (counted, logged, dead-lettered). Default 1000. */
  queueSize?: number;
  /** Consecutive failed events that open a channel's circuit. Default 5. */
  failureThreshold?: number;
  /** How long an open circuit rests before one trial event (half-open). Default 60000 ms. */
  cooldownMs?: number;
  /** A `handle` that has not settled after this long counts as failed and the worker moves on. Default 300000 ms. */
  handleTimeoutMs?: number;
  /** Dead letters kept per channel (oldest dropped). Default 100. */
  deadLetterLimit?: number;
  clock?: Clock;
  logger?: Logger;
}

/** An event a channel did not deliver. */
export interface DeadLetter {
  channel: string;
  event: AegisEvent;
  reason: 'failed' | 'queue_full' | 'timeout' | 'stopped';
  error: string | null;
  at: number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface ChannelHealth {
  name: string;
  circuit: CircuitState;
  /** When an open circuit lets the next trial event through (ms), else null. */
  openUntil: number | null;
  queued: number;
  delivered: number;
  failed: number;
  dropped: number;
  deadLettered: number;
  consecutiveFailures: number;
  lastEventId: number | null;
  lastError: string | null;
  lastSuccessAt: number | null;
}

/** The body of `GET /v1/channels/health`. `ok` is false while any circuit is open. */
export interface ChannelsHealth {
  ok: boolean;
  channels: ChannelHealth[];
}

class Timeout extends Error {}

/** One channel's bounded queue, worker and circuit breaker. */
class Lane {
  readonly queue: AegisEvent[] = [];
  readonly dead: DeadLetter[] = [];
  readonly h: ChannelHealth;
  #wake: (() => void) | null = null;
  #running = false;
  #stopped = false;
  #idle: (() => void)[] = [];
  #busy = false;
  #inFlight: number | null = null;
  #lastPushed = 0;
  /** After a stop: the first event not delivered because of it (where a restart should resume). */
  #resumeAt: number | null = null;

  constructor(
    readonly channel: Channel,
    private readonly o: Required<Omit<FanoutOptions, 'clock' | 'logger'>> & { clock: Clock; logger: Logger },
  ) {
    this.h = {
      name: channel.name,
      circuit: 'closed',
      openUntil: null,
      queued: 0,
      delivered: 0,
      failed: 0,
      dropped: 0,
      deadLettered: 0,
      consecutiveFailures: 0,
      lastEventId: null,
      lastError: null,
      lastSuccessAt: null,
    };
  }

  push(event: AegisEvent): void {
    this.#lastPushed = Math.max(this.#lastPushed, event.id);
    if (this.#stopped) {
      this.#resumeAt ??= event.id;
      return this.#deadLetter(event, 'stopped', null);
    }
    this.queue.push(event);
    if (this.queue.length > this.o.queueSize) {
      const dropped = this.queue.shift()!;
      this.h.dropped++;
      this.o.logger.warn(`channel ${this.channel.name}: queue full, dropped event ${dropped.id}`, {
        queueSize: this.o.queueSize,
      });
      this.#deadLetter(dropped, 'queue_full', null);
    }
    this.h.queued = this.queue.length;
    this.#wake?.();
  }

  run(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#loop();
  }

  stop(): void {
    this.#stopped = true;
    this.#resumeAt ??= this.queue[0]?.id ?? null;
    for (const e of this.queue.splice(0)) this.#deadLetter(e, 'stopped', null);
    this.h.queued = 0;
    this.#wake?.();
  }

  /** Every event with a smaller or equal id is settled here (delivered, filtered out, or dead-lettered). */
  settledThrough(): number {
    const next = this.#inFlight ?? this.#resumeAt ?? this.queue[0]?.id;
    return next === undefined || next === null ? this.#lastPushed : next - 1;
  }

  /** Resolves once the queue is empty and no event is in flight. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && !this.#busy) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      const event = this.queue[0];
      if (!event) {
        this.#settleIdle();
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = null;
        continue;
      }
      if (this.h.circuit === 'open') {
        const wait = (this.h.openUntil ?? 0) - this.o.clock.now();
        if (wait > 0) {
          await this.#sleep(wait);
          continue;
        }
        this.h.circuit = 'half_open';
      }
      this.queue.shift();
      this.h.queued = this.queue.length;
      this.#busy = true;
      this.#inFlight = event.id;
      await this.#deliver(event);
      this.#inFlight = null;
      this.#busy = false;
    }
    this.#settleIdle();
  }

  #settleIdle(): void {
    if (this.queue.length > 0 || this.#busy) return;
    for (const r of this.#idle.splice(0)) r();
  }

  async #deliver(event: AegisEvent): Promise<void> {
    let timer: TimerHandle | undefined;
    try {
      await Promise.race([
        this.channel.handle(event),
        new Promise<never>(
          (_, reject) =>
            (timer = this.o.clock.setTimeout(
              () => reject(new Timeout(`handle took over ${this.o.handleTimeoutMs} ms`)),
              this.o.handleTimeoutMs,
            )),
        ),
      ]);
      this.h.delivered++;
      this.h.consecutiveFailures = 0;
      this.h.lastSuccessAt = this.o.clock.now();
      this.h.circuit = 'closed';
      this.h.openUntil = null;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.h.failed++;
      this.h.consecutiveFailures++;
      this.h.lastError = message;
      this.o.logger.warn(`channel ${this.channel.name}: event ${event.id} (${event.type}) not delivered: ${message}`);
      this.#deadLetter(event, e instanceof Timeout ? 'timeout' : 'failed', message);
      if (this.h.circuit === 'half_open' || this.h.consecutiveFailures >= this.o.failureThreshold) {
        this.h.circuit = 'open';
        this.h.openUntil = this.o.clock.now() + this.o.cooldownMs;
        this.o.logger.warn(
          `channel ${this.channel.name}: circuit open for ${this.o.cooldownMs} ms after ${this.h.consecutiveFailures} failures`,
        );
      }
    } finally {
      if (timer !== undefined) this.o.clock.clearTimeout(timer);
      this.h.lastEventId = event.id;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = this.o.clock.setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        if (this.#stopped) {
          this.o.clock.clearTimeout(t);
          resolve();
        }
      };
    });
  }

  #deadLetter(event: AegisEvent, reason: DeadLetter['reason'], error: string | null): void {
    this.dead.push({ channel: this.channel.name, event, reason, error, at: this.o.clock.now() });
    if (this.dead.length > this.o.deadLetterLimit) this.dead.shift();
    this.h.deadLettered++;
  }
}

/**
 * Fans core's events out to channels without ever blocking the emitter: `publish` only appends to each channel's
 * bounded queue; each channel has its own worker, circuit breaker, counters and dead letters.
 */
export class Fanout {
  readonly #lanes = new Map<string, Lane>();
  readonly #o: ConstructorParameters<typeof Lane>[1];
  #unsubscribe: (() => void) | null = null;

  constructor(channels: readonly Channel[], options: FanoutOptions = {}) {
    this.#o = {
      queueSize: options.queueSize ?? 1000,
      failureThreshold: options.failureThreshold ?? 5,
      cooldownMs: options.cooldownMs ?? 60_000,
      handleTimeoutMs: options.handleTimeoutMs ?? 300_000,
      deadLetterLimit: options.deadLetterLimit ?? 100,
      clock: options.clock ?? realClock,
      logger: options.logger ?? consoleLogger,
    };
    for (const c of channels) {
      if (this.#lanes.has(c.name)) throw new Error(`duplicate channel name ${c.name}`);
      this.#lanes.set(c.name, new Lane(c, this.#o));
    }
  }

  /**
   * Starts every channel at once; each worker runs as soon as its own channel has started (events published
   * meanwhile wait in its queue). A channel whose start fails is logged and reported in `health()`; its worker runs
   * anyway, so its failures reach the circuit breaker and dead letters instead of vanishing.
   */
  async start(): Promise<void> {
    await Promise.all(
      [...this.#lanes.values()].map(async (lane) => {
        try {
          await lane.channel.start?.();
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          this.#o.logger.warn(`channel ${lane.channel.name}: start failed: ${message}`);
          lane.h.lastError = message;
        }
        lane.run();
      }),
    );
  }

  /** Subscribes to core's bus (optionally replaying after an event id). Returns the unsubscribe function. */
  attach(source: EventSource, options: { after?: number } = {}): () => void {
    this.#unsubscribe?.();
    const off = source.subscribe((e) => this.publish(e), options);
    this.#unsubscribe = off;
    return off;
  }

  /** Queues one event for every channel and returns at once. */
  publish(event: AegisEvent): void {
    for (const lane of this.#lanes.values()) lane.push(event);
  }

  /**
   * The id through which every channel has settled every event. Persist it and pass it back as
   * `attach(source, { after })` on the next start, so events still queued at a stop are sent then.
   */
  cursor(): number {
    return Math.min(...[...this.#lanes.values()].map((l) => l.settledThrough()));
  }

  health(): ChannelsHealth {
    const channels = [...this.#lanes.values()].map((l) => ({ ...l.h }));
    return { ok: channels.every((c) => c.circuit !== 'open'), channels };
  }

  deadLetters(channel?: string): DeadLetter[] {
    return [...this.#lanes.values()].filter((l) => !channel || l.channel.name === channel).flatMap((l) => [...l.dead]);
  }

  /** Resolves when every queue is empty and nothing is in flight (tests, graceful shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.#lanes.values()].map((l) => l.idle()));
  }

  /** Unsubscribes, dead-letters what is still queued, stops the workers and the channels. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    for (const lane of this.#lanes.values()) {
      lane.stop();
      try {
        await lane.channel.stop?.();
      } catch (e) {
        this.#o.logger.warn(`channel ${lane.channel.name}: stop failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
