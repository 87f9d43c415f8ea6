import { z } from 'zod';

/** Telegram settings (the env form is read by `telegramConfigFromEnv`). */
export const TelegramConfigSchema = z.object({
  /** The bot token from @BotFather. */
  token: z.string().regex(/^\d+:[\w-]+$/, 'a bot token looks like 123456:ABC-…'),
  /** The forum supergroup's chat id (negative, `-100…`). */
  groupId: z.number().int(),
  /** Telegram user ids allowed to steer sessions. Empty allows nobody. */
  allowedUserIds: z.array(z.number().int()).default([]),
  /** Where the session → topic map is persisted (JSON, written atomically). Null keeps it in memory. */
  topicsFile: z.string().nullable().default(null),
});

export type TelegramConfigInput = z.input<typeof TelegramConfigSchema>;
export type TelegramConfig = z.output<typeof TelegramConfigSchema>;

/**
 * `AEGIS_TG_TOKEN`, `AEGIS_TG_GROUP`, `AEGIS_TG_ALLOWED_USERS` (comma-separated ids), `AEGIS_TG_TOPICS_FILE`.
 * Returns null when no token is set (Telegram disabled); throws on an invalid configuration.
 */
export function telegramConfigFromEnv(env: Record<string, string | undefined> = process.env): TelegramConfig | null {
  const token = env.AEGIS_TG_TOKEN?.trim();
  if (!token) return null;
  const ids = (env.AEGIS_TG_ALLOWED_USERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  return TelegramConfigSchema.parse({
    token,
    groupId: env.AEGIS_TG_GROUP?.trim() ? Number(env.AEGIS_TG_GROUP) : Number.NaN,
    allowedUserIds: ids,
    topicsFile: env.AEGIS_TG_TOPICS_FILE?.trim() || null,
  });
}
