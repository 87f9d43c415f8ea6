// Test helper: a stand-in Aegis server on 127.0.0.1 answering with canned bodies and recording what it was asked, for
// the client commands' tests (closed after each test).
import { createServer, type Server } from 'node:http';
import { afterEach } from 'vitest';

export type FakeReply = (method: string, url: string) => [number, unknown];

export interface FakeServer {
  /** The CLI environment that reaches it (`AEGIS_URL`). */
  env: Record<string, string>;
  /** Method, URL and parsed JSON body of each request, in order. */
  requests: [string, string, unknown][];
}

/** Registers an afterEach that closes the last server; `fakeServer(reply)` starts one. */
export function useFakeServer(): (reply: FakeReply) => Promise<FakeServer> {
  let server: Server | null = null;
  afterEach(() => {
    server?.close();
    server = null;
  });
  return async (reply) => {
    const requests: [string, string, unknown][] = [];
    const s = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push([req.method!, req.url!, body ? JSON.parse(body) : undefined]);
        const [status, json] = reply(req.method!, req.url!);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
    });
    server = s;
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    return { env: { AEGIS_URL: `http://127.0.0.1:${port}` }, requests };
  };
}
