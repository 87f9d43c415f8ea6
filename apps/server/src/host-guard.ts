import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors.js';

/** Names that always reach the server (any port): a browser only sends them for a page the user opened locally. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export interface HostGuardOptions {
  /** The configured listen address (also a permitted `Host`). */
  host: string;
  /** Extra `Host` names (`name` = any port, `name:port` = that port). */
  allowedHosts: readonly string[];
  /** Cross-origin callers allowed in (exact origins, e.g. `https://dash.example.com`); they also get CORS. */
  allowedOrigins: readonly string[];
}

/** `Host` lowercased, one trailing dot dropped, IPv6 in brackets; `null` when it cannot be one. */
export function splitHost(value: string): { name: string; port: string | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase().replace(/\.$/, ''), port: m[2] ?? null };
}

/** The configured `host` as it appears in a `Host` header (IPv6 gets brackets). */
const asHostName = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host).toLowerCase();

/** `scheme://host[:port]` of an origin, or null (`null`, garbage and non-http(s) schemes never match anything). */
export function normalOrigin(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Decides `Host` and `Origin`; pure, so it is tested without a server. */
export function hostPolicy(o: HostGuardOptions) {
  const anyPort = new Set([...LOOPBACK_NAMES, asHostName(o.host)]);
  const exact = new Set<string>();
  for (const entry of o.allowedHosts) {
    const h = splitHost(entry);
    if (!h) continue;
    if (h.port) exact.add(`${h.name}:${h.port}`);
    else anyPort.add(h.name);
  }
  const origins = new Set(o.allowedOrigins.map(normalOrigin).filter((x): x is string => x !== null));
  return {
    hostAllowed(value: string | undefined): boolean {
      const h = value ? splitHost(value) : null;
      return h !== null && (anyPort.has(h.name) || (h.port !== null && exact.has(`${h.name}:${h.port}`)));
    },
    /** Listed in `allowedOrigins`. */
    listed: (origin: string) => origins.has(normalOrigin(origin) ?? ''),
    /** The server's own origin: http(s) on the very `Host` (already permitted) the request was sent to. */
    own(origin: string, host: string): boolean {
      const o = normalOrigin(origin);
      return o !== null && new URL(o).host === new URL(`http://${host}`).host;
    },
  };
}

function check(policy: ReturnType<typeof hostPolicy>, request: FastifyRequest): void {
  const host = request.headers.host;
  if (!policy.hostAllowed(host)) {
    throw new HttpError(
      'HOST_NOT_ALLOWED',
      `Host ${JSON.stringify(host ?? '')} is not allowed (allowedHosts / AEGIS_ALLOWED_HOSTS)`,
    );
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (policy.listed(origin) || policy.own(origin, host!)) return;
  throw new HttpError(
    'ORIGIN_NOT_ALLOWED',
    `Origin ${JSON.stringify(origin)} is not allowed (allowedOrigins / AEGIS_ALLOWED_ORIGINS)`,
  );
}

/**
 * DNS-rebinding and cross-site guard: an `onRequest` hook registered before everything else, so it runs before any
 * body is parsed or any route (REST, SSE, pages, WebSocket upgrades) is reached. Listed origins get CORS.
 */
export const hostGuard = fp(
  async (app: FastifyInstance, o: HostGuardOptions) => {
    const policy = hostPolicy(o);
    app.addHook('onRequest', async (request) => check(policy, request));
    await app.register(cors, {
      // only listed origins get CORS headers; the guard already refused the rest
      origin: (origin, cb) => cb(null, origin !== undefined && policy.listed(origin)),
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'last-event-id', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'x-aegis-api-version', 'retry-after'],
      // bearer tokens travel in an explicit header, never in cookies: no credentialed CORS
      credentials: false,
      maxAge: 600,
      strictPreflight: true,
    });
  },
  { name: 'aegis-host-guard', fastify: '5.x' },
);
