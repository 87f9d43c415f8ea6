// Test helper for the client-command e2e tests: a real Aegis server (Claude Code `version`, the scripted model, its own
// tmux socket) and the CLI environment that reaches it, plus the session steps those tests repeat.
import {
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
  killTmuxServer,
} from '@aegis/testkit';
import { parseConfig, startServer, type RunningServer } from '@aegis/server';
import { expect } from 'vitest';
import { cli } from './run-cli.js';

export type Env = Record<string, string | undefined>;

export interface RealServer {
  fake: FakeModel;
  server: RunningServer;
  /** What the CLI runs with: the server's URL and token, the tmux socket, a fresh HOME. */
  env: Env;
}

export async function startRealServer(o: { version: string; socket: string; token: string }): Promise<RealServer> {
  const fake = await startFakeModel();
  try {
    const configDir = await createClaudeConfigDir({ version: o.version });
    const stateDir = await tempDir('aegis-cli-state-');
    const serverEnv = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const server = await startServer(
      parseConfig({
        port: 0,
        host: '127.0.0.1',
        stateDir,
        tmuxSocket: o.socket,
        claudeBin: claudeBinary(o.version),
        authToken: o.token,
        promptWaitMs: 60_000,
      }),
      { env: serverEnv, logger: false, warn: () => undefined },
    );
    const env = {
      PATH: process.env.PATH,
      HOME: await tempDir('aegis-cli-home-'),
      AEGIS_URL: server.url,
      AEGIS_AUTH_TOKEN: o.token,
      AEGIS_TMUX_SOCKET: o.socket,
    };
    return { fake, server, env };
  } catch (e) {
    await fake.close();
    throw e;
  }
}

/** Ends every session, the server, its tmux server and the scripted model. */
export async function stopRealServer(s: RealServer | undefined, socket: string): Promise<void> {
  await s?.server.manager.shutdown({ killSessions: true }).catch(() => undefined);
  await s?.server.close();
  killTmuxServer(socket);
  await s?.fake.close();
}

/** Session steps through the CLI (`env()` is read at each call: it is set in a beforeAll). */
export function cliSessions(env: () => Env) {
  const status = async (id: string) => (await cli(['show', id, '--json'], env())).json().status as string;
  return {
    status,
    /** Waits until the session is `want`; the error shows its pane. */
    async until(id: string, want: string, timeout = 60_000) {
      try {
        await expect.poll(() => status(id), { timeout, interval: 250 }).toBe(want);
      } catch (e) {
        const pane = (await cli(['show', id, '--pane'], env())).stdout;
        throw new Error(`session ${id} never became ${want}; pane:\n${pane}`, { cause: e });
      }
    },
    /** `aegis-bridge create` in a fresh folder (never reusing a session). */
    async create(prompt: string | null, extra: string[] = []) {
      const workDir = await tempDir('aegis-cli-wd-');
      const r = await cli(['create', workDir, ...(prompt ? [prompt] : []), '--no-reuse', '--json', ...extra], env());
      expect(r.code, r.stderr).toBe(0);
      return {
        workDir,
        session: r.json() as {
          id: string;
          windowId: string;
          status: string;
          reused: boolean;
          promptDelivery: { delivered: boolean } | null;
        },
      };
    },
  };
}
