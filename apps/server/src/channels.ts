import { join } from 'node:path';
import { Fanout, channelsFromEnv, type ChannelsHealth, type Logger } from '@aegis/channels';
import type { SessionManager } from '@aegis/core';
import { z } from 'zod';
import type { Config } from './config.js';
import { StartupError } from './startup-error.js';

/** What the server keeps of its channels: their health, and a stop. */
export interface RunningChannels {
  health(): ChannelsHealth;
  stop(): Promise<void>;
}

/**
 * Starts the channels the config asks for (webhooks, Telegram) on core's event bus. They run beside the API:
 * a slow or dead channel never delays a request. Only events from now on are sent (no replay of old history).
 */
export async function startChannels(
  manager: SessionManager,
  config: Config,
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<RunningChannels> {
  // The config (file > environment > defaults) decides; the channels' own extra variables come from the environment.
  const channelEnv: Record<string, string | undefined> = {
    ...env,
    AEGIS_TG_TOKEN: config.tgToken,
    AEGIS_TG_GROUP: config.tgGroup,
    AEGIS_WEBHOOKS: config.webhooks.join(','),
  };
  let channels: ReturnType<typeof channelsFromEnv>;
  try {
    channels = channelsFromEnv({ sessions: manager, env: channelEnv, topicsFile: join(config.stateDir, 'telegram-topics.json'), logger });
  } catch (e) {
    const detail = e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ') : String(e);
    throw new StartupError(
      `the channels' configuration is invalid (${detail}). Webhooks need AEGIS_WEBHOOK_SECRET (16+ characters); Telegram needs AEGIS_TG_GROUP and AEGIS_TG_ALLOWED_USERS.`,
    );
  }
  const fanout = new Fanout(channels, { logger });
  await fanout.start();
  fanout.attach(manager.events, { after: manager.events.lastId });
  return { health: () => fanout.health(), stop: () => fanout.stop() };
}
