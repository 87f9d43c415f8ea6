import { buildServer } from './app.js';
import { parseConfig } from './config.js';
import type { SessionService } from './service.js';

/** The OpenAPI document of this server (routes only; no session manager is touched). */
export async function openapiDocument(): Promise<Record<string, unknown>> {
  const app = await buildServer({ manager: {} as SessionService, config: parseConfig({ stateDir: '/nonexistent' }) });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
