import { HttpError } from '../errors.js';
import type { NodeInfo } from './fleet.js';

export interface PlacementRequest {
  /** Pin to this node. */
  node?: string | undefined;
  /** Only nodes having every one of these labels. */
  labels?: string[] | undefined;
}

/**
 * Where a new session runs: among live nodes matching the request, the one with the fewest sessions (this node on a
 * tie, so a fleet of one never forwards; then by id, so the choice is stable).
 */
export function placeSession(nodes: readonly NodeInfo[], request: PlacementRequest, self: string): NodeInfo {
  if (request.node !== undefined) {
    const pinned = nodes.find((n) => n.id === request.node);
    if (!pinned) throw new HttpError('NODE_NOT_FOUND', `no node "${request.node}" in the fleet`);
    if (pinned.status !== 'up')
      throw new HttpError(
        'NODE_UNREACHABLE',
        `node "${pinned.id}" is down (no heartbeat for ${pinned.heartbeatAgeMs} ms)`,
        {
          node: pinned.id,
        },
      );
    return pinned;
  }
  const labels = request.labels ?? [];
  const candidates = nodes.filter((n) => n.status === 'up' && labels.every((l) => n.labels.includes(l)));
  if (candidates.length === 0)
    throw new HttpError(
      'NO_NODE_AVAILABLE',
      labels.length ? `no live node has the labels ${labels.join(', ')}` : 'no live node in the fleet',
      { labels },
    );
  return [...candidates].sort(
    (a, b) => a.sessions - b.sessions || Number(b.id === self) - Number(a.id === self) || a.id.localeCompare(b.id),
  )[0]!;
}
