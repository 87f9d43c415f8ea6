import { z } from 'zod';

/** What a key may do; each role includes the ones before it. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z
  .enum(ROLES)
  .describe(
    'viewer: reads, SSE, pane, screenshots · operator: + create, send, answer, interrupt, escape, pipelines · admin: + kill, raw keys, API keys, audit',
  );

/** What a route needs: a role, or nothing at all (`public`: health and static assets only). */
export type RouteRole = 'public' | Role;
const RANK: Record<RouteRole, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };

export const allows = (have: Role, need: RouteRole): boolean => RANK[have] >= RANK[need];

/**
 * Who made a request: an API key, the `AEGIS_AUTH_TOKEN` (admin), nobody on an open loopback server (admin), or a
 * caller of another fleet node whose request that node carried here (`node`: with the caller's role).
 */
export interface Principal {
  kind: 'key' | 'token' | 'anonymous' | 'node';
  /** The key's name, `token` or `anonymous`. */
  name: string;
  keyId: string | null;
  role: Role;
}
