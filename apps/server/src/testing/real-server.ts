// Test helper for the server's real-CLI e2e tests: the server on Claude Code `version` and the scripted model, on its
// own tmux socket and state folder, a JSON client for its REST API, and the waits those tests repeat.
import {
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  killTmuxServer,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';
import { expect } from 'vitest';
import type { ConfigInput } from '../config-fields.js';
import { parseConfig } from '../config.js';
import { startServer, type RunningServer } from '../start.js';

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RealServer {
  fake: FakeModel;
  /** The running server (replaced by `restart()`). */
  server: RunningServer;
  stateDir: string;
  /** A JSON request to the current server, with the bearer `key` (default: the server's token, if any). */
  call(method: string, path: string, body?: unknown, key?: string): Promise<Reply>;
  /** Closes the server and starts it again on the same state folder, socket and environment (sessions keep running). */
  restart(): Promise<RunningServer>;
  /** Ends every session, the server, its tmux server and the scripted model. */
  stop(): Promise<void>;
}

export async function startRealServer(o: {
  version: string;
  socket: string;
  /** The admin bearer token (none: the server runs open on loopback and requests carry no token). */
  token?: string;
  /** Config beside the defaults of these tests (port 0 on 127.0.0.1, the token, the socket, a fresh state folder). */
  config?: Partial<ConfigInput>;
}): Promise<RealServer> {
  const fake = await startFakeModel();
  try {
    const configDir = await createClaudeConfigDir({ version: o.version });
    const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const stateDir = await tempDir('aegis-server-state-');
    const start = () =>
      startServer(
        parseConfig({
          port: 0,
          host: '127.0.0.1',
          stateDir,
          tmuxSocket: o.socket,
          claudeBin: claudeBinary(o.version),
          ...(o.token ? { authToken: o.token } : {}),
          ...o.config,
        }),
        { env, logger: false, warn: () => undefined },
      );
    const real: RealServer = {
      fake,
      server: await start(),
      stateDir,
      async call(method, path, body, key = o.token) {
        const res = await fetch(real.server.url + path, {
          method,
          headers: {
            ...(key ? { authorization: `Bearer ${key}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      },
      async restart() {
        await real.server.close();
        real.server = await start();
        return real.server;
      },
      async stop() {
        await real.server.manager.shutdown({ killSessions: true }).catch(() => undefined);
        await real.server.close();
        killTmuxServer(o.socket);
        await fake.close();
      },
    };
    return real;
  } catch (e) {
    killTmuxServer(o.socket);
    await fake.close();
    throw e;
  }
}

/** A session's status through the API, and a wait for one that shows the pane when it never comes. */
export function sessionWaits(call: RealServer['call']) {
  const status = async (id: string) => (await call('GET', `/v1/sessions/${id}`)).body.status as string;
  return {
    status,
    async until(id: string, want: string, timeout = 60_000) {
      try {
        await expect.poll(() => status(id), { timeout, interval: 200 }).toBe(want);
      } catch (e) {
        const pane = (await call('GET', `/v1/sessions/${id}/pane`)).body?.pane;
        throw new Error(`session ${id} never became ${want}; pane:\n${pane}`, { cause: e });
      }
    },
  };
}
