import { storedSessionInfo, type CreateResult, type SessionInfo, type StageSessions } from '@aegis/core';
import { HttpError } from '../errors.js';
import type { Fleet, NodeInfo } from './fleet.js';
import { placeSession } from './placement.js';

/** Who the scheduler's calls to other nodes are made as (their audit trails name it). */
const SCHEDULER = { name: 'pipeline scheduler', role: 'operator' };

/** How long a placement counts on its own, before its session's record is surely in the database. */
const RECENT_MS = 5000;

type PageQuery = Parameters<StageSessions['transcript']>[1];
type Page = Awaited<ReturnType<StageSessions['transcript']>>;

/**
 * A pipeline's stages over the fleet: each new stage is placed like a create (the least busy live node) and its
 * session read and stopped wherever it runs. A stage isolated in a git worktree stays on this node: its branch lives
 * in this machine's repository, where later stages merge it. A stage whose node is down fails its attempt (a retry is
 * placed on a live node).
 */
export function fleetStageSessions(local: StageSessions, fleet: Fleet): StageSessions {
  const delivered = new Map<string, CreatedRemotely['promptDelivery']>();
  // a pipeline starts its ready stages together, faster than their records reach the database: each placement
  // counts the ones this scheduler made in the last seconds too (one at a time), so they spread
  const recent = new Map<string, number>();
  let placing: Promise<unknown> = Promise.resolve();
  const place = (): Promise<NodeInfo> => {
    const next = placing.then(async () => {
      const nodes = (await fleet.nodes()).map((n) => ({ ...n, sessions: n.sessions + (recent.get(n.id) ?? 0) }));
      const target = placeSession(nodes, {}, fleet.nodeId);
      recent.set(target.id, (recent.get(target.id) ?? 0) + 1);
      setTimeout(() => recent.set(target.id, (recent.get(target.id) ?? 1) - 1), RECENT_MS).unref();
      return target;
    });
    placing = next.catch(() => undefined);
    return next;
  };

  async function call<T>(node: NodeInfo, method: string, url: string, body?: unknown): Promise<T> {
    const res = await fleet.forward(node, { method, url, body, headers: {}, principal: SCHEDULER });
    const json = JSON.parse(res.body.toString('utf8') || 'null') as T & { code?: string; message?: string };
    if (res.status >= 400)
      throw new Error(`node ${node.id}: ${json?.code ?? res.status} ${json?.message ?? ''}`.trim());
    return json;
  }

  /** The live node running a session this node does not have; null: nobody has it. */
  async function ownerOf(id: string): Promise<NodeInfo | null> {
    const remote = await fleet.remote(id);
    if (!remote) return null;
    if (remote.owner?.status !== 'up')
      throw new HttpError('NODE_UNREACHABLE', `stage session ${id} runs on node "${remote.nodeId}", which is down`);
    return remote.owner;
  }

  /** Runs `here` when this node has the session, else `there` on its owner. */
  async function where<T>(id: string, here: () => T | Promise<T>, there: (node: NodeInfo) => Promise<T>): Promise<T> {
    try {
      return await here();
    } catch (e) {
      const node = await ownerOf(id);
      if (!node) throw e;
      return there(node);
    }
  }

  return {
    worktrees: local.worktrees,

    async create(input) {
      if (input.isolation === 'worktree') return local.create(input);
      const target = await place();
      if (target.id === fleet.nodeId) return local.create(input);
      const created = await call<CreatedRemotely>(target, 'POST', '/v1/sessions', { ...input, promptWaitMs: 60_000 });
      const d = created.promptDelivery;
      if (d) delivered.set(created.id, d);
      const result: CreateResult = {
        session: created,
        reused: created.reused,
        prompt: d ? { id: d.messageId, position: d.position } : null,
      };
      return result;
    },

    get: (id) =>
      where(
        id,
        () => local.get(id),
        (node) => call<SessionInfo>(node, 'GET', `/v1/sessions/${id}`),
      ),

    async list() {
      const remote = await fleet.remoteSessions();
      return [...(await local.list()), ...remote.map((r) => storedSessionInfo(r.record))];
    },

    transcript: (id, query) =>
      where(
        id,
        () => local.transcript(id, query),
        (node) => call<Page>(node, 'GET', `/v1/sessions/${id}/read?${readQuery(query)}`),
      ),

    interrupt: (id) =>
      where(
        id,
        () => local.interrupt(id),
        (node) => call(node, 'POST', `/v1/sessions/${id}/interrupt`, {}),
      ),

    kill: (id) =>
      where(
        id,
        () => local.kill(id),
        async (node) => void (await call(node, 'DELETE', `/v1/sessions/${id}`)),
      ),

    async waitForDelivery(id, messageId) {
      const d = delivered.get(id);
      if (!d) return local.waitForDelivery(id, messageId);
      delivered.delete(id);
      return {
        delivered: d.delivered,
        attempts: d.attempts,
        confirmedBy: d.confirmedBy,
        // still pending after the create's wait: not known to have failed
        unknown: d.unknown || d.pending,
        submittedDifferently: null,
      };
    },
  };
}

type CreatedRemotely = SessionInfo & {
  reused: boolean;
  promptDelivery: {
    messageId: string;
    position: number;
    delivered: boolean;
    attempts: number;
    pending: boolean;
    confirmedBy: 'hook' | 'transcript' | 'status_file' | null;
    unknown: boolean;
  } | null;
};

function readQuery(q: PageQuery): string {
  const p = new URLSearchParams();
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.after) p.set('after', q.after);
  if (q.before) p.set('before', q.before);
  if (q.kinds?.length) p.set('kinds', q.kinds.join(','));
  if (q.roles?.length) p.set('roles', q.roles.join(','));
  return p.toString();
}
