import { AEGIS_EVENT_TYPES } from '@aegis/core';
import { z } from 'zod';

const EventFilter = z.union([
  z.enum(AEGIS_EVENT_TYPES),
  z.string().regex(/^[a-z]+\.\*$/, 'a type or a prefix such as "session.*"'),
]);

/** One webhook endpoint. */
export const WebhookEndpointSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** Channel name suffix (`webhook:<name>`). Default: the endpoint's position (`webhook:0`). */
  name: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .optional(),
  /** HMAC-SHA256 key for `X-Aegis-Signature`; every endpoint is signed. */
  secret: z.string().min(16, 'use a secret of at least 16 characters'),
  /** Event types (or `prefix.*`) to send. Default: all. */
  events: z.array(EventFilter).min(1).optional(),
  /** Extra request headers (e.g. an Authorization for the receiver). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Per-attempt timeout. Default 10000 ms. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Attempts per event before it is dead-lettered. Default 5. */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  /** First retry delay. Default 1000 ms; doubles each attempt, with jitter. */
  backoffMs: z.number().int().positive().default(1000),
  /** Largest retry delay (also caps `Retry-After`). Default 60000 ms. */
  maxBackoffMs: z.number().int().positive().default(60_000),
});

export type WebhookEndpointInput = z.input<typeof WebhookEndpointSchema>;
export type WebhookEndpoint = z.output<typeof WebhookEndpointSchema>;

export const WebhooksConfigSchema = z.array(WebhookEndpointSchema);

/**
 * Endpoints from the environment: `AEGIS_WEBHOOKS` is either a JSON array of endpoint objects, or comma-separated
 * URLs that share the secret in `AEGIS_WEBHOOK_SECRET`. Throws (a zod error) on an invalid configuration —
 * never silently unsigned.
 */
export function webhooksFromEnv(env: Record<string, string | undefined> = process.env): WebhookEndpoint[] {
  const raw = env.AEGIS_WEBHOOKS?.trim();
  if (!raw) return [];
  if (raw.startsWith('[')) return WebhooksConfigSchema.parse(JSON.parse(raw));
  const secret = env.AEGIS_WEBHOOK_SECRET;
  return WebhooksConfigSchema.parse(
    raw
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean)
      .map((url) => ({ url, secret })),
  );
}

/** True when the endpoint wants this event type. */
export function wants(endpoint: Pick<WebhookEndpoint, 'events'>, type: string): boolean {
  if (!endpoint.events) return true;
  return endpoint.events.some((f) => f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))));
}
