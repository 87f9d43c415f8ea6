import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRegistry } from './registry.js';
import { AEGIS_ERROR_CODES, ERROR_STATUS, isAegisError, type AegisErrorCode } from '@aegis/core';

/** Codes only the HTTP layer produces (core's codes cover everything else). */
export const SERVER_ERROR_CODES = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'ROUTE_NOT_FOUND',
  'KEY_NOT_FOUND',
  'KEY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'NOT_IMPLEMENTED',
  'RENDER_FAILED',
  'HOST_NOT_ALLOWED',
  'ORIGIN_NOT_ALLOWED',
  'URL_NOT_ALLOWED',
  'SHELL_MODE_DISABLED',
  'NODE_NOT_FOUND',
  'NODE_UNREACHABLE',
  'NO_NODE_AVAILABLE',
  'NODE_UP',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type ErrorCode = AegisErrorCode | ServerErrorCode;

export const SERVER_ERROR_STATUS: Record<ServerErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ROUTE_NOT_FOUND: 404,
  KEY_NOT_FOUND: 404,
  KEY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  NOT_IMPLEMENTED: 501,
  RENDER_FAILED: 502,
  HOST_NOT_ALLOWED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  URL_NOT_ALLOWED: 400,
  SHELL_MODE_DISABLED: 403,
  NODE_NOT_FOUND: 404,
  NODE_UNREACHABLE: 503,
  NO_NODE_AVAILABLE: 503,
  NODE_UP: 409,
};

/** Every 4xx/5xx body. */
export const ErrorBodySchema = z
  .object({
    code: z.enum([...AEGIS_ERROR_CODES, ...SERVER_ERROR_CODES]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string(),
  })
  .describe('Error');
apiRegistry.add(ErrorBodySchema, { id: 'Error' });
export type ErrorBody = z.output<typeof ErrorBodySchema>;

/** An error the HTTP layer raises itself (401, 413, 501, …). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly code: ServerErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
  get status(): number {
    return SERVER_ERROR_STATUS[this.code];
  }
}

/** HTTP status of any error code. */
export function statusOf(code: ErrorCode): number {
  return code in SERVER_ERROR_STATUS
    ? SERVER_ERROR_STATUS[code as ServerErrorCode]
    : ERROR_STATUS[code as AegisErrorCode];
}

function body(request: FastifyRequest, code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return {
    code,
    message,
    ...(details && Object.keys(details).length ? { details } : {}),
    requestId: String(request.id),
  };
}

/** Maps any thrown value to `{code, message, details?, requestId}` with the matching status. */
export function toErrorReply(error: unknown, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (isAegisError(error))
    return { status: error.status, body: body(request, error.code, error.message, { ...error.details }) };
  if (error instanceof HttpError)
    return { status: error.status, body: body(request, error.code, error.message, error.details) };
  const e = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(e)) {
    const issues = e.validation.map((v) => ({ path: v.instancePath, message: v.message, ...v.params }));
    return {
      status: 400,
      body: body(request, 'INVALID_INPUT', `invalid request ${e.validationContext ?? ''}`.trim(), { issues }),
    };
  }
  if (isResponseSerializationError(e)) {
    request.log.error({ err: e, issues: e.cause.issues }, 'response does not match its schema');
    return { status: 500, body: body(request, 'INTERNAL', 'internal error: response does not match its schema') };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413)
    return { status: 413, body: body(request, 'PAYLOAD_TOO_LARGE', 'request body is too large') };
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return {
      status: 415,
      body: body(request, 'UNSUPPORTED_MEDIA_TYPE', 'unsupported content type (send application/json)'),
    };
  if (status >= 400 && status < 500)
    return { status: 400, body: body(request, 'INVALID_INPUT', e?.message || 'bad request') };
  request.log.error({ err: error }, 'unhandled error');
  return { status: 500, body: body(request, 'INTERNAL', 'internal error') };
}

export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const r = toErrorReply(error, reply.request);
  return reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
}

/** Error and not-found handlers for the whole app. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => sendError(reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new HttpError('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/** Response schemas of the documented errors (for the OpenAPI document). */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema]));
}
