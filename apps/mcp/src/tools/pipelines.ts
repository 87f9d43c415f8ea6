import { PermissionModeSchema } from '@aegis/core';
import { z } from 'zod';
import type { Backend } from '../backend.js';
import { fail, McpToolError, type Server } from './result.js';

const pipelineId = z.string().min(1).max(200);

const Stage = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  prompt: z.string().min(1).max(200_000),
  workDir: z.string().min(1).optional().describe('Default: the pipeline workDir'),
  dependsOn: z.array(z.string()).max(50).optional().describe('Names of stages that must finish first'),
  permissionMode: PermissionModeSchema.optional(),
});

const notYet = (what: string) =>
  fail(new McpToolError('NOT_IMPLEMENTED', `${what}: pipelines are not implemented in Aegis yet (they arrive with @aegis/core pipelines). Use batch_create_sessions and wait_for_state meanwhile.`));

/** `create_pipeline`, `list_pipelines`, `get_pipeline`, `cancel_pipeline`: registered with their schemas, `NOT_IMPLEMENTED` for now. */
export function registerPipelineTools(server: Server, _backend: Backend): void {
  server.registerTool(
    'create_pipeline',
    {
      title: 'Create a pipeline',
      description: 'Runs stages (sessions) as a dependency graph. Not implemented yet: returns NOT_IMPLEMENTED.',
      inputSchema: z.object({ name: z.string().min(1).max(200), workDir: z.string().min(1), stages: z.array(Stage).min(1).max(50) }),
    },
    async () => notYet('create_pipeline'),
  );
  server.registerTool(
    'list_pipelines',
    { title: 'List pipelines', description: 'Every pipeline. Not implemented yet: returns NOT_IMPLEMENTED.', inputSchema: z.object({}), annotations: { readOnlyHint: true } },
    async () => notYet('list_pipelines'),
  );
  server.registerTool(
    'get_pipeline',
    { title: 'Get a pipeline', description: 'One pipeline and its stages. Not implemented yet: returns NOT_IMPLEMENTED.', inputSchema: z.object({ pipelineId }), annotations: { readOnlyHint: true } },
    async () => notYet('get_pipeline'),
  );
  server.registerTool(
    'cancel_pipeline',
    { title: 'Cancel a pipeline', description: 'Stops a pipeline and kills its running stages. Not implemented yet: returns NOT_IMPLEMENTED.', inputSchema: z.object({ pipelineId }), annotations: { destructiveHint: true } },
    async () => notYet('cancel_pipeline'),
  );
}
