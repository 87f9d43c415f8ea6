import { AegisClient } from '@aegis/client';

export const DEFAULT_URL = 'http://127.0.0.1:9100';

/** `AEGIS_URL`, else `http://AEGIS_HOST:AEGIS_PORT` (defaults 127.0.0.1:9100). */
export function serverUrl(env: Record<string, string | undefined>): string {
  if (env.AEGIS_URL) return env.AEGIS_URL.replace(/\/+$/, '');
  const host = env.AEGIS_HOST || '127.0.0.1';
  const port = env.AEGIS_PORT || '9100';
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** The client of the client commands: `serverUrl(env)`, bearer `AEGIS_API_KEY`, else the admin `AEGIS_AUTH_TOKEN`. */
export function clientFromEnv(env: Record<string, string | undefined>): AegisClient {
  return new AegisClient({ url: serverUrl(env), token: env.AEGIS_API_KEY || env.AEGIS_AUTH_TOKEN || undefined });
}
