import type { AegisEvent, Clock, TimerHandle } from '@aegis/core';
import type { Channel, Logger } from './channel.js';
import type { ChannelHealth, DeadLetter } from './channel-health.js';

/** A lane's limits: FanoutOptions with every default filled in. */
export interface LaneOptions {
  queueSize: number;
  failureThreshold: number;
  cooldownMs: number;
  handleTimeoutMs: number;
  deadLetterLimit: number;
  clock: Clock;
  logger: Logger;
}

class Timeout extends Error {}

/** One channel's bounded queue, worker and circuit breaker. */
export class Lane {
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
    private readonly o: LaneOptions,
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
