import { STATE_KINDS } from '@aegis/state';
import { BashSchema, CommandSchema } from '@aegis/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, HttpError } from '../errors.js';
import { IdParams } from '../schemas.js';
import { apiRegistry } from '../registry.js';
import type { RouteOptions } from '../service.js';

const CommandBody = z.strictObject({ ...CommandSchema.shape }).describe('Command');
const BashBody = z.strictObject({ ...BashSchema.shape }).describe('Bash');
const CommandResultSchema = z.object({ status: z.enum(STATE_KINDS), screen: z.string() }).describe('CommandResult');
apiRegistry.add(CommandResultSchema, { id: 'CommandResult' });

/** Explicit commands (a send is always a message): slash commands, and Claude Code's shell mode behind a switch. */
export const commandRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/sessions/:id/command',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['actions'],
        summary:
          'Run a slash command (e.g. `/compact`) in an idle session; returns the screen it left (409 SESSION_BUSY when not idle)',
        params: IdParams,
        body: CommandBody,
        response: { 200: CommandResultSchema, ...errorResponses(400, 401, 404, 409, 410) },
      },
    },
    async (request) => ctx.manager.command(request.params.id, request.body),
  );

  r.post(
    '/sessions/:id/bash',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['actions'],
        summary:
          "Run a command in Claude Code's shell mode (`!`), which bypasses permission prompts: 403 SHELL_MODE_DISABLED unless `allowShellMode`",
        params: IdParams,
        body: BashBody,
        response: { 200: CommandResultSchema, ...errorResponses(400, 401, 403, 404, 409, 410) },
      },
    },
    async (request) => {
      if (!ctx.config.allowShellMode)
        throw new HttpError(
          'SHELL_MODE_DISABLED',
          'shell mode is off: set allowShellMode (AEGIS_ALLOW_SHELL_MODE=true) to allow POST /bash',
        );
      return ctx.manager.bash(request.params.id, request.body);
    },
  );
};
