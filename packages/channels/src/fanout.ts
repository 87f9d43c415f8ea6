import { realClock, type AegisEvent, type Clock } from '@aegis/core';
import { consoleLogger, type Channel, type EventSource, type Logger } from './channel.js';
import type { ChannelsHealth, DeadLetter } from './channel-health.js';
import { Lane, type LaneOptions } from './lane.js';

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

/**
 * Fans core's events out to channels without ever blocking the emitter: `publish` only appends to each channel's
 * bounded queue; each channel has its own worker, circuit breaker, counters and dead letters.
 */
export class Fanout {
  readonly #lanes = new Map<string, Lane>();
  readonly #o: LaneOptions;
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
