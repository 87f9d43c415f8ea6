import { storeUnavailable } from '@aegis/core';
import type { PostgresStorage } from '@aegis/store-postgres';
import type { Config } from '../config-fields.js';
import type { Fleet, RemoteSession } from './fleet.js';
import { httpForwarder } from './http-forwarder.js';
import { loadPerCore } from './self-node.js';

export interface PgFleetOptions {
  storage: PostgresStorage;
  /** `nodeLabels`, `heartbeatMs`, `clusterSecret` (without one, this node can neither carry a request to another
   * node nor take one from it). */
  config: Pick<Config, 'nodeLabels' | 'heartbeatMs' | 'clusterSecret'>;
  version: string;
  /** How long a carried request may take. Default 120 s (a send waits for its confirmation). */
  forwardTimeoutMs?: number;
  /** This node became the pipeline scheduler: open (load and resume) the pipelines. */
  onLead?: () => Promise<void>;
  /** It lost the leader lock (its connection broke): stop scheduling, another node takes over. It may win the lock
   * again later (then `onLead` runs again, once this has finished). */
  onLostLead?: () => Promise<void> | void;
}

/** How often a follower tries to become the scheduler (a dead leader is replaced within this; goal: 10 s), and the
 * leader checks its lock's connection. */
const LEAD_TRY_MS = 2000;

export interface RunningFleet extends Fleet {
  /** Registers this node under the URL others reach it by (known once it listens) and starts its heartbeat. */
  join(url: string): Promise<void>;
  stop(): Promise<void>;
}

/** This node in a fleet sharing one PostgreSQL: registers, heartbeats, and sees every node's sessions and events. */
export async function startPgFleet(o: PgFleetOptions): Promise<RunningFleet> {
  const { storage, config } = o;
  const nodeId = storage.node;
  const labels = config.nodeLabels;
  const feed = await storage.openFeed();
  let storeError: string | null = null;
  // a failed beat (the database away) is retried by the next one; the node keeps serving its sessions meanwhile
  const beat = () =>
    void storage.nodes.heartbeat(nodeId, { labels, load: loadPerCore() }).then(
      () => void (storeError = null),
      (e: unknown) => void (storeError = (e as Error).message),
    );
  /** Fleet reads fail as STORE_UNAVAILABLE (503) while the database is away. */
  const read = async <T>(query: () => Promise<T>): Promise<T> => {
    try {
      return await query();
    } catch (e) {
      throw storeUnavailable(e);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let leadTimer: NodeJS.Timeout | undefined;
  let trying = false;
  /** The scheduler stopping after the lock was lost: it is done before this node may lead again. */
  let stopping: Promise<void> = Promise.resolve();
  const lose = () => {
    stopping = Promise.resolve(o.onLostLead?.()).catch(() => undefined);
  };
  /** The leader loop: the leader checks its lock's connection, a follower tries to take the lock. */
  const tryLead = async () => {
    if (trying) return;
    trying = true;
    try {
      if (storage.leader.leading) return void (await storage.leader.check());
      await stopping;
      if (!(await storage.leader.tryLead(lose))) return;
      // a scheduler that cannot load its pipelines gives the lock up: the next try (here or elsewhere) starts over
      await Promise.resolve(o.onLead?.()).catch(() => storage.leader.release());
    } finally {
      trying = false;
    }
  };

  return {
    nodeId,
    get storeError() {
      return storeError;
    },
    events: feed,
    forward: httpForwarder({ nodeId, clusterSecret: config.clusterSecret, timeoutMs: o.forwardTimeoutMs ?? 120_000 }),
    nodes: () => read(() => storage.nodes.list()),
    forget: (id) => read(() => storage.nodes.forget(id, Date.now())),
    async remote(id) {
      const s = await read(() => storage.fleetSessions.get(id));
      if (!s || s.node === nodeId) return null;
      return { nodeId: s.node, owner: await read(() => storage.nodes.get(s.node)), record: s.record };
    },
    async remoteSessions() {
      const [sessions, nodes] = await read(() => Promise.all([storage.fleetSessions.all(), storage.nodes.list()]));
      const byId = new Map(nodes.map((n) => [n.id, n]));
      return sessions
        .filter((s) => s.node !== nodeId)
        .map((s): RemoteSession => ({ nodeId: s.node, owner: byId.get(s.node) ?? null, record: s.record }));
    },
    async join(url) {
      await storage.nodes.register(nodeId, {
        url,
        labels,
        load: loadPerCore(),
        version: o.version,
      });
      timer = setInterval(beat, config.heartbeatMs);
      timer.unref();
      await tryLead().catch(() => undefined);
      leadTimer = setInterval(() => void tryLead().catch(() => undefined), LEAD_TRY_MS);
      leadTimer.unref();
    },
    get leading() {
      return storage.leader.leading;
    },
    async leader() {
      const id = await read(() => storage.leader.current());
      return id === null ? null : await read(() => storage.nodes.get(id));
    },
    async stop() {
      clearInterval(timer);
      clearInterval(leadTimer);
      await storage.leader.release();
      await feed.close();
    },
  };
}
