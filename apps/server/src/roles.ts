import type { FastifyRequest } from 'fastify';

export type Role = 'public' | 'viewer' | 'operator' | 'admin';

const RANK: Record<Role, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };

/**
 * The role of the caller. Until API keys with roles exist (trust-keys), an authenticated caller — the one token, or
 * anyone when no token is configured — is `admin`; a key-based auth plugin sets `request.role` and this reads it.
 */
export function requestRole(request: FastifyRequest): Role {
  const role = (request as FastifyRequest & { role?: Role }).role;
  if (role) return role;
  return request.authenticated ? 'admin' : 'public';
}

export function hasRole(request: FastifyRequest, want: Role): boolean {
  return RANK[requestRole(request)] >= RANK[want];
}
