import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { BatchItemSchema, BatchResultSchema } from '../schemas.js';
import type { RouteContext } from '../service.js';
import { queuedDelivery } from '../views.js';
import type { Fleet, NodeInfo } from './fleet.js';
import { onBehalf } from './on-behalf.js';
import { placeSession } from './placement.js';
import { selfNode } from './self-node.js';

type Item = z.output<typeof BatchItemSchema>;
type ItemResult = z.output<typeof BatchResultSchema>['sessions'][number];

/** A failed item, with the coded error it failed with (a placement refusal, the carrying node's answer). */
function failure(index: number, e: unknown): ItemResult {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  return { index, ok: false, error: { code: typeof code === 'string' ? code : 'INTERNAL', message } };
}

/**
 * A batch spread over the fleet: each item placed like a create (counting the items placed before it), this node's
 * share created here, every other node's share carried to it as one batch. Results keep the request's order.
 */
export async function createBatchAnywhere(
  ctx: RouteContext,
  request: FastifyRequest,
  items: Item[],
): Promise<ItemResult[]> {
  const results: ItemResult[] = new Array(items.length);
  const nodes: NodeInfo[] = ctx.fleet ? (await ctx.fleet.nodes()).map((n) => ({ ...n })) : [selfNode(ctx)];
  const groups = new Map<string, { node: NodeInfo; indexes: number[] }>();
  items.forEach((item, index) => {
    try {
      const target = placeSession(nodes, item, ctx.nodeId);
      target.sessions++;
      const g = groups.get(target.id) ?? { node: target, indexes: [] };
      g.indexes.push(index);
      groups.set(target.id, g);
    } catch (e) {
      results[index] = failure(index, e);
    }
  });
  await Promise.all(
    [...groups.values()].map(async ({ node, indexes }) => {
      const share = indexes.map((i) => strip(items[i]!));
      const got =
        node.id === ctx.nodeId || !ctx.fleet
          ? await createHere(ctx, share)
          : await carry(ctx.fleet, request, node, share);
      got.forEach((r, k) => {
        const index = indexes[k]!;
        results[index] = 'error' in r && r.error ? failure(index, r.error) : { ...r, index };
      });
    }),
  );
  return results;
}

function strip(item: Item): Item {
  const { node: _node, labels: _labels, ...rest } = item;
  return rest;
}

async function createHere(ctx: RouteContext, items: Item[]): Promise<ItemResult[]> {
  const results = await ctx.manager.createBatch(items);
  return results.map((x) =>
    x.ok
      ? {
          index: x.index,
          ok: true,
          session: {
            ...x.result.session,
            node: ctx.nodeId,
            reused: x.result.reused,
            promptDelivery: x.result.prompt ? queuedDelivery(x.result.prompt) : null,
          },
        }
      : { index: x.index, ok: false, error: x.error },
  );
}

async function carry(fleet: Fleet, request: FastifyRequest, node: NodeInfo, items: Item[]): Promise<ItemResult[]> {
  try {
    const res = await fleet.forward(node, {
      method: 'POST',
      url: '/v1/sessions/batch',
      body: { sessions: items },
      headers: request.headers as Record<string, string>,
      principal: onBehalf(request.principal, fleet.nodeId),
    });
    const body = JSON.parse(res.body.toString('utf8')) as { sessions?: ItemResult[]; code?: string; message?: string };
    if (!body.sessions)
      throw Object.assign(new Error(body.message ?? `node ${node.id} answered ${res.status}`), {
        code: body.code ?? 'INTERNAL',
      });
    return body.sessions;
  } catch (e) {
    return items.map((_, index) => failure(index, e));
  }
}
