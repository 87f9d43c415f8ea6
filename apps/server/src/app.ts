import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import { AegisError } from '@aegis/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { authPlugin } from './auth.js';
import { apiRegistry } from './registry.js';
import { installErrorHandling, sendError } from './errors.js';
import { chromiumRenderer } from './renderer.js';
import { actionRoutes } from './routes/actions.js';
import { commandRoutes } from './routes/commands.js';
import { channelRoutes } from './routes/channels.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { openapiRoutes } from './routes/openapi.js';
import { pipelineRoutes } from './routes/pipelines.js';
import { screenshotRoutes } from './routes/screenshot.js';
import { legacyRoutes, sessionRoutes } from './routes/sessions.js';
import { transcriptRoutes } from './routes/transcript.js';
import type { Environment, RouteContext, ServerDeps } from './service.js';
import { SseHub } from './sse.js';
import { VERSION } from './version.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** pino with the SSE `?token=` redacted from logged URLs. */
const LOGGER = {
  level: 'info',
  serializers: {
    req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactToken(req.url), remoteAddress: req.ip }),
  },
};
export const redactToken = (url: string): string => url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');

const unknownEnvironment: Environment = {
  version: VERSION,
  tmux: { available: true, version: null },
  claude: { available: true, path: null, version: null },
};

/** The fastify app with every route, without listening (tests use `inject`). */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const logger = deps.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'object' ? { loggerInstance: logger } : { logger: logger ? LOGGER : false }),
    bodyLimit: config.bodyLimit,
    requestIdHeader: false,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    // malformed URLs and over-long path parameters: the same JSON error shape as everything else
    frameworkErrors: (error, _request, reply) => sendError(reply, new AegisError('INVALID_INPUT', error.message, { fastifyCode: error.code })),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // An empty JSON body is "no body" (curl -X POST …/approve -H 'content-type: application/json').
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body === '' || (typeof body === 'string' && body.trim() === '') ? done(null, undefined) : json(req, body as string, done),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Aegis', version: VERSION, description: 'Claude Code sessions in tmux over REST and SSE' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: config.authToken ? [{ bearer: [] }] : [],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: apiRegistry }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: apiRegistry }),
  });
  await app.register(authPlugin, { token: config.authToken });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-aegis-api-version', '1');
  });

  const hub = new SseHub();
  const now = deps.now ?? Date.now;
  const ctx: RouteContext = {
    manager: deps.manager,
    config,
    renderer: deps.renderer ?? chromiumRenderer(config.chromiumPath),
    environment: deps.environment ?? unknownEnvironment,
    hub,
    now,
    startedAt: now(),
    channels: deps.channels,
  };
  app.addHook('preClose', async () => hub.closeAll());

  for (const plugin of [healthRoutes, channelRoutes, sessionRoutes, actionRoutes, commandRoutes, transcriptRoutes, eventRoutes, pipelineRoutes, screenshotRoutes, openapiRoutes]) {
    await app.register(plugin, { prefix: '/v1', ctx });
  }
  await app.register(legacyRoutes, { ctx });
  return app;
}
