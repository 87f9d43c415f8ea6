import { spawn } from 'node:child_process';
import { CliError } from '../io.js';
import type { Ctx } from './context.js';
import { localConfig } from './local-config.js';

/** Runs a program with the terminal inherited; resolves with its exit code. */
export type Spawner = (cmd: string, args: string[], env: Record<string, string | undefined>) => Promise<number>;

export const inheritSpawn: Spawner = (cmd, args, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    child.once('error', (e) => reject(new CliError('TMUX_UNAVAILABLE', `cannot run ${cmd}: ${e.message}`)));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

/** The argument array of `tmux -L <socket> attach-session -t <window>` (never a shell string). */
export function attachArgs(socket: string, windowId: string): string[] {
  return ['-L', socket, 'attach-session', '-t', windowId];
}

/** `attach <id>`: attaches this terminal to the session's tmux window on Aegis's socket. Returns tmux's exit code. */
export async function attach(
  ctx: Ctx,
  id: string,
  o: { config?: string; socket?: string },
  run: Spawner = inheritSpawn,
): Promise<number> {
  const s = await ctx.client.getSession(id);
  if (s.endedAt || s.status === 'exited')
    throw new CliError('SESSION_EXITED', `session ${id} has ended: there is no window to attach to`);
  if (!s.windowId) throw new CliError('NO_WINDOW', `the server did not say which tmux window session ${id} is in`);
  const socket = o.socket ?? (await localConfig(ctx.io, o.config)).tmuxSocket;
  return run('tmux', attachArgs(socket, s.windowId), attachEnv(ctx.io.env, socket));
}

/**
 * The environment for tmux: inside another tmux server (`$TMUX`), tmux refuses to attach; Aegis's server is a
 * different one, so nesting is fine and `TMUX` is dropped. Inside Aegis's own server it would attach to itself.
 */
export function attachEnv(env: Record<string, string | undefined>, socket: string): Record<string, string | undefined> {
  const inside = env.TMUX?.split(',')[0];
  if (!inside) return env;
  if (inside.endsWith(`/${socket}`))
    throw new CliError(
      'NESTED_ATTACH',
      `this terminal is already inside Aegis's tmux server (socket ${socket}): switch windows there instead`,
    );
  const { TMUX: _outer, ...rest } = env;
  return rest;
}
