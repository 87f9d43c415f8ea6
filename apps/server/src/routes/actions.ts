import { AegisError, type AnswerInput } from '@aegis/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../errors.js';
import {
  AnswerBodySchema,
  AnswerResultSchema,
  ApproveBodySchema,
  IdParams,
  KeysBodySchema,
  RejectBodySchema,
  SendBodySchema,
  SendReceiptSchema,
  SendResultSchema,
} from '../schemas.js';
import type { RouteOptions } from '../service.js';

const answerResponse = { 200: AnswerResultSchema, ...errorResponses(400, 401, 403, 404, 409, 410) };
const operator = { role: 'operator' as const };

/** Session actions: send, approve, reject, answer, interrupt, escape, keys. */
export const actionRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const m = ctx.manager;
  const act = (id: string, a: AnswerInput) => m.answer(id, a);

  r.post(
    '/sessions/:id/send',
    {
      config: operator,
      schema: {
        tags: ['actions'],
        summary: 'Send a message: 200 when delivered (verified), 202 with a receipt when queued behind a busy session',
        params: IdParams,
        body: SendBodySchema,
        response: {
          200: SendResultSchema,
          202: SendReceiptSchema,
          ...errorResponses(400, 401, 403, 404, 409, 410, 502, 504),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const s = await m.send(id, request.body);
      const result = s.queued ? s.result : s;
      if (!result) {
        reply.code(202);
        return {
          messageId: s.id,
          delivered: false as const,
          queued: true as const,
          position: s.queued ? s.position : 0,
        };
      }
      const receipt = s.queued ? { position: s.position } : {};
      if (!result.delivered) {
        const details = { sessionId: id, messageId: s.id, attempts: result.attempts, queued: s.queued, ...receipt };
        if (result.submittedDifferently) {
          const seen = result.submittedDifferently.seen;
          throw new AegisError(
            'DELIVERY_SUBMITTED_DIFFERENTLY',
            `Claude Code submitted a different text (${seen.length} characters) instead of this message`,
            { ...details, submittedDifferently: { seen } },
          );
        }
        if (result.unknown)
          throw new AegisError(
            'DELIVERY_UNCONFIRMED',
            'the text was typed but its submission could not be confirmed; it was not resent',
            details,
          );
        throw new AegisError('DELIVERY_FAILED', 'the text could not be delivered', details);
      }
      return {
        messageId: s.id,
        delivered: true as const,
        queued: s.queued,
        ...receipt,
        attempts: result.attempts,
        confirmedBy: result.confirmedBy,
      };
    },
  );

  r.post(
    '/sessions/:id/approve',
    {
      config: operator,
      schema: {
        tags: ['actions'],
        summary: 'Approve the pending prompt (least privilege unless `always`)',
        params: IdParams,
        body: ApproveBodySchema,
        response: answerResponse,
      },
    },
    async (request) => act(request.params.id, { action: 'approve', ...(request.body ?? {}) }),
  );
  r.post(
    '/sessions/:id/reject',
    {
      config: operator,
      schema: {
        tags: ['actions'],
        summary: 'Reject the pending prompt',
        params: IdParams,
        body: RejectBodySchema,
        response: answerResponse,
      },
    },
    async (request) => act(request.params.id, { action: 'reject', ...(request.body ?? {}) }),
  );
  r.post(
    '/sessions/:id/answer',
    {
      config: operator,
      schema: {
        tags: ['actions'],
        summary: "Answer Claude's question (option ids and/or free text, one list per question)",
        params: IdParams,
        body: AnswerBodySchema,
        response: answerResponse,
      },
    },
    async (request) => act(request.params.id, { action: 'answer', ...request.body }),
  );
  r.post(
    '/sessions/:id/interrupt',
    {
      config: operator,
      schema: { tags: ['actions'], summary: 'Interrupt the current turn', params: IdParams, response: answerResponse },
    },
    async (request) => act(request.params.id, { action: 'interrupt' }),
  );
  r.post(
    '/sessions/:id/escape',
    {
      config: operator,
      schema: { tags: ['actions'], summary: 'Press Escape', params: IdParams, response: answerResponse },
    },
    async (request) => act(request.params.id, { action: 'escape' }),
  );
  r.post(
    '/sessions/:id/keys',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['actions'],
        summary: 'Press named keys (admin: raw keys can do anything a person at the terminal can)',
        params: IdParams,
        body: KeysBodySchema,
        response: answerResponse,
      },
    },
    async (request) => act(request.params.id, { action: 'keys', keys: request.body.keys as never }),
  );
};
