import { realClock, type AegisEvent, type Clock } from '@aegis/core';
import { pinnedFetch, urlPolicy } from '@aegis/url-policy';
import type { Channel } from '../channel.js';
import { SessionDirectory, type SessionLookup } from '../session-directory.js';
import { WebhookEndpointSchema, wants, type WebhookEndpoint, type WebhookEndpointInput } from './config.js';
import { deliver, type DeliveryAttempt, type WebhookPayload } from './delivery.js';

export interface WebhookChannelOptions {
  /** Looks up a session's name and status for events about sessions created before this channel started. */
  sessions?: SessionLookup;
  /** Allow receivers on loopback and private addresses (link-local/metadata ones never). Default false. */
  allowPrivate?: boolean;
  /** Default: `fetch` through @aegis/url-policy (checked, resolved once, connection pinned; see `allowPrivate`). */
  fetch?: typeof fetch;
  clock?: Clock;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Attempts kept in the delivery log. Default 1000. */
  logLimit?: number;
}

/** The payload for one event. */
export function webhookPayload(event: AegisEvent, session: WebhookPayload['session']): WebhookPayload {
  return { id: event.id, event: event.type, timestamp: new Date(event.at).toISOString(), session, data: event.data };
}

/** One webhook endpoint as a channel (`webhook:<name>`); give each endpoint its own so one dead receiver delays no other. */
export class WebhookChannel implements Channel {
  readonly name: string;
  readonly endpoint: WebhookEndpoint;
  readonly #sessions: SessionDirectory;
  readonly #deps: Parameters<typeof deliver>[3];
  readonly #log: DeliveryAttempt[] = [];
  readonly #logLimit: number;

  constructor(endpoint: WebhookEndpointInput, index = 0, options: WebhookChannelOptions = {}) {
    this.endpoint = WebhookEndpointSchema.parse(endpoint);
    this.name = `webhook:${this.endpoint.name ?? index}`;
    this.#sessions = new SessionDirectory(options.sessions);
    this.#logLimit = options.logLimit ?? 1000;
    this.#deps = {
      fetch: options.fetch ?? (pinnedFetch(urlPolicy({ allowPrivate: options.allowPrivate ?? false })) as typeof fetch),
      clock: options.clock ?? realClock,
      random: options.random ?? Math.random,
      record: (a) => {
        this.#log.push(a);
        if (this.#log.length > this.#logLimit) this.#log.shift();
      },
    };
  }

  async handle(event: AegisEvent): Promise<void> {
    const session = this.#sessions.observe(event);
    if (!wants(this.endpoint, event.type)) return;
    await deliver(this.endpoint, this.name, webhookPayload(event, session), this.#deps);
  }

  /** The last attempts, oldest first (for `GET /v1/channels/…/deliveries`). */
  deliveries(): DeliveryAttempt[] {
    return [...this.#log];
  }
}

/** One channel per endpoint. */
export function webhookChannels(
  endpoints: readonly WebhookEndpointInput[],
  options: WebhookChannelOptions = {},
): WebhookChannel[] {
  return endpoints.map((e, i) => new WebhookChannel(e, i, options));
}
