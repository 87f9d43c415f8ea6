import { buildServer } from './app.js';
import { parseConfig } from './config.js';
import type { SessionService } from './service.js';

/** No sessions: the metrics subscribe to its events, nothing else is touched. */
const noManager = { events: { subscribe: () => () => undefined } } as unknown as SessionService;

/** The OpenAPI document of this server (routes only; no session manager is touched). */
export async function openapiDocument(): Promise<Record<string, unknown>> {
  const app = await buildServer({ manager: noManager, config: parseConfig({ stateDir: '/nonexistent' }) });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
