import { PipelineSpecSchema, type PipelineInfo } from '@aegis/core';
import { z } from 'zod';
import type { Backend } from '../backend.js';
import { guard, ok, type Server } from './result.js';

const pipelineId = z.string().min(1).max(200).describe('Pipeline id (from create_pipeline or list_pipelines)');

const PipelineOutput = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  stages: z.array(z.looseObject({ name: z.string(), status: z.string() })),
});

/** One line per stage: name, status, attempt, session, reason. */
function describe(p: PipelineInfo): string {
  const head = `${p.id}  ${p.status}  ${p.name}${p.reason ? ` (${p.reason})` : ''}`;
  const stages = p.stages.map(
    (s) =>
      `  ${s.name.padEnd(16)} ${s.status.padEnd(10)} attempt ${s.attempt}${s.sessionId ? `  session ${s.sessionId}` : ''}${s.reason ? `  — ${s.reason}` : ''}`,
  );
  return [head, ...stages].join('\n');
}

const result = (p: PipelineInfo) => ok(p as unknown as Record<string, unknown>, describe(p));

/** `create_pipeline`, `list_pipelines`, `get_pipeline`, `cancel_pipeline` over core's pipelines. */
export function registerPipelineTools(server: Server, backend: Backend): void {
  server.registerTool(
    'create_pipeline',
    {
      title: 'Create a pipeline',
      description:
        'Runs stages as sessions along a dependency graph (independent stages in parallel). A stage is done when its turn ended ' +
        'and its optional doneWhen check passes ({fileExists} | {command: argv} | {lastMessageMatches}); failed attempts are retried ' +
        'in a fresh session up to `retries`. A prompt may use {{stages.<name>.lastMessage|sessionId|workDir}} of stages it depends on. ' +
        'Returns at once; follow it with get_pipeline.',
      inputSchema: PipelineSpecSchema,
      outputSchema: PipelineOutput,
    },
    (input) => guard(async () => result(await backend.createPipeline(input))),
  );
  server.registerTool(
    'list_pipelines',
    {
      title: 'List pipelines',
      description: 'Every pipeline (newest first), optionally only those in one of the given statuses.',
      inputSchema: z.object({
        status: z
          .array(z.enum(['running', 'succeeded', 'failed', 'cancelled']))
          .optional()
          .describe('Keep only pipelines in these statuses'),
      }),
      outputSchema: z.object({ pipelines: z.array(PipelineOutput), total: z.number() }),
      annotations: { readOnlyHint: true },
    },
    (input) =>
      guard(async () => {
        const pipelines = (await backend.listPipelines()).filter(
          (p) => !input.status?.length || (input.status as string[]).includes(p.status),
        );
        return ok(
          { pipelines, total: pipelines.length },
          pipelines.length ? pipelines.map(describe).join('\n\n') : 'No pipelines.',
        );
      }),
  );
  server.registerTool(
    'get_pipeline',
    {
      title: 'Get a pipeline',
      description:
        'One pipeline and its stages: status, attempt, session id, last message and why each is where it is.',
      inputSchema: z.object({ pipelineId }),
      outputSchema: PipelineOutput,
      annotations: { readOnlyHint: true },
    },
    (input) => guard(async () => result(await backend.getPipeline(input.pipelineId))),
  );
  server.registerTool(
    'cancel_pipeline',
    {
      title: 'Cancel a pipeline',
      description:
        'Stops a pipeline: unfinished stages are cancelled and their sessions killed (with keepSessions: only interrupted, left running).',
      inputSchema: z.object({
        pipelineId,
        keepSessions: z.boolean().optional().describe('Interrupt but keep the running sessions (default false)'),
      }),
      outputSchema: PipelineOutput,
      annotations: { destructiveHint: true },
    },
    (input) =>
      guard(async () =>
        result(await backend.cancelPipeline(input.pipelineId, { keepSessions: input.keepSessions ?? false })),
      ),
  );
}
