import { z } from 'zod';
import type { Backend } from '../backend.js';
import { SessionIdInput } from './common.js';
import { guard, ok, type Server } from './result.js';

/** `server_health`, `screenshot`. */
export function registerMiscTools(server: Server, backend: Backend, version: string): void {
  server.registerTool(
    'server_health',
    {
      title: 'Aegis health',
      description: 'Whether Aegis works (embedded in this process or a remote server) and how many sessions it holds.',
      inputSchema: z.object({}),
      outputSchema: z.looseObject({ status: z.enum(['ok', 'degraded']), backend: z.enum(['embedded', 'http']) }),
      annotations: { readOnlyHint: true },
    },
    () =>
      guard(async () => {
        const h = await backend.serverHealth();
        const data = { ...h, mcpVersion: version };
        return ok(
          data,
          `${h.status} (${h.backend})${h.sessions ? `: ${h.sessions.active} active of ${h.sessions.total} sessions` : ''}`,
        );
      }),
  );

  server.registerTool(
    'screenshot',
    {
      title: 'Screenshot',
      description:
        "An image (PNG) of the session's terminal screen, rendered by headless Chromium. For the text, use capture_pane.",
      inputSchema: SessionIdInput,
      annotations: { readOnlyHint: true },
    },
    ({ sessionId }) =>
      guard(async () => {
        const png = await backend.paneImage(sessionId);
        return { content: [{ type: 'image', data: png.toString('base64'), mimeType: 'image/png' }] };
      }),
  );
}
