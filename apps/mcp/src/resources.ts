import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { AegisEvent } from '@aegis/core';
import type { Backend } from './backend.js';
import { entryView, sessionBrief } from './views.js';

export const SESSIONS_URI = 'aegis://sessions';
export const HEALTH_URI = 'aegis://health';
export const transcriptUri = (id: string) => `aegis://sessions/${encodeURIComponent(id)}/transcript`;
export const paneUri = (id: string) => `aegis://sessions/${encodeURIComponent(id)}/pane`;

/** Entries in `aegis://sessions/{id}/transcript` (the newest ones; page further with `get_transcript`). */
export const RESOURCE_TRANSCRIPT_ENTRIES = 100;

const json = (uri: URL, data: unknown): ReadResourceResult => ({
  contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(data, null, 2) }],
});

function idOf(v: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
}

/** Which resources an event changes. */
export function urisFor(e: AegisEvent): string[] {
  const id = e.sessionId;
  const out: string[] = [];
  switch (e.type) {
    case 'session.created':
    case 'session.adopted':
    case 'session.ended':
      out.push(SESSIONS_URI, HEALTH_URI);
      break;
    case 'session.status':
    case 'session.stalled':
      out.push(SESSIONS_URI);
      break;
    case 'message.user':
    case 'message.assistant':
    case 'tool.use':
    case 'tool.result':
      if (id) out.push(transcriptUri(id));
      break;
    case 'pipeline.created':
    case 'pipeline.finished':
      return []; // their sessionId is the pipeline's id: no session resource changes
    default:
      break;
  }
  // Anything a session does may change its screen.
  if (id) out.push(paneUri(id));
  return out;
}

/**
 * The four resources (`aegis://sessions`, `aegis://health`, `aegis://sessions/{id}/transcript`,
 * `aegis://sessions/{id}/pane`), `resources/subscribe`, and `notifications/resources/updated` for subscribed URIs
 * whenever core reports an event that changes them. Returns the function that stops the notifications.
 */
export function registerResources(server: McpServer, backend: Backend): () => void {
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });

  const listSessions = (suffix: 'transcript' | 'pane') => async () => ({
    resources: (await backend.list())
      .filter((s) => s.endedAt === null)
      .map((s) => ({
        uri: suffix === 'pane' ? paneUri(s.id) : transcriptUri(s.id),
        name: `${s.name} ${suffix}`,
        mimeType: suffix === 'pane' ? 'text/plain' : 'application/json',
      })),
  });

  server.registerResource(
    'sessions',
    SESSIONS_URI,
    {
      title: 'Sessions',
      description: 'Every live session, one compact line each (JSON).',
      mimeType: 'application/json',
    },
    async (uri) => json(uri, { sessions: (await backend.list()).filter((s) => s.endedAt === null).map(sessionBrief) }),
  );

  server.registerResource(
    'health',
    HEALTH_URI,
    {
      title: 'Aegis health',
      description: 'Whether Aegis works and how many sessions it holds (JSON).',
      mimeType: 'application/json',
    },
    async (uri) => json(uri, await backend.serverHealth()),
  );

  server.registerResource(
    'session-transcript',
    new ResourceTemplate('aegis://sessions/{id}/transcript', { list: listSessions('transcript') }),
    {
      title: 'Session transcript',
      description: `The newest ${RESOURCE_TRANSCRIPT_ENTRIES} transcript entries of a session (JSON).`,
      mimeType: 'application/json',
    },
    async (uri, vars) => {
      const page = await backend.transcript(idOf(vars.id), { limit: RESOURCE_TRANSCRIPT_ENTRIES });
      return json(uri, { entries: page.entries.map(entryView), hasMoreBefore: page.hasMoreBefore });
    },
  );

  server.registerResource(
    'session-pane',
    new ResourceTemplate('aegis://sessions/{id}/pane', { list: listSessions('pane') }),
    { title: 'Session screen', description: "The visible text of a session's terminal.", mimeType: 'text/plain' },
    async (uri, vars) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: await backend.pane(idOf(vars.id)) }],
    }),
  );

  const subscribed = new Set<string>();
  server.server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    subscribed.add(req.params.uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    subscribed.delete(req.params.uri);
    return {};
  });

  return backend.subscribe((e) => {
    if (!server.isConnected()) return;
    if (e.type === 'session.created' || e.type === 'session.ended') server.sendResourceListChanged();
    for (const uri of urisFor(e)) {
      if (subscribed.has(uri)) server.server.sendResourceUpdated({ uri }).catch(() => undefined);
    }
  });
}
