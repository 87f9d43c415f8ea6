import type { FastifyRequest } from 'fastify';

export type Role = 'public' | 'viewer' | 'operator' | 'admin';

const RANK: Record<Role, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };

/**
 * The role of the caller: the keys-with-roles auth's `request.principal` when it is there, else the one-token auth's
 * `request.authenticated` (the token, or anyone when none is configured, is `admin`).
 */
export function requestRole(request: FastifyRequest): Role {
  const r = request as FastifyRequest & { principal?: { role: Role } | null; authenticated?: boolean };
  if (r.principal !== undefined) return r.principal?.role ?? 'public';
  return r.authenticated ? 'admin' : 'public';
}

export function hasRole(request: FastifyRequest, want: Role): boolean {
  return RANK[requestRole(request)] >= RANK[want];
}
