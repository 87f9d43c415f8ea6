/** A tiny HTTP hook receiver and the `--settings` document pointing every hook event at it. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The events of the shared 2.1.197 `hooks/settings-hooks-used.json` (HTTP half only; SessionStart has no HTTP hooks). */
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'PermissionDenied',
  'Notification',
  'Stop',
  'StopFailure',
  'SubagentStart',
  'SubagentStop',
  'SessionEnd',
  'PreCompact',
  'PostCompact',
] as const;

const TOOL_EVENTS = new Set([
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'PermissionDenied',
]);

export interface HookReceiver {
  url: string;
  /** One JSON line per request: `{recv_ms, via: "http", method, url, headers, payload}`. */
  lines: string[];
  close(): Promise<void>;
}

export async function startHookReceiver(): Promise<HookReceiver> {
  const lines: string[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let payload: unknown = raw;
      try {
        payload = JSON.parse(raw);
      } catch {
        // keep the raw text
      }
      lines.push(
        JSON.stringify({
          recv_ms: Date.now(),
          via: 'http',
          method: req.method,
          url: req.url,
          headers: req.headers,
          payload,
        }),
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lines,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Settings JSON (for `--settings <json>`) registering one HTTP hook per event at `<url>/hook/<Event>`. */
export function httpHookSettings(url: string): string {
  const hooks: Record<string, unknown[]> = {};
  for (const event of HOOK_EVENTS) {
    hooks[event] = [
      { hooks: [{ type: 'http', url: `${url}/hook/${event}` }], ...(TOOL_EVENTS.has(event) ? { matcher: '*' } : {}) },
    ];
  }
  return JSON.stringify({ hooks });
}
