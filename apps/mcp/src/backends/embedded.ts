import { homedir } from 'node:os';
import { join } from 'node:path';
import { SessionManager, type SessionManagerOptions } from '@aegis/core';
import { createTmuxDriver } from '@aegis/tmux';
import type { Backend, ServerHealth } from '../backend.js';
import { McpToolError } from '../tools/result.js';

/** Options of the in-process backend; {@link embeddedOptionsFromEnv} reads them from the environment. */
export interface EmbeddedBackendOptions {
  /** Aegis's folder; core keeps its records in `<stateDir>/state` (as the server does). Default `~/.aegis`. */
  stateDir?: string;
  /** Claude Code binary (path or name on PATH). Default `claude`. */
  claudeBin?: string;
  /** tmux socket (`tmux -L`). Default `aegis`. */
  tmuxSocket?: string;
  /** tmux session holding one window per Aegis session. Default `aegis`. */
  tmuxSession?: string;
  /** Environment passed through to Claude Code. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Anything else for `SessionManager.start` (tests). */
  manager?: Partial<SessionManagerOptions>;
  /** Allow `send_bash` (Claude Code's shell mode runs commands without permission prompts). Default false. */
  allowShellMode?: boolean;
  /** Renders the pane image. Default: headless Chromium (the server's renderer, loaded on first use). */
  renderPane?: PaneRenderer;
}

/** Turns a terminal screen into a PNG. */
export type PaneRenderer = (text: string, title: string) => Promise<Buffer>;

/** The server's Chromium renderer; a missing browser or a failed render keeps a stable code. */
const chromiumPane: PaneRenderer = async (text, title) => {
  const { chromiumRenderer } = await import('@aegis/server');
  try {
    return await chromiumRenderer().renderText(text, { title });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new McpToolError(code === 'NOT_IMPLEMENTED' ? code : 'RENDER_FAILED', String((e as Error).message ?? e).split('\n')[0]!);
  }
};

/** Reads `AEGIS_STATE_DIR`, `AEGIS_CLAUDE_BIN`, `AEGIS_TMUX_SOCKET`, `AEGIS_TMUX_SESSION`, `AEGIS_ALLOW_SHELL_MODE`. */
export function embeddedOptionsFromEnv(env: Record<string, string | undefined> = process.env): EmbeddedBackendOptions {
  const o: EmbeddedBackendOptions = { env };
  if (env.AEGIS_STATE_DIR) o.stateDir = env.AEGIS_STATE_DIR;
  if (env.AEGIS_CLAUDE_BIN) o.claudeBin = env.AEGIS_CLAUDE_BIN;
  if (env.AEGIS_TMUX_SOCKET) o.tmuxSocket = env.AEGIS_TMUX_SOCKET;
  if (env.AEGIS_TMUX_SESSION) o.tmuxSession = env.AEGIS_TMUX_SESSION;
  if (env.AEGIS_ALLOW_SHELL_MODE === 'true' || env.AEGIS_ALLOW_SHELL_MODE === '1') o.allowShellMode = true;
  return o;
}

/** Runs `@aegis/core` in this process: works with nothing else started. */
export async function createEmbeddedBackend(o: EmbeddedBackendOptions = {}): Promise<Backend> {
  const manager = await SessionManager.start({
    stateDir: join(o.stateDir ?? join(homedir(), '.aegis'), 'state'),
    claudePath: o.claudeBin ?? 'claude',
    terminal: createTmuxDriver({ socketName: o.tmuxSocket ?? 'aegis', sessionName: o.tmuxSession ?? 'aegis' }),
    env: o.env ?? process.env,
    ...o.manager,
  });
  return backendOver(manager, o.renderPane, o.allowShellMode === true);
}

/** A {@link Backend} over an already started manager (which the caller keeps owning unless `close` is called). */
export function backendOver(manager: SessionManager, renderPane: PaneRenderer = chromiumPane, allowShellMode = false): Backend {
  return {
    kind: 'embedded',
    list: async () => manager.list(),
    get: async (id) => manager.get(id),
    create: (input) => manager.create(input),
    createBatch: (inputs) => manager.createBatch(inputs),
    send: (id, input) => manager.send(id, input),
    answer: (id, input) => manager.answer(id, input),
    command: (id, input) => manager.command(id, input),
    async bash(id, input) {
      if (!allowShellMode) throw new McpToolError('SHELL_MODE_DISABLED', 'shell mode is off: set AEGIS_ALLOW_SHELL_MODE=true to allow send_bash');
      return manager.bash(id, input);
    },
    kill: (id) => manager.kill(id),
    transcript: (id, query) => manager.transcript(id, query),
    summary: (id) => manager.summary(id),
    pane: (id) => manager.pane(id),
    async paneImage(id) {
      const s = manager.get(id);
      return renderPane(await manager.pane(id), `${s.name} (${s.status})`);
    },
    health: (id) => manager.health(id),
    waitFor: async (id, states, timeoutMs) => {
      manager.get(id); // SESSION_NOT_FOUND for unknown ids
      return manager.waitFor(id, states, timeoutMs);
    },
    serverHealth: async (): Promise<ServerHealth> => {
      const all = manager.list();
      return { status: 'ok', backend: 'embedded', sessions: { active: all.filter((s) => s.endedAt === null).length, total: all.length } };
    },
    createPipeline: (spec) => manager.pipelines.create(spec),
    listPipelines: async () => manager.pipelines.list(),
    getPipeline: async (id) => manager.pipelines.get(id),
    cancelPipeline: (id, o) => manager.pipelines.cancel(id, o),
    subscribe: (listener) => manager.events.subscribe(listener),
    close: () => manager.shutdown(),
  };
}
