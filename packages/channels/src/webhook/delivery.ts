import { sleep, type Clock, type TimerHandle } from '@aegis/core';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import type { WebhookEndpoint } from './config.js';
import { SIGNATURE_HEADER, signPayload } from './signature.js';

/** What a webhook receives (the body of the POST). */
export interface WebhookPayload {
  /** The event's id — stable across retries: use it as the idempotency key. */
  id: number;
  /** The event type, e.g. `permission.requested`. */
  event: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  session: { id: string; name: string | null; status: string | null };
  data: unknown;
}

/** One attempt, as kept in the delivery log. */
export interface DeliveryAttempt {
  endpoint: string;
  eventId: number;
  attempt: number;
  at: number;
  /** HTTP status, or null for a network error or timeout. */
  status: number | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'failed';
  /** The wait before the next attempt, when there is one. */
  retryInMs: number | null;
}

/** The event could not be delivered: after the last attempt, or at once for a non-retryable answer. */
export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
  readonly code = 'WEBHOOK_DELIVERY_FAILED';
  constructor(
    message: string,
    readonly attempts: number,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface DeliverDeps {
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  /** Called after every attempt. */
  record: (attempt: DeliveryAttempt) => void;
}

/** True for answers worth trying again: 429 and 5xx (and 408). Other 4xx mean the request itself is refused. */
export function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** POSTs one payload with signing, per-attempt timeout, and bounded retries with backoff. */
export async function deliver(
  endpoint: WebhookEndpoint,
  label: string,
  payload: WebhookPayload,
  deps: DeliverDeps,
): Promise<number> {
  const body = JSON.stringify(payload);
  for (let attempt = 1; ; attempt++) {
    const at = deps.clock.now();
    const timestamp = Math.floor(at / 1000);
    const controller = new AbortController();
    let timer: TimerHandle | undefined = deps.clock.setTimeout(() => controller.abort(), endpoint.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    let retryAfter: number | null = null;
    let refused = false;
    try {
      const res = await deps.fetch(endpoint.url, {
        method: 'POST',
        body,
        signal: controller.signal,
        redirect: 'manual',
        headers: {
          ...endpoint.headers,
          'content-type': 'application/json',
          'user-agent': 'aegis-webhooks/1',
          'idempotency-key': String(payload.id),
          'x-aegis-event': payload.event,
          'x-aegis-event-id': String(payload.id),
          [SIGNATURE_HEADER]: signPayload(endpoint.secret, body, timestamp),
        },
      });
      status = res.status;
      retryAfter = parseRetryAfter(res.headers.get('retry-after'), deps.clock.now());
      await res.body?.cancel().catch(() => undefined);
    } catch (e) {
      // the URL policy refused the receiver's address: no retry makes it acceptable
      refused = (e as { code?: unknown })?.code === 'URL_NOT_ALLOWED';
      error = controller.signal.aborted
        ? `timed out after ${endpoint.timeoutMs} ms`
        : e instanceof Error
          ? e.cause instanceof Error
            ? `${e.message}: ${e.cause.message}`
            : e.message
          : String(e);
    } finally {
      deps.clock.clearTimeout(timer);
      timer = undefined;
    }
    const ok = status !== null && status >= 200 && status < 300;
    const again = !ok && !refused && (status === null || retryable(status)) && attempt < endpoint.maxAttempts;
    let wait: number | null = null;
    if (again) {
      wait = backoffDelay(attempt, endpoint.backoffMs, endpoint.maxBackoffMs, deps.random);
      if (status === 429 && retryAfter !== null) wait = Math.min(Math.max(wait, retryAfter), endpoint.maxBackoffMs);
    }
    deps.record({
      endpoint: label,
      eventId: payload.id,
      attempt,
      at,
      status,
      error,
      outcome: ok ? 'delivered' : again ? 'retry' : 'failed',
      retryInMs: wait,
    });
    if (ok) return attempt;
    if (wait === null) {
      const why = status !== null ? `HTTP ${status}` : (error ?? 'network error');
      const final =
        refused || (status !== null && !retryable(status))
          ? 'not retried'
          : `after ${attempt} attempt${attempt > 1 ? 's' : ''}`;
      throw new WebhookDeliveryError(`${label}: event ${payload.id} not delivered (${why}, ${final})`, attempt, status);
    }
    await sleep(deps.clock, wait);
  }
}
