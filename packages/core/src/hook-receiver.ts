import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseHookPayload, type HookEvent } from '@aegis/state';
import { HOOK_SECRET_HEADER } from './hook-settings.js';

/** Answers one hook: the returned object is the HTTP body Claude Code reads (`{}` = no opinion). */
export type HookHandler = (event: HookEvent) => Promise<Record<string, unknown>> | Record<string, unknown>;

const MAX_BODY = 2 * 1024 * 1024;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time string comparison (hashes first, so lengths do not leak either). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Loopback HTTP receiver for Claude Code's HTTP hooks, owned by core so it works without a server app.
 * `POST /hooks/<sessionId>` with the session's secret in `x-aegis-hook-secret`.
 */
export class HookReceiver {
  readonly #sessions = new Map<string, { secret: string; handler: HookHandler }>();
  #server: Server | undefined;
  #port = 0;

  get port(): number {
    return this.#port;
  }

  /** Base URL of a session's hooks. */
  urlFor(sessionId: string): string {
    return `http://127.0.0.1:${this.#port}/hooks/${encodeURIComponent(sessionId)}`;
  }

  /** Listens on 127.0.0.1, on `preferredPort` when it is free (so hooks of re-adopted sessions still reach us). */
  async listen(preferredPort = 0): Promise<number> {
    const tryListen = (port: number) =>
      new Promise<Server>((resolve, reject) => {
        const server = createServer((req, res) => void this.#handle(req, res));
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve(server));
      });
    try {
      this.#server = await tryListen(preferredPort);
    } catch (e) {
      if (preferredPort === 0) throw e;
      this.#server = await tryListen(0);
    }
    this.#server.unref();
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.#port;
  }

  register(sessionId: string, secret: string, handler: HookHandler): void {
    this.#sessions.set(sessionId, { secret, handler });
  }

  unregister(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  async close(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // Claude Code posts to 127.0.0.1 (`urlFor`): any other Host is a DNS-rebinding page, refused before anything else
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/i.test(req.headers.host ?? '')) {
      req.resume();
      return reply(403, { error: 'host not allowed' });
    }
    const m = /^\/hooks\/([^/?]+)$/.exec(req.url?.split('?')[0] ?? '');
    if (req.method !== 'POST' || !m) return reply(404, { error: 'not found' });
    const session = this.#sessions.get(decodeURIComponent(m[1]!));
    const given = req.headers[HOOK_SECRET_HEADER];
    if (!session || typeof given !== 'string' || !secretsEqual(given, session.secret)) {
      req.resume();
      return reply(401, { error: 'unauthorized' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY) return reply(413, { error: 'too large' });
        chunks.push(chunk as Buffer);
      }
      const event = parseHookPayload(Buffer.concat(chunks).toString('utf8'));
      reply(200, await session.handler(event));
    } catch {
      if (!res.headersSent) reply(400, { error: 'bad hook payload' });
    }
  }
}
