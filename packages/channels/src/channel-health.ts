import type { AegisEvent } from '@aegis/core';

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
