import { AegisError } from '@aegis/core';
import type { Target } from '@aegis/tmux';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { errorResponses, HttpError } from '../errors.js';
import { allows } from '../roles.js';
import { IdParams } from '../schemas.js';
import type { RouteOptions } from '../service.js';
import { onBehalf } from '../fleet/on-behalf.js';
import { relayTerminal, remoteTerminal, terminalDialer } from '../fleet/terminal-relay.js';
import type { RemoteSession } from '../fleet/fleet.js';
import { inputOps } from '../terminal/input.js';
import { PaneStream, type PaneTerminal, type TerminalFrame } from '../terminal/pane-stream.js';

/** What the browser may send: take over on/off, then keystrokes (xterm's `onData`). */
const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('takeover'), on: z.boolean() }),
  z.object({ type: z.literal('input'), data: z.string().max(16_384) }),
]);

const description =
  'WebSocket. Server → client JSON frames: `{type:"size",cols,rows}` first, then `{type:"screen",data}` (ANSI for ' +
  'xterm: the changed rows, pushed when tmux reports output), `{type:"exited"}`, `{type:"closed",reason}`, ' +
  '`{type:"error",code,message}`. Client → server: `{type:"takeover",on}` then `{type:"input",data}` (keystrokes; ' +
  "operator role only, refused until take-over is on). In a fleet, the terminal of another node's session is carried " +
  'to that node (same frames); an owner that is down or unreachable gives `{type:"error",code:"NODE_UNREACHABLE"}` ' +
  'and a close.';

/** The live terminal of a session: watch for every viewer, typing for operators who took over. */
export const terminalRoutes: FastifyPluginAsync<RouteOptions & { terminal: PaneTerminal | undefined }> = async (
  app,
  { ctx, terminal },
) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const m = ctx.manager;
  // another node's session: its terminal is carried to the owner (fleet/terminal-relay.ts)
  const carried = new WeakMap<object, RemoteSession>();
  const dial = terminalDialer({ nodeId: ctx.nodeId, clusterSecret: ctx.config.clusterSecret });

  r.get(
    '/sessions/:id/terminal',
    {
      websocket: true,
      config: { role: 'viewer' },
      schema: {
        tags: ['terminal'],
        summary: "The session's terminal, live (WebSocket)",
        description,
        params: IdParams,
        response: {
          101: z.null().describe('Switching protocols to WebSocket'),
          ...errorResponses(400, 401, 404, 410, 501),
        },
      },
      preHandler: async (request) => {
        const remote = await remoteTerminal(ctx.fleet, m, request);
        if (remote) {
          if (remote.record.endedAt !== null)
            throw new AegisError('SESSION_EXITED', `session ${remote.record.id} has ended`, {
              sessionId: remote.record.id,
            });
          carried.set(request, remote);
          return;
        }
        const s = m.get(request.params.id);
        if (s.endedAt !== null)
          throw new AegisError('SESSION_EXITED', `session ${s.id} has ended`, { sessionId: s.id });
        if (!terminal) throw new HttpError('NOT_IMPLEMENTED', 'this server has no terminal to stream');
      },
    },
    (socket, request) => {
      const remote = carried.get(request);
      if (remote) return relayTerminal(socket, remote, onBehalf(request.principal, ctx.nodeId), dial);
      const s = m.get(request.params.id);
      const send = (f: TerminalFrame) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(f));
      };
      const stream = new PaneStream(terminal!, s.paneId as Target, send);
      const mayType = request.principal !== null && allows(request.principal.role, 'operator');
      let takeover = false;
      let typing = Promise.resolve();
      socket.on('message', (raw: Buffer) => {
        const msg = ClientMessage.safeParse(parseJson(raw.toString('utf8')));
        if (!msg.success)
          return send({
            type: 'error',
            code: 'INVALID_INPUT',
            message: 'expected {type:"takeover",on} or {type:"input",data}',
          });
        if (!mayType)
          return send({ type: 'error', code: 'FORBIDDEN', message: 'typing into a terminal needs the operator role' });
        if (msg.data.type === 'takeover') {
          takeover = msg.data.on;
          return;
        }
        if (!takeover)
          return send({ type: 'error', code: 'INVALID_STATE', message: 'turn take-over on before typing' });
        const ops = inputOps(msg.data.data);
        typing = typing
          .then(() => typeOps(terminal!, s.paneId as Target, ops))
          .catch((e) => send({ type: 'error', code: 'TERMINAL_FAILED', message: String((e as Error).message) }));
      });
      socket.on('close', () => stream.stop());
      stream.start(s.windowId as Target).catch((e) => {
        send({ type: 'closed', reason: String((e as Error).message) });
        closeQuietly(socket);
      });
    },
  );
};

async function typeOps(t: PaneTerminal, pane: Target, ops: ReturnType<typeof inputOps>): Promise<void> {
  for (const op of ops) {
    if ('text' in op) await t.sendText(pane, op.text, { mode: 'typed' });
    else await t.sendKeys(pane, op.keys);
  }
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function closeQuietly(socket: WebSocket): void {
  try {
    socket.close();
  } catch {
    /* already closed */
  }
}
