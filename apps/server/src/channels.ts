import { join } from 'node:path';
import { Fanout, channelsFromEnv, type ChannelsHealth, type Logger } from '@aegis/channels';
import type { SessionManager } from '@aegis/core';
import { z } from 'zod';
import type { Config } from './config-fields.js';
import { StartupError } from './startup-error.js';
import { stateDirWebhookSecret } from './webhook-secret.js';

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
  notice: (message: string) => void = () => undefined,
): Promise<RunningChannels> {
  // The config (file > environment > defaults) decides; the channels' own extra variables come from the environment.
  const channelEnv: Record<string, string | undefined> = {
    ...env,
    AEGIS_TG_TOKEN: config.tgToken,
    AEGIS_TG_GROUP: config.tgGroup,
    AEGIS_WEBHOOKS: config.webhooks.join(','),
  };
  // URLs alone (as the README writes them) are enough: without a secret of the user's, one is generated and kept
  if (config.webhooks.length > 0 && !env.AEGIS_WEBHOOK_SECRET) {
    const s = await stateDirWebhookSecret(config.stateDir);
    channelEnv.AEGIS_WEBHOOK_SECRET = s.secret;
    notice(
      `aegis: webhooks are signed (X-Aegis-Signature) with the ${s.created ? 'new ' : ''}secret in ${s.path} (or set AEGIS_WEBHOOK_SECRET)`,
    );
  }
  let channels: ReturnType<typeof channelsFromEnv>;
  try {
    channels = channelsFromEnv({
      sessions: manager,
      env: channelEnv,
      topicsFile: join(config.stateDir, 'telegram-topics.json'),
      logger,
      webhookAllowPrivate: config.webhookAllowPrivate,
    });
  } catch (e) {
    const detail =
      e instanceof z.ZodError
        ? e.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')
        : String(e);
    throw new StartupError(
      `the channels' configuration is invalid (${detail}). AEGIS_WEBHOOK_SECRET, when set, needs 16+ characters; Telegram needs AEGIS_TG_GROUP and AEGIS_TG_ALLOWED_USERS.`,
    );
  }
  const fanout = new Fanout(channels, { logger });
  await fanout.start();
  fanout.attach(manager.events, { after: manager.events.lastId });
  return { health: () => fanout.health(), stop: () => fanout.stop() };
}
