import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import swagger from '@fastify/swagger';
import { AegisError } from '@aegis/core';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import websocket from '@fastify/websocket';
import { auditPlugin } from './audit.js';
import { authPlugin } from './auth.js';
import { hostGuard } from './host-guard.js';
import { browserAuthPlugin } from './browser-auth.js';
import { FileAuditLog } from './file-audit-log.js';
import { FileKeyStore } from './file-key-store.js';
import { recordHttpMetrics } from './metrics/http.js';
import { ServerMetrics } from './metrics/metrics.js';
import { registerFleetMetrics } from './fleet/metrics.js';
import { rateLimitPlugin } from './rate-limit.js';
import { apiRegistry } from './registry.js';
import { installErrorHandling, sendError } from './errors.js';
import { chromiumRenderer } from '@aegis/browser';
import { urlPolicy } from '@aegis/url-policy';
import { actionRoutes } from './routes/actions.js';
import { auditRoutes } from './routes/audit.js';
import { commandRoutes } from './routes/commands.js';
import { channelRoutes } from './routes/channels.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { keyRoutes } from './routes/keys.js';
import { nodeRoutes } from './routes/nodes.js';
import { forwardPlugin } from './fleet/forward-plugin.js';
import { metricsRoutes } from './routes/metrics.js';
import { openapiRoutes } from './routes/openapi.js';
import { pipelineRoutes } from './routes/pipelines.js';
import { screenshotRoutes } from './routes/screenshot.js';
import { securityHeaders } from './security-headers.js';
import { legacyRoutes, sessionRoutes } from './routes/sessions.js';
import { terminalRoutes } from './routes/terminal.js';
import { transcriptRoutes } from './routes/transcript.js';
import { worktreeRoutes } from './routes/worktrees.js';
import { browserSessionRoutes } from './routes/browser-session.js';
import { defaultWebRoot, webRoutes } from './web.js';
import type { Environment, RouteContext, ServerDeps } from './service.js';
import { SseHub } from './sse.js';
import { VERSION } from './version.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** pino with the SSE `?token=` redacted from logged URLs, and the Authorization header should anything log headers. */
const LOGGER = {
  level: 'info',
  redact: [
    'req.headers.authorization',
    'headers.authorization',
    'req.headers["x-aegis-cluster-secret"]',
    'headers["x-aegis-cluster-secret"]',
  ],
  serializers: {
    req: (req: { method: string; url: string; ip?: string }) => ({
      method: req.method,
      url: redactToken(req.url),
      remoteAddress: req.ip,
    }),
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
  const now = deps.now ?? Date.now;
  const keys = deps.keys ?? (await FileKeyStore.open(config.stateDir));
  const audit = deps.audit ?? new FileAuditLog(config.stateDir);
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
    frameworkErrors: (error, _request, reply) =>
      sendError(reply, new AegisError('INVALID_INPUT', error.message, { fastifyCode: error.code })),
  }) as unknown as FastifyInstance;
  // First the websocket plugin: its onRequest hook marks upgrade requests, so an upgrade refused by any later hook
  // (the guard, auth) still has its socket closed. Then headers on every response (refusals too), then the
  // Host/Origin guard before any body, auth or route.
  await app.register(websocket, { options: { maxPayload: 65_536 } });
  await app.register(securityHeaders);
  await app.register(hostGuard, {
    host: config.host,
    allowedHosts: config.allowedHosts,
    allowedOrigins: config.allowedOrigins,
  });
  const metrics = deps.metrics ?? new ServerMetrics(deps.manager);
  app.addHook('onClose', async () => metrics.close());
  recordHttpMetrics(app, metrics);
  if (deps.fleet) registerFleetMetrics(metrics.registry, deps.fleet);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // An empty JSON body is "no body" (curl -X POST …/approve -H 'content-type: application/json').
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body === '' || (typeof body === 'string' && body.trim() === '')
      ? done(null, undefined)
      : json(req, body as string, done),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Aegis', version: VERSION, description: 'Claude Code sessions in tmux over REST and SSE' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: withRole(createJsonSchemaTransform({ schemaRegistry: apiRegistry })),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: apiRegistry }),
  });
  await app.register(browserAuthPlugin);
  await app.register(authPlugin, { token: config.authToken, keys, now, clusterSecret: config.clusterSecret });
  await app.register(auditPlugin, { log: audit });
  await app.register(rateLimitPlugin, { max: config.rateLimitMax, windowMs: config.rateLimitWindowMs });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-aegis-api-version', '1');
  });

  const hub = new SseHub();
  const ctx: RouteContext = {
    manager: deps.manager,
    config,
    renderer:
      deps.renderer ??
      chromiumRenderer({
        executablePath: config.chromiumPath,
        policy: urlPolicy({ allowPrivate: config.screenshotAllowPrivate }),
      }),
    environment: deps.environment ?? unknownEnvironment,
    hub,
    now,
    startedAt: now(),
    channels: deps.channels,
    keys,
    audit,
    fleet: deps.fleet ?? null,
    nodeId: deps.fleet?.nodeId ?? config.nodeId ?? hostname(),
    metrics,
  };
  app.addHook('preClose', async () => hub.closeAll());
  if (ctx.fleet) await app.register(forwardPlugin, { fleet: ctx.fleet, manager: ctx.manager });

  for (const plugin of [
    healthRoutes,
    channelRoutes,
    sessionRoutes,
    actionRoutes,
    commandRoutes,
    transcriptRoutes,
    eventRoutes,
    pipelineRoutes,
    worktreeRoutes,
    screenshotRoutes,
    keyRoutes,
    nodeRoutes,
    auditRoutes,
    openapiRoutes,
  ]) {
    await app.register(plugin, { prefix: '/v1', ctx });
  }
  await app.register(browserSessionRoutes, { prefix: '/v1', ctx });
  await app.register(terminalRoutes, { prefix: '/v1', ctx, terminal: deps.terminal });
  await app.register(webRoutes, { root: deps.webRoot === undefined ? defaultWebRoot() : deps.webRoot });
  await app.register(legacyRoutes, { ctx });
  await app.register(metricsRoutes, { ctx });
  return app;
}

type Transform = ReturnType<typeof createJsonSchemaTransform>;

/** Each operation's role in the OpenAPI document (`x-aegis-role`); public ones need no bearer key. */
function withRole(transform: Transform): Transform {
  return (input) => {
    const out = transform(input);
    const role = input.route.config?.role;
    return { ...out, schema: { ...out.schema, 'x-aegis-role': role, ...(role === 'public' ? { security: [] } : {}) } };
  };
}
