import type { EventLog, SessionInfo, SessionRecord } from '@aegis/core';
import { storedSessionInfo } from '@aegis/core';
import type { NodeInfo } from '@aegis/store-postgres';

export type { NodeInfo };

/** A session as the fleet shows it: which node runs it, and `unreachable` while that node is down. */
export type FleetSessionInfo = Omit<SessionInfo, 'status'> & {
  status: SessionInfo['status'] | 'unreachable';
  node: string;
};

/** Another node's session, from the shared store. */
export interface RemoteSession {
  /** The owning node's id, and its directory entry (null: it never registered). */
  nodeId: string;
  owner: NodeInfo | null;
  record: SessionRecord;
}

/** What the routes need of the fleet (null on a server without a shared database). */
export interface Fleet {
  readonly nodeId: string;
  /** Why the shared database cannot be reached (the last heartbeat failed); null while it can. */
  readonly storeError: string | null;
  /** Every node with its heartbeat and status. */
  nodes(): Promise<NodeInfo[]>;
  /** Does this node schedule the fleet's pipelines now (it holds the leader lock)? */
  readonly leading: boolean;
  /** The node that schedules pipelines (null: none yet). */
  leader(): Promise<NodeInfo | null>;
  /** A session this node does not own, or null (this node's, or nobody's). */
  remote(id: string): Promise<RemoteSession | null>;
  /** Every other node's sessions. */
  remoteSessions(): Promise<RemoteSession[]>;
  /** Every node's events in one global order (`id` is the global one; each event names its `node`). */
  readonly events: Pick<EventLog, 'subscribe' | 'lastId'>;
  /** Carries a request to a session's owner (see forward.ts). */
  readonly forward: Forwarder;
  /**
   * Removes a node that is gone for good; its live sessions end (`vanished`). `'up'` (refused) while it heartbeats,
   * null when there is no such node.
   */
  forget(id: string): Promise<{ endedSessions: string[] } | 'up' | null>;
}

export interface ForwardRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  body: unknown;
  headers: Record<string, string>;
  /** Who called, for the owner's audit trail and role. */
  principal: { name: string; role: string };
}

export interface ForwardedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Forwarder = (node: NodeInfo, request: ForwardRequest) => Promise<ForwardedResponse>;

const up = (s: RemoteSession) => s.owner?.status === 'up';

/** Another node's session as the API shows it: never a stale `idle` while its node is down. */
export function remoteSessionInfo(s: RemoteSession): FleetSessionInfo {
  const info = storedSessionInfo(s.record);
  const ended = s.record.endedAt !== null;
  return { ...info, status: ended || up(s) ? info.status : 'unreachable', node: s.nodeId };
}
