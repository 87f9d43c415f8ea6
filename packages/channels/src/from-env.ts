import type { Clock } from '@aegis/core';
import type { Channel, Logger, SessionControl } from './channel.js';
import { TelegramChannel } from './telegram/channel.js';
import { telegramConfigFromEnv } from './telegram/config.js';
import { webhookChannels } from './webhook/channel.js';
import { webhooksFromEnv } from './webhook/config.js';

export interface ChannelsFromEnvOptions {
  sessions: SessionControl;
  env?: Record<string, string | undefined>;
  /** Default for `AEGIS_TG_TOPICS_FILE` (e.g. `<stateDir>/telegram-topics.json`). */
  topicsFile?: string;
  clock?: Clock;
  logger?: Logger;
  /** Webhooks may post to loopback/private addresses. Default: `AEGIS_WEBHOOK_ALLOW_PRIVATE=true`. */
  webhookAllowPrivate?: boolean;
}

/** The channels the environment configures: one per `AEGIS_WEBHOOKS` endpoint, and Telegram when `AEGIS_TG_TOKEN` is set. */
export function channelsFromEnv(o: ChannelsFromEnvOptions): Channel[] {
  const env = o.env ?? process.env;
  const lookup = (id: string) => o.sessions.get(id);
  const allowPrivate = o.webhookAllowPrivate ?? env.AEGIS_WEBHOOK_ALLOW_PRIVATE === 'true';
  const out: Channel[] = webhookChannels(webhooksFromEnv(env), {
    sessions: lookup,
    allowPrivate,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  const tg = telegramConfigFromEnv(env);
  if (tg)
    out.push(
      new TelegramChannel({
        ...tg,
        topicsFile: tg.topicsFile ?? o.topicsFile ?? null,
        sessions: o.sessions,
        ...(o.logger ? { logger: o.logger } : {}),
      }),
    );
  return out;
}
