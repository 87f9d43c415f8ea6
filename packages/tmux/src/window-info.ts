/** One Aegis window (one pane each), as tmux reports it. */
export interface WindowInfo {
  /** tmux window id, e.g. `@3`. */
  id: string;
  name: string;
  /** tmux pane id, e.g. `%5`. */
  paneId: string;
  /** pid of the pane's process (the command given to createWindow). */
  pid: number;
  /** `#{pane_current_command}`: the foreground process name in the pane. */
  currentCommand: string;
  /**
   * The pane's process has exited and tmux has reaped it (the window stays because of remain-on-exit). tmux notices
   * the closed terminal slightly before the exit status; until both are known this stays false.
   */
  dead: boolean;
  /** Exit status of a dead pane; null while alive or when killed by a signal. */
  exitStatus: number | null;
  /** Signal number that killed a dead pane's process; null otherwise. */
  exitSignal: number | null;
  width: number;
  height: number;
}

const FIELDS = [
  '#{window_id}',
  '#{pane_id}',
  '#{pane_pid}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pane_dead_signal}',
  '#{window_width}',
  '#{window_height}',
  '#{pane_current_command}',
  '#{pid}',
  '#{window_name}',
] as const;

/** tmux format for one {@link WindowInfo} line (tab separated, name last since it may contain anything). */
export const WINDOW_INFO_FORMAT = FIELDS.join('\t');

/** A WindowInfo plus what the driver needs internally. */
export interface RawWindowInfo {
  info: WindowInfo;
  /** pid of the tmux server. */
  serverPid: number;
  /** The pane's terminal closed but tmux has not reaped the process yet (see `deadState`). */
  unreaped: boolean;
}

export function parseWindowInfo(line: string): WindowInfo | undefined {
  return parseRawWindowInfo(line)?.info;
}

export function parseRawWindowInfo(line: string): RawWindowInfo | undefined {
  const parts = line.split('\t');
  if (parts.length < FIELDS.length) return undefined;
  const [id, paneId, pid, deadFlag, status, signal, width, height, currentCommand, serverPid] = parts as [
    string,
    ...string[],
  ];
  if (!id.startsWith('@') || !paneId?.startsWith('%')) return undefined;
  const exit = deadState(deadFlag ?? '', status ?? '', signal ?? '');
  const info: WindowInfo = {
    id,
    name: parts.slice(FIELDS.length - 1).join('\t'),
    paneId,
    pid: Number(pid),
    currentCommand: currentCommand ?? '',
    ...exit,
    width: Number(width),
    height: Number(height),
  };
  return { info, serverPid: Number(serverPid), unreaped: deadFlag === '1' && !exit.dead };
}

export function parseRawWindowInfos(stdout: string): RawWindowInfo[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(parseRawWindowInfo)
    .filter((w): w is RawWindowInfo => w !== undefined);
}

/**
 * Combines `#{pane_dead}`, `#{pane_dead_status}` and `#{pane_dead_signal}`. tmux 3.3a sometimes misses the SIGCHLD
 * of a pane process that exits right after it started: the terminal is closed (`pane_dead` 1) but the process stays
 * a zombie without status until tmux gets another SIGCHLD. Such a pane is not reported dead; the driver nudges the
 * server with a SIGCHLD.
 */
export function deadState(
  deadFlag: string,
  status: string,
  signal: string,
): { dead: boolean; exitStatus: number | null; exitSignal: number | null } {
  const reaped = deadFlag === '1' && (status !== '' || signal !== '');
  return {
    dead: reaped,
    exitStatus: reaped && status !== '' ? Number(status) : null,
    exitSignal: reaped && signal !== '' ? Number(signal) : null,
  };
}
