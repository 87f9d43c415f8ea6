// Commonly used
export { Fanout, type FanoutOptions } from './fanout.js';
export type { ChannelsHealth, ChannelHealth, CircuitState, DeadLetter } from './channel-health.js';
export {
  consoleLogger,
  silentLogger,
  type Channel,
  type EventSource,
  type SessionControl,
  type Logger,
} from './channel.js';
export { channelsFromEnv, type ChannelsFromEnvOptions } from './from-env.js';

// Webhooks
export { WebhookChannel, webhookChannels, webhookPayload, type WebhookChannelOptions } from './webhook/channel.js';
export {
  WebhookEndpointSchema,
  WebhooksConfigSchema,
  webhooksFromEnv,
  wants,
  type WebhookEndpoint,
  type WebhookEndpointInput,
} from './webhook/config.js';
export { WebhookDeliveryError, retryable, type WebhookPayload, type DeliveryAttempt } from './webhook/delivery.js';
export {
  SIGNATURE_HEADER,
  verifySignature,
  signPayload,
  computeSignature,
  type VerifyOptions,
} from './webhook/signature.js';
export { backoffDelay, parseRetryAfter } from './webhook/backoff.js';

// Telegram
export { TelegramChannel, type TelegramChannelOptions } from './telegram/channel.js';
export {
  TelegramConfigSchema,
  telegramConfigFromEnv,
  type TelegramConfig,
  type TelegramConfigInput,
} from './telegram/config.js';
export { TopicMap, type Topic } from './telegram/topic-map.js';
export { stripInternalTags, splitForTelegram, escapeHtml, TELEGRAM_TEXT_LIMIT } from './telegram/format.js';

// Building blocks
export { SessionDirectory, type SessionSummary, type SessionLookup } from './session-directory.js';
