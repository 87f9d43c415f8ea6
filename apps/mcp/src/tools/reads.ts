import { ENTRY_KINDS } from '@aegis/transcript';
import { z } from 'zod';
import type { Backend } from '../backend.js';
import { entryLine, entryView } from '../views.js';
import { sessionId, SessionIdInput } from './common.js';
import { guard, ok, type Server } from './result.js';

const cursor = z.string().min(1).max(300);

const TranscriptInput = z.object({
  sessionId,
  after: cursor.optional().describe('Entries after this entry id (pass the previous nextCursor to read on)'),
  before: cursor.optional().describe('Entries before this entry id'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe('Most entries to return (default 50; the newest ones unless after is given)'),
  roles: z.array(z.enum(['user', 'assistant', 'tool', 'system'])).optional(),
  kinds: z.array(z.enum(ENTRY_KINDS)).optional().describe('e.g. ["user_prompt","assistant_text"]'),
});

/** `get_transcript`, `capture_pane`, `get_session_health`, `get_session_summary`. */
export function registerReadTools(server: Server, backend: Backend): void {
  server.registerTool(
    'get_transcript',
    {
      title: 'Read the transcript',
      description:
        'A page of the session transcript (prompts, answers, tool calls and results), oldest first. Reading never consumes anything: page on with after = nextCursor.',
      inputSchema: TranscriptInput,
      annotations: { readOnlyHint: true },
    },
    ({ sessionId: id, ...q }) =>
      guard(async () => {
        const page = await backend.transcript(id, { ...q, limit: q.limit ?? 50 });
        const entries = page.entries.map(entryView);
        const nextCursor = entries.at(-1)?.id ?? q.after ?? null;
        const text = entries.length ? entries.map(entryLine).join('\n') : 'No entries.';
        return ok(
          { entries, hasMoreBefore: page.hasMoreBefore, hasMoreAfter: page.hasMoreAfter, nextCursor },
          `${text}\n(nextCursor: ${nextCursor ?? 'none'})`,
        );
      }),
  );

  server.registerTool(
    'capture_pane',
    {
      title: 'Capture the screen',
      description: "The visible text of the session's terminal (what a human would see).",
      inputSchema: SessionIdInput,
      annotations: { readOnlyHint: true },
    },
    ({ sessionId: id }) =>
      guard(async () => {
        const text = await backend.pane(id);
        return ok({ sessionId: id, text }, text);
      }),
  );

  server.registerTool(
    'get_session_health',
    {
      title: 'Session health',
      description:
        'Whether the session is alive (window, Claude process), its status, last activity and hints on what to do next.',
      inputSchema: SessionIdInput,
      annotations: { readOnlyHint: true },
    },
    ({ sessionId: id }) =>
      guard(async () => {
        const h = await backend.health(id);
        return ok(
          { ...h },
          `${h.alive ? 'alive' : 'not alive'}, ${h.status}${h.hints.length ? `\n${h.hints.join('\n')}` : ''}`,
        );
      }),
  );

  server.registerTool(
    'get_session_summary',
    {
      title: 'Session summary',
      description: 'A condensed view of the transcript: counts, tool use, tokens and cost, and the last answer.',
      inputSchema: SessionIdInput,
      annotations: { readOnlyHint: true },
    },
    ({ sessionId: id }) =>
      guard(async () => ok(JSON.parse(JSON.stringify(await backend.summary(id))) as Record<string, unknown>)),
  );
}
