import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors.js';
import { hashKey, type KeyStore } from './key-store.js';
import { allows, RoleSchema, type Principal, type RouteRole } from './roles.js';
import { CLUSTER_SECRET_HEADER, ON_BEHALF_HEADER } from './fleet/headers.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling (null: no or an invalid key, on a server that needs one). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The least role that may call this route; every route must declare one (`buildServer` throws otherwise). */
    role?: RouteRole;
    /** An SSE route: the key may also come as `?token=` (browsers' EventSource cannot set headers). */
    sse?: boolean;
  }
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison (both sides hashed first, so lengths never leak). */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function presented(request: FastifyRequest, allowQuery: boolean): string | null {
  const h = request.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(h);
    if (m) return m[1]!;
  }
  if (allowQuery) {
    const q = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof q === 'string' && q) return q;
  }
  return null;
}

export interface AuthOptions {
  /** `AEGIS_AUTH_TOKEN`: an admin key from the configuration. */
  token: string | undefined;
  keys: KeyStore;
  now: () => number;
  /** `AEGIS_CLUSTER_SECRET`: other fleet nodes present it with the caller they carry a request for. */
  clusterSecret?: string | undefined;
}

const TOKEN: Principal = { kind: 'token', name: 'token', keyId: null, role: 'admin' };
const ANONYMOUS: Principal = { kind: 'anonymous', name: 'anonymous', keyId: null, role: 'admin' };

/** A request another node carried here: the cluster secret, and the caller that node authenticated. */
function forwardedCaller(request: FastifyRequest, o: AuthOptions): Principal | null | undefined {
  const secret = request.headers[CLUSTER_SECRET_HEADER];
  if (secret === undefined) return undefined;
  if (!o.clusterSecret || typeof secret !== 'string' || !tokensEqual(secret, o.clusterSecret)) return null;
  try {
    const raw = JSON.parse(String(request.headers[ON_BEHALF_HEADER])) as { name?: unknown; role?: unknown };
    const role = RoleSchema.parse(raw.role);
    return { kind: 'node', name: String(raw.name).slice(0, 200), keyId: null, role };
  } catch {
    return null;
  }
}

/** The caller, or null. With neither a token nor any key configured the server is open: everyone is admin (loopback only, see start.ts). */
async function identify(given: string | null, o: AuthOptions): Promise<Principal | null> {
  if (!o.token && (await o.keys.count()) === 0) return ANONYMOUS;
  if (given === null) return null;
  if (o.token && tokensEqual(given, o.token)) return TOKEN;
  // A lookup by the hash of a 256-bit random key: a timing difference could reveal only hash bits, never a key.
  const key = await o.keys.findByHash(hashKey(given));
  if (!key) return null;
  await o.keys.touch(key.id, o.now());
  return { kind: 'key', name: key.name, keyId: key.id, role: key.role };
}

/**
 * Roles: every route declares `config.role`; a request without a valid key is 401, one whose key's role is too low
 * is 403, before its body is parsed. Keys come as `Authorization: Bearer`, on SSE routes also as `?token=`.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthOptions) => {
    app.decorateRequest('principal', null);
    app.addHook('onRoute', (route) => {
      // a CORS preflight (@fastify/cors's OPTIONS route) never carries credentials: it can only be public
      if (!route.config?.role && route.method === 'OPTIONS') route.config = { ...route.config, role: 'public' };
      if (!route.config?.role) {
        throw new Error(
          `route ${String(route.method)} ${route.url} declares no role: add config: { role: 'public' | 'viewer' | 'operator' | 'admin' }`,
        );
      }
    });
    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config ?? {};
      const need: RouteRole = config.role ?? 'viewer'; // an unknown route answers 404 only to a caller with a key
      const given = presented(request, config.sse === true);
      const forwarded = forwardedCaller(request, opts);
      request.principal = forwarded !== undefined ? forwarded : await identify(given, opts);
      if (need === 'public') return;
      const p = request.principal;
      if (!p)
        throw new HttpError(
          'UNAUTHORIZED',
          given === null ? 'missing API key (Authorization: Bearer <key>)' : 'invalid or revoked API key',
        );
      if (!allows(p.role, need))
        throw new HttpError(
          'FORBIDDEN',
          `this route needs the ${need} role; ${p.kind === 'key' ? `key "${p.name}"` : p.name} has ${p.role}`,
          { need, role: p.role },
        );
    });
  },
  { name: 'aegis-auth', fastify: '5.x' },
);
