import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../errors.js';
import type { SessionService } from '../service.js';
import type { Fleet, NodeInfo } from './fleet.js';
import { remoteSessionDetail } from './remote-detail.js';
import { CLUSTER_SECRET_HEADER } from './headers.js';
import { holdsSession } from './holds-session.js';
import { onBehalf } from './on-behalf.js';
import { placeSession } from './placement.js';

export interface ForwardOptions {
  fleet: Fleet;
  manager: Pick<SessionService, 'get'>;
}

/** Session routes served by every node itself: events come from the fleet's feed; the terminal relays its own socket. */
const SERVED_HERE = new Set(['/v1/sessions/:id/events', '/v1/sessions/:id/terminal']);

/**
 * One API on every node: a call on another node's session is carried to its owner and answered with the owner's
 * answer; a create is placed on the fleet's least busy matching node. Runs after auth and validation, so a bad
 * request is refused where it arrived. A request another node carried here is always served here (no loops).
 */
export const forwardPlugin = fp(
  async (app: FastifyInstance, { fleet, manager }: ForwardOptions) => {
    /** Creates this node placed that have not answered yet (their sessions are not in the records yet), per node. */
    const placing = new Map<string, number>();
    const placedOn = new WeakMap<FastifyRequest, string>();
    const settled = async (request: FastifyRequest) => {
      const id = placedOn.get(request);
      if (id === undefined) return;
      placedOn.delete(request);
      const left = (placing.get(id) ?? 1) - 1;
      if (left > 0) placing.set(id, left);
      else placing.delete(id);
    };
    app.addHook('onResponse', settled);
    app.addHook('onRequestAbort', settled);
    app.addHook('preHandler', async (request, reply) => {
      if (request.headers[CLUSTER_SECRET_HEADER] !== undefined) return;
      const route = request.routeOptions.url ?? '';
      if (route === '/v1/sessions' && request.method === 'POST') return place(request, reply);
      if (route.startsWith('/v1/pipelines') && !fleet.leading) return toScheduler(request, reply);
      if (!route.startsWith('/v1/sessions/:id') || SERVED_HERE.has(route)) return;
      const id = (request.params as { id?: string }).id;
      if (id === undefined || holdsSession(manager, id)) return;
      const remote = await fleet.remote(id);
      if (!remote) return; // nobody's: the route answers 404
      if (remote.owner?.status !== 'up') {
        if (route === '/v1/sessions/:id' && request.method === 'GET') return reply.send(remoteSessionDetail(remote));
        throw new HttpError('NODE_UNREACHABLE', `session ${id} runs on node "${remote.nodeId}", which is down`, {
          node: remote.nodeId,
          heartbeatAgeMs: remote.owner?.heartbeatAgeMs ?? null,
        });
      }
      return send(request, reply, remote.owner);
    });

    async function place(request: FastifyRequest, reply: FastifyReply) {
      const body = request.body as { node?: string; labels?: string[] };
      // a burst of creates would all see the same counts and land on one node: count the ones still under way
      const nodes = (await fleet.nodes()).map((n) => ({ ...n, sessions: n.sessions + (placing.get(n.id) ?? 0) }));
      const target = placeSession(nodes, body, fleet.nodeId);
      placing.set(target.id, (placing.get(target.id) ?? 0) + 1);
      placedOn.set(request, target.id);
      if (target.id === fleet.nodeId) return;
      return send(request, reply, target);
    }

    /** Pipelines run on the fleet's one scheduler (the leader): every pipeline call goes there. */
    async function toScheduler(request: FastifyRequest, reply: FastifyReply) {
      const leader = await fleet.leader();
      if (!leader || leader.status !== 'up')
        throw new HttpError(
          'NO_NODE_AVAILABLE',
          'no node schedules pipelines right now (a new scheduler takes over within 10 s): try again shortly',
        );
      if (leader.id === fleet.nodeId) return; // it leads, and learns it a moment later: serve here
      return send(request, reply, leader);
    }

    async function send(request: FastifyRequest, reply: FastifyReply, node: NodeInfo) {
      const res = await fleet.forward(node, {
        method: request.method,
        url: request.url,
        body: request.body,
        headers: request.headers as Record<string, string>,
        principal: onBehalf(request.principal, fleet.nodeId),
      });
      // the owner's audit trail records the action; this node records that it carried it
      request.audit = { ...request.audit, target: `carried to node ${node.id}` };
      return reply.code(res.status).headers(res.headers).send(res.body);
    }
  },
  { name: 'aegis-fleet-forward', fastify: '5.x' },
);
