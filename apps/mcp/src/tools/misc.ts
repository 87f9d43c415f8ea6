import { z } from 'zod';
import type { Backend } from '../backend.js';
import { SessionIdInput } from './common.js';
import { fail, guard, McpToolError, ok, type Server } from './result.js';

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
        return ok(data, `${h.status} (${h.backend})${h.sessions ? `: ${h.sessions.active} active of ${h.sessions.total} sessions` : ''}`);
      }),
  );

  server.registerTool(
    'screenshot',
    {
      title: 'Screenshot',
      description: "An image of the session's terminal. Not implemented in the MCP server yet: returns NOT_IMPLEMENTED (use capture_pane for the text).",
      inputSchema: SessionIdInput,
      annotations: { readOnlyHint: true },
    },
    async () => fail(new McpToolError('NOT_IMPLEMENTED', 'screenshot is not implemented in the MCP server yet; use capture_pane for the screen text.')),
  );
}
