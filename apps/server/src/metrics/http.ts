import { isAegisError } from '@aegis/core';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';
import type { ServerMetrics } from './metrics.js';

const SEND_ROUTE = '/v1/sessions/:id/send';

/**
 * Hooks on the whole app: every request's duration by route pattern (streams left out: an SSE or WebSocket
 * request lasts as long as its client stays), and sends refused before they were accepted.
 */
export function recordHttpMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.config?.sse || request.ws) return;
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.addHook('onError', async (request, _reply, error) => {
    if (request.routeOptions.url !== SEND_ROUTE) return;
    // delivery failures are counted from core's events; the HTTP layer's refusals (key, role, host) are not sends
    const refused = isAegisError(error) ? !error.code.startsWith('DELIVERY_') : !(error instanceof HttpError);
    if (refused) metrics.countDelivery('refused');
  });
}
