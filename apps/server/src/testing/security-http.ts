// Security-suite helpers (tests only): raw HTTP with any Host/Origin (fetch would not send a forged Host), local
// "sites" that play a public page, and the fake cloud metadata service on 169.254.169.254 when the machine lets us
// put that address on the loopback interface.
import { execFileSync } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/** One request to the server at 127.0.0.1:port, with exactly these headers (Host included). */
export function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<RawResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: method.toUpperCase(),
        path,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode!, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface Site {
  url: string;
  /** Request paths received, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** An HTTP server answering each path from `pages` (a function of the site's own URL); 404 otherwise. */
export async function startSite(
  pages: (self: string) => Record<string, { status?: number; headers?: Record<string, string>; body?: string }>,
  host = '127.0.0.1',
  port = 0,
): Promise<Site> {
  const hits: string[] = [];
  let self = '';
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const page = pages(self)[(req.url ?? '').split('?')[0]!];
    if (!page) return void res.writeHead(404).end();
    res
      .writeHead(page.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...page.headers })
      .end(page.body ?? '');
  });
  await new Promise<void>((r) => server.listen(port, host, () => r()));
  self = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const METADATA_IP = '169.254.169.254';

/**
 * The fake metadata service: 169.254.169.254 added to `lo` (root with CAP_NET_ADMIN) and a server on its port 80 that
 * counts requests. Null when the machine does not allow it — the refusals are then still checked, only the proof
 * "nothing arrived at a listening metadata service" is missing. Removes the address again only if it added it.
 */
export async function startFakeMetadata(): Promise<(Site & { added: boolean }) | null> {
  const present = () =>
    execFileSync('ip', ['-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).includes(`${METADATA_IP}/32`);
  let added = false;
  try {
    if (!present()) {
      execFileSync('ip', ['addr', 'add', `${METADATA_IP}/32`, 'dev', 'lo'], { stdio: 'ignore' });
      added = true;
    }
    const site = await startSite(
      () => ({ '/latest/meta-data/': { body: 'iam/security-credentials/' } }),
      METADATA_IP,
      80,
    );
    return {
      ...site,
      added,
      close: async () => {
        await site.close();
        if (added) execFileSync('ip', ['addr', 'del', `${METADATA_IP}/32`, 'dev', 'lo'], { stdio: 'ignore' });
      },
    };
  } catch {
    if (added) execFileSync('ip', ['addr', 'del', `${METADATA_IP}/32`, 'dev', 'lo'], { stdio: 'ignore' });
    return null;
  }
}
