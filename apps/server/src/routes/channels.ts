import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors.js';
import type { RouteOptions } from '../service.js';

const ChannelHealthSchema = z.object({
  name: z.string(),
  circuit: z.enum(['closed', 'open', 'half_open']),
  openUntil: z.number().nullable(),
  queued: z.number(),
  delivered: z.number(),
  failed: z.number(),
  dropped: z.number(),
  deadLettered: z.number(),
  consecutiveFailures: z.number(),
  lastEventId: z.number().nullable(),
  lastError: z.string().nullable(),
  lastSuccessAt: z.number().nullable(),
});

/** `ok` is false while any channel's circuit is open. */
const ChannelsHealthSchema = z.object({ ok: z.boolean(), channels: z.array(ChannelHealthSchema) });

/** `GET /v1/channels/health`: each channel's queue, circuit, counters and last error. */
export const channelRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/channels/health',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['server'],
        summary: 'Channels (webhooks, Telegram): queues, circuits, failures',
        response: { 200: ChannelsHealthSchema, ...errorResponses(401) },
      },
    },
    async () => ctx.channels?.health() ?? { ok: true, channels: [] },
  );
};
