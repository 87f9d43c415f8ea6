// Test helper: an HTTP receiver for Claude Code's hooks, and the `--settings` JSON that points every hook at it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_HOOK_EVENTS, TOOL_HOOK_EVENTS } from '../hooks.js';

export async function startHookReceiver(onHook: (body: string) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      onHook(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export function hookSettings(port: number): string {
  const hooks: Record<string, unknown[]> = {};
  for (const e of HTTP_HOOK_EVENTS) {
    hooks[e] = [
      {
        ...(TOOL_HOOK_EVENTS.has(e) ? { matcher: '*' } : {}),
        hooks: [{ type: 'http', url: `http://127.0.0.1:${port}/hook/${e}` }],
      },
    ];
  }
  return JSON.stringify({ hooks });
}
