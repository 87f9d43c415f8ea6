import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { SessionManager, type SessionManagerOptions } from '@aegis/core';
import type { Config } from '@aegis/server';
import { createTmuxDriver } from '@aegis/tmux';
import type { Backend, ServerHealth } from '../backend.js';
import { McpToolError } from '../tools/result.js';

/** Options of the in-process backend; {@link embeddedOptionsFromConfig} takes them from the server's configuration. */
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
  /** The node these sessions run on, as a server names it (`AEGIS_NODE_ID`). Default: the host name. */
  nodeId?: string;
}

/** Turns a terminal screen into a PNG. */
export type PaneRenderer = (text: string, title: string) => Promise<Buffer>;

/** Chromium from @aegis/browser; a missing browser or a failed render keeps a stable code. */
const chromiumPane: PaneRenderer = async (text, title) => {
  const { chromiumRenderer } = await import('@aegis/browser');
  try {
    return await chromiumRenderer().renderText(text, { title });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new McpToolError(
      code === 'BROWSER_UNAVAILABLE' ? 'NOT_IMPLEMENTED' : 'RENDER_FAILED',
      String((e as Error).message ?? e).split('\n')[0]!,
    );
  }
};

/**
 * The server's configuration (`loadConfig` from @aegis/server: its files, environment and defaults, one schema) as
 * the embedded backend's options, so that MCP in-process runs the sessions exactly where a server would.
 */
export function embeddedOptionsFromConfig(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): EmbeddedBackendOptions {
  return {
    env,
    stateDir: config.stateDir,
    claudeBin: config.claudeBin,
    tmuxSocket: config.tmuxSocket,
    tmuxSession: config.tmuxSession,
    allowShellMode: config.allowShellMode,
    ...(config.nodeId ? { nodeId: config.nodeId } : {}),
    manager: {
      defaultPermissionMode: config.defaultPermissionMode,
      ...(config.stallThresholdMs !== undefined ? { stallThresholdMs: config.stallThresholdMs } : {}),
    },
  };
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
  return backendOver(manager, o.renderPane, o.allowShellMode === true, o.nodeId);
}

/** A {@link Backend} over an already started manager (which the caller keeps owning unless `close` is called). */
export function backendOver(
  manager: SessionManager,
  renderPane: PaneRenderer = chromiumPane,
  allowShellMode = false,
  nodeId: string = hostname(),
): Backend {
  // each session names its node, as the server's do
  const onNode = <T extends object>(s: T) => ({ ...s, node: nodeId });
  return {
    kind: 'embedded',
    list: async () => manager.list().map(onNode),
    get: async (id) => onNode(manager.get(id)),
    create: (input) => manager.create(input),
    createBatch: (inputs) => manager.createBatch(inputs),
    send: (id, input) => manager.send(id, input),
    answer: (id, input) => manager.answer(id, input),
    command: (id, input) => manager.command(id, input),
    async bash(id, input) {
      if (!allowShellMode)
        throw new McpToolError(
          'SHELL_MODE_DISABLED',
          'shell mode is off: set AEGIS_ALLOW_SHELL_MODE=true to allow send_bash',
        );
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
      return {
        status: 'ok',
        backend: 'embedded',
        sessions: { active: all.filter((s) => s.endedAt === null).length, total: all.length },
      };
    },
    createPipeline: (spec) => manager.pipelines.create(spec),
    listPipelines: async () => manager.pipelines.list(),
    getPipeline: async (id) => manager.pipelines.get(id),
    cancelPipeline: (id, o) => manager.pipelines.cancel(id, o),
    diff: (id, o) => manager.worktrees.diff(id, o),
    commit: (id, message) => manager.worktrees.commit(id, message),
    merge: (id, req) => manager.worktrees.merge(id, req),
    subscribe: (listener) => manager.events.subscribe(listener),
    close: () => manager.shutdown(),
  };
}
