// Helpers for this package's real-CLI e2e tests (not exported from index.ts): temp folders removed after the suite, an
// own tmux server killed afterwards, and a SessionManager on one pinned Claude Code version against the scripted model.
import { rmSync } from 'node:fs';
import {
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
  killTmuxServer,
} from '@aegis/testkit';
import { SessionManager } from '../manager.js';
import type { SessionManagerOptions } from '../manager-options.js';

/** The temp folders of one test file; call `removeAll()` in its `afterAll`. */
export class TempFolders {
  readonly #made: string[] = [];

  /** A fresh (untrusted) temp folder. */
  async make(prefix: string): Promise<string> {
    const dir = await tempDir(prefix);
    this.#made.push(dir);
    return dir;
  }

  add(dir: string): void {
    this.#made.push(dir);
  }

  removeAll(): void {
    for (const dir of this.#made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export interface RealClaude {
  fake: FakeModel;
  configDir: string;
  /** The environment the sessions run with (the scripted model's URL, the config folder). */
  env: Record<string, string | undefined>;
  manager: SessionManager;
}

/** Starts the scripted model and a SessionManager running Claude Code `version` on its own tmux socket. */
export async function startRealClaude(o: {
  version: string;
  socket: string;
  stateDir: string;
  folders: TempFolders;
  options?: Partial<SessionManagerOptions>;
}): Promise<RealClaude> {
  const fake = await startFakeModel();
  try {
    const configDir = await createClaudeConfigDir({ version: o.version });
    o.folders.add(configDir);
    const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const manager = await SessionManager.start({
      stateDir: o.stateDir,
      socketName: o.socket,
      claudePath: claudeBinary(o.version),
      env,
      ...o.options,
    });
    return { fake, configDir, env, manager };
  } catch (e) {
    await fake.close();
    throw e;
  }
}

/** Ends every session, the tmux server and the scripted model. */
export async function stopRealClaude(claude: RealClaude | undefined, socket: string): Promise<void> {
  await claude?.manager.shutdown({ killSessions: true });
  killTmuxServer(socket);
  await claude?.fake.close();
}
