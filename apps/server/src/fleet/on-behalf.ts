import type { Principal, Role } from '../roles.js';

/** The caller a node carries a request for, as the owner sees it: `<name> via <this node>`, with the caller's role. */
export function onBehalf(p: Principal | null, nodeId: string): { name: string; role: Role } {
  return { name: `${p?.name ?? 'anonymous'} via ${nodeId}`, role: p?.role ?? 'viewer' };
}
