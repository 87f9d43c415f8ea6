import { CreateSessionSchema, MAX_BATCH } from '@aegis/core';
import { STATE_KINDS } from '@aegis/state';
import { z } from 'zod';
import type { Backend } from '../backend.js';
import { sessionBrief, sessionView } from '../views.js';
import { SessionIdInput } from './common.js';
import { guard, ok, type Server } from './result.js';

const ListInput = z.object({
  status: z.array(z.enum(STATE_KINDS)).optional().describe('Keep only sessions in one of these states'),
  workDir: z.string().max(4096).optional().describe('Keep only sessions whose workDir contains this text'),
  name: z.string().max(200).optional().describe('Keep only sessions whose name contains this text'),
  owner: z.string().max(200).optional().describe('Keep only sessions of this owner'),
  includeEnded: z.boolean().optional().describe('Include ended sessions (default false)'),
});

const SessionList = z.object({
  sessions: z.array(z.looseObject({ id: z.string(), status: z.string() })),
  total: z.number(),
});

/** `list_sessions`, `get_session`, `create_session`, `batch_create_sessions`, `kill_session`. */
export function registerSessionTools(server: Server, backend: Backend): void {
  server.registerTool(
    'list_sessions',
    {
      title: 'List sessions',
      description:
        'Every Aegis session (all of them, no paging), newest first, optionally filtered by state, folder, name or owner.',
      inputSchema: ListInput,
      outputSchema: SessionList,
      annotations: { readOnlyHint: true },
    },
    (input) =>
      guard(async () => {
        const all = await backend.list();
        const sessions = all
          .filter((s) => input.includeEnded || s.endedAt === null)
          .filter((s) => !input.status?.length || (input.status as string[]).includes(s.status))
          .filter((s) => !input.workDir || s.workDir.includes(input.workDir))
          .filter((s) => !input.name || s.name.includes(input.name))
          .filter((s) => input.owner === undefined || s.owner === input.owner)
          .sort((a, b) => b.createdAt - a.createdAt)
          .map(sessionBrief);
        const lines = sessions.map(
          (s) =>
            `${s.id}  ${s.status.padEnd(18)} ${s.name}  ${s.workDir}${s.pendingPrompt ? `  (pending ${s.pendingPrompt.kind})` : ''}`,
        );
        return ok({ sessions, total: sessions.length }, sessions.length ? lines.join('\n') : 'No sessions.');
      }),
  );

  server.registerTool(
    'get_session',
    {
      title: 'Get a session',
      description:
        'One session: its status, the detected screen state, the pending prompt (with its id and options), queue length and token usage.',
      inputSchema: SessionIdInput,
      annotations: { readOnlyHint: true },
    },
    ({ sessionId }) => guard(async () => ok({ session: sessionView(await backend.get(sessionId)) })),
  );

  server.registerTool(
    'create_session',
    {
      title: 'Create a session',
      description:
        'Starts Claude Code in a folder (or reuses an idle session there unless reuse is false). The optional prompt is delivered once the session is idle. Use wait_for_state to wait for it to finish.',
      inputSchema: CreateSessionSchema,
    },
    (input) =>
      guard(async () => {
        const r = await backend.create(input);
        return ok(
          { session: sessionBrief(r.session), reused: r.reused, prompt: r.prompt },
          `${r.reused ? 'Reused' : 'Created'} session ${r.session.id} (${r.session.status}) in ${r.session.workDir}${r.prompt ? `; prompt queued as ${r.prompt.id}` : ''}.`,
        );
      }),
  );

  server.registerTool(
    'batch_create_sessions',
    {
      title: 'Create several sessions',
      description: `Creates 1 to ${MAX_BATCH} sessions; each item reports its own outcome (one failure does not stop the others).`,
      inputSchema: z.object({ sessions: z.array(CreateSessionSchema).min(1).max(MAX_BATCH) }),
    },
    ({ sessions }) =>
      guard(async () => {
        const results = await backend.createBatch(sessions);
        const view = results.map((r) =>
          r.ok
            ? {
                index: r.index,
                ok: true,
                session: sessionBrief(r.result.session),
                reused: r.result.reused,
                prompt: r.result.prompt,
              }
            : r,
        );
        const created = results.filter((r) => r.ok).length;
        return ok(
          { results: view, created, failed: results.length - created },
          `${created} of ${results.length} sessions created.\n${JSON.stringify(view, null, 2)}`,
        );
      }),
  );

  server.registerTool(
    'kill_session',
    {
      title: 'Kill a session',
      description:
        'Ends Claude Code and every process it started, and closes its tmux window. Cannot be undone (resume later with resumeSessionId).',
      inputSchema: SessionIdInput,
      annotations: { destructiveHint: true },
    },
    ({ sessionId }) =>
      guard(async () => {
        await backend.kill(sessionId);
        return ok({ sessionId, killed: true }, `Session ${sessionId} killed.`);
      }),
  );
}
