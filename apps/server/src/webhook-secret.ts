import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the generated webhook secret lives (for the start log line and `aegis-bridge doctor`). */
export const webhookSecretFile = (stateDir: string): string => join(stateDir, 'webhook-secret');

/**
 * The secret webhooks are signed with when `AEGIS_WEBHOOK_SECRET` is not set: generated once (32 random bytes,
 * base64url), kept in `<stateDir>/webhook-secret` readable by the owner only, and read back on every later start so
 * receivers keep verifying.
 */
export async function stateDirWebhookSecret(
  stateDir: string,
): Promise<{ secret: string; path: string; created: boolean }> {
  const path = webhookSecretFile(stateDir);
  try {
    const secret = (await readFile(path, 'utf8')).trim();
    if (secret.length >= 16) return { secret, path, created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  await chmod(path, 0o600); // also when the file existed (too short) with a wider mode
  return { secret, path, created: true };
}
