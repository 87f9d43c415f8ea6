import { AegisError, type SendResult, type SessionManager } from '@aegis/core';
import { buildServer, parseConfig, type SessionService } from '@aegis/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { connectInMemory } from '../testing/in-memory-client.js';
import { Situation } from '../testing/situation.js';
import { backendOver } from './embedded.js';
import { createHttpBackend } from './http.js';

// One table of situations, each run through both backends: the embedded one (core's surface in this process) and
// the HTTP one (the real server app over the same surface, reached through @aegis/client). The MCP tool results
// must be equal. The situation is a scripted stand-in for core's SessionManager, so that cases the real Claude Code
// cannot be made to produce on demand (an unconfirmed delivery) are covered too.

type Case = {
  name: string;
  given?: (s: Situation) => void;
  tool: string;
  args: Record<string, unknown>;
  expect: { isError?: boolean; [k: string]: unknown };
};

const delivered = (over: Partial<Extract<SendResult, { queued: false }>> = {}) => ({
  delivered: true,
  attempts: 1,
  confirmedBy: 'hook' as const,
  unknown: false,
  submittedDifferently: null,
  ...over,
});
const CASES: Case[] = [
  {
    name: 'send delivered',
    tool: 'send_message',
    args: { sessionId: 's1', text: 'hi' },
    expect: { structuredContent: { queued: false, id: 'm1', ...delivered() } },
  },
  {
    name: 'send queued behind a busy session',
    given: (s) => (s.sendResult = { queued: true, id: 'm2', position: 2 }),
    tool: 'send_message',
    args: { sessionId: 's1', text: 'hi' },
    expect: { structuredContent: { queued: true, id: 'm2', position: 2 } },
  },
  {
    name: 'send queued, then delivered (wait)',
    given: (s) =>
      (s.sendResult = {
        queued: true,
        id: 'm3',
        position: 1,
        result: delivered({ confirmedBy: 'transcript', attempts: 2 }),
      }),
    tool: 'send_message',
    args: { sessionId: 's1', text: 'hi', wait: true },
    expect: {
      structuredContent: {
        queued: true,
        id: 'm3',
        position: 1,
        result: delivered({ confirmedBy: 'transcript', attempts: 2 }),
      },
    },
  },
  {
    name: 'send typed but not confirmed: a result with unknown, not an error',
    given: (s) =>
      (s.sendResult = {
        queued: false,
        id: 'm4',
        delivered: false,
        attempts: 3,
        confirmedBy: null,
        unknown: true,
        submittedDifferently: null,
      }),
    tool: 'send_message',
    args: { sessionId: 's1', text: 'hi' },
    expect: {
      structuredContent: {
        queued: false,
        id: 'm4',
        delivered: false,
        attempts: 3,
        confirmedBy: null,
        unknown: true,
        submittedDifferently: null,
      },
    },
  },
  {
    name: 'send queued, then not confirmed',
    given: (s) =>
      (s.sendResult = {
        queued: true,
        id: 'm5',
        position: 4,
        result: { delivered: false, attempts: 1, confirmedBy: null, unknown: true, submittedDifferently: null },
      }),
    tool: 'send_message',
    args: { sessionId: 's1', text: 'hi', wait: true },
    expect: {
      structuredContent: {
        queued: true,
        id: 'm5',
        position: 4,
        result: { delivered: false, attempts: 1, confirmedBy: null, unknown: true, submittedDifferently: null },
      },
    },
  },
  {
    name: 'send failed',
    given: (s) =>
      (s.sendResult = {
        queued: false,
        id: 'm6',
        delivered: false,
        attempts: 3,
        confirmedBy: null,
        unknown: false,
        submittedDifferently: null,
      }),
    tool: 'send_message',
    args: { sessionId: 's1', text: 'hi' },
    expect: {
      structuredContent: {
        queued: false,
        id: 'm6',
        delivered: false,
        attempts: 3,
        confirmedBy: null,
        unknown: false,
        submittedDifferently: null,
      },
    },
  },
  {
    name: 'send to an unknown session',
    tool: 'send_message',
    args: { sessionId: 'nope', text: 'hi' },
    expect: { isError: true, code: 'SESSION_NOT_FOUND' },
  },
  {
    name: 'send to an ended session',
    given: (s) => (s.sendResult = new AegisError('SESSION_EXITED', 'session s1 has ended', { id: 's1' })),
    tool: 'send_message',
    args: { sessionId: 's1', text: 'hi' },
    expect: { isError: true, code: 'SESSION_EXITED' },
  },
  {
    name: 'approve',
    tool: 'approve_permission',
    args: { sessionId: 's1' },
    expect: { structuredContent: { action: 'approve', promptId: 'p1', via: 'hook', optionId: 'yes', sent: true } },
  },
  {
    name: 'approve with nothing pending',
    given: (s) => (s.answerResult = new AegisError('NOT_IN_DIALOG', 'nothing to approve', { open: null })),
    tool: 'approve_permission',
    args: { sessionId: 's1' },
    expect: { isError: true, code: 'NOT_IN_DIALOG' },
  },
  {
    name: 'create with a prompt: its receipt and queue position',
    tool: 'create_session',
    args: { workDir: '/work/new', prompt: 'go' },
    expect: { structuredContent: expect.objectContaining({ reused: false, prompt: { id: 'm9', position: 3 } }) },
  },
  {
    name: 'get a session',
    tool: 'get_session',
    args: { sessionId: 's1' },
    expect: { structuredContent: { session: expect.objectContaining({ id: 's1', status: 'idle' }) } },
  },
  {
    name: 'list sessions',
    tool: 'list_sessions',
    args: {},
    expect: { structuredContent: expect.objectContaining({ total: 1 }) },
  },
  {
    name: 'get an unknown session',
    tool: 'get_session',
    args: { sessionId: 'nope' },
    expect: { isError: true, code: 'SESSION_NOT_FOUND' },
  },
  { name: 'kill', tool: 'kill_session', args: { sessionId: 's1' }, expect: {} },
];

async function run(backend: Backend, c: Case) {
  const mcp = await connectInMemory(backend);
  try {
    const r = await mcp.client.callTool({ name: c.tool, arguments: c.args });
    const code = (r.structuredContent as { error?: { code: string } } | undefined)?.error?.code;
    const text = (r.content as { text: string }[])[0]?.text ?? '';
    // a JSON text may list the same fields in another order (the server's schema comes first)
    return {
      isError: r.isError ?? false,
      code,
      structuredContent: r.structuredContent,
      text: text.startsWith('{') ? JSON.parse(text) : text,
    };
  } finally {
    await mcp.close();
  }
}

describe('the same situation gives the same MCP result through either backend', () => {
  let situation: Situation;
  let http: Backend;
  let close: () => Promise<void>;

  beforeAll(async () => {
    situation = new Situation();
    const app = await buildServer({
      manager: situation as unknown as SessionService,
      config: parseConfig({ stateDir: '/nonexistent', port: 0 }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address() as { port: number };
    http = createHttpBackend({ url: `http://127.0.0.1:${addr.port}` });
    close = () => app.close();
  });
  afterAll(async () => close?.());

  it.each(CASES)('$name', async (c) => {
    const embedded = backendOver(situation as unknown as SessionManager);
    const results = [];
    for (const backend of [embedded, http]) {
      situation.reset(); // each backend meets the same situation
      c.given?.(situation);
      results.push(await run(backend, c));
    }
    const [viaEmbedded, viaHttp] = results;
    expect(viaHttp).toEqual(viaEmbedded);
    expect(viaEmbedded).toMatchObject({
      isError: c.expect.isError ?? false,
      ...(c.expect.code ? { code: c.expect.code } : {}),
    });
    if (c.expect.structuredContent) expect(viaEmbedded!.structuredContent).toEqual(c.expect.structuredContent);
  });
});
