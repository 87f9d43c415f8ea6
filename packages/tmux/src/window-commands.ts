import { assertSize, escapeArg, type TmuxCommand } from './args.js';
import { TmuxError } from './errors.js';

export interface CreateWindowOptions {
  /** Window name (shown by tmux; not used for targeting). */
  name: string;
  /** Working directory of the command. */
  cwd: string;
  /**
   * Extra environment variables. `PATH` is special in tmux 3.3 (it always comes from the tmux client's own
   * environment, `-e PATH=` is ignored); the driver handles that, so `PATH` here works like any other variable.
   */
  env?: Record<string, string>;
  /** argv, executed directly (no shell), e.g. `['claude', '--session-id', id]`. */
  command: readonly string[];
  width: number;
  height: number;
}

export interface ServerSettings {
  historyLimit: number;
}

/** Wrapper for a one-word command: tmux runs a single argument through `sh -c`, `env` execs it directly. */
export const ENV_BINARY = '/usr/bin/env';

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const WINDOW_CREATED_FORMAT = '#{window_id}\t#{pane_id}\t#{pane_pid}';

export function validateCreateOptions(o: CreateWindowOptions): void {
  assertSize(o.width, o.height);
  if (o.command.length === 0 || o.command[0] === '')
    throw new TmuxError('INVALID_ARGUMENT', 'command must not be empty');
  if (o.command.some((a) => a.includes('\0'))) throw new TmuxError('INVALID_ARGUMENT', 'command contains a NUL byte');
  for (const [key, value] of Object.entries(o.env ?? {})) {
    if (!ENV_NAME_RE.test(key))
      throw new TmuxError('INVALID_ARGUMENT', `invalid environment variable name ${JSON.stringify(key)}`);
    if (value.includes('\0'))
      throw new TmuxError('INVALID_ARGUMENT', `environment variable ${key} contains a NUL byte`);
  }
}

/** Options set before the first window of a server exists (some, like history-limit, only affect new panes). */
export function serverOptionCommands(s: ServerSettings): TmuxCommand[] {
  return [
    ['set-option', '-g', 'status', 'off'],
    ['set-option', '-g', 'history-limit', String(s.historyLimit)],
    ['set-option', '-g', 'focus-events', 'on'],
    ['set-option', '-wg', 'remain-on-exit', 'on'],
    // NOT `set -g window-size manual`: tmux 3.3a crashes on the next new-window with it. Each window is made
    // manual by resize-window instead.
  ];
}

/** argv for tmux: several arguments are exec'd directly; a single one would go through `sh -c`, so wrap it. */
export function paneArgv(command: readonly string[]): string[] {
  const argv = command.length === 1 ? [ENV_BINARY, '--', command[0]!] : [...command];
  return argv.map(escapeArg);
}

function windowArgs(o: CreateWindowOptions): string[] {
  const args = ['-d', '-P', '-F', WINDOW_CREATED_FORMAT, '-n', escapeArg(o.name), '-c', escapeArg(o.cwd)];
  for (const [key, value] of Object.entries(o.env ?? {})) {
    if (key !== 'PATH') args.push('-e', escapeArg(`${key}=${value}`));
  }
  return args;
}

/**
 * One call: server options, the session with its first window, and that window resized (which also makes its size
 * manual: attached clients no longer resize it).
 */
export function newSessionCommands(session: string, o: CreateWindowOptions, s: ServerSettings): TmuxCommand[] {
  return [
    ...serverOptionCommands(s),
    [
      'new-session',
      '-s',
      escapeArg(session),
      '-x',
      String(o.width),
      '-y',
      String(o.height),
      ...windowArgs(o),
      '--',
      ...paneArgv(o.command),
    ],
    ['resize-window', '-t', escapeArg(`=${session}:`), '-x', String(o.width), '-y', String(o.height)],
  ];
}

/**
 * One call: size new windows of the session, then create one. `path` is the pane's PATH: a spawned client's own
 * PATH wins over `-e PATH=` (so the caller sets that too), but over the attached control client only `-e` counts.
 */
export function newWindowCommands(session: string, o: CreateWindowOptions, path?: string): TmuxCommand[] {
  const pathArgs = path === undefined ? [] : ['-e', escapeArg(`PATH=${path}`)];
  return [
    ['set-option', '-t', escapeArg(`=${session}:`), 'default-size', `${o.width}x${o.height}`],
    ['new-window', '-t', escapeArg(`=${session}:`), ...windowArgs(o), ...pathArgs, '--', ...paneArgv(o.command)],
  ];
}

/** Environment for the tmux client call that creates a window: tmux gives new panes the client's PATH. */
export function clientEnv(o: CreateWindowOptions): Record<string, string> | undefined {
  const path = o.env?.PATH;
  return path === undefined ? undefined : { PATH: path };
}
