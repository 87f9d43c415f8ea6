import type { Target } from './args.js';
import type { ControlSpawner } from './control.js';
import type { ProcessTable } from './process-table.js';
import type { ProcessRunner } from './runner.js';
import type { InputMode } from './text-input.js';

export interface TmuxDriverOptions {
  /** tmux socket name (`tmux -L`). Stable, so a restarted process finds its windows again. Default `'aegis'`. */
  socketName?: string;
  /** Session that holds one window per Aegis session. Default `'aegis'`. */
  sessionName?: string;
  /** tmux binary, looked up on `PATH` once. Default `'tmux'`. */
  tmuxPath?: string;
  /** Runs tmux. Default: {@link createNodeProcessRunner}. */
  runner?: ProcessRunner;
  /** Process table used by killWindow. Default: `/proc`. */
  processTable?: ProcessTable;
  /** Starts the control-mode client behind `watch`. Default: `child_process.spawn`. */
  controlSpawner?: ControlSpawner;
  /** Timeout of each tmux call, ms. Default 5000. */
  timeoutMs?: number;
  /** killWindow: time between SIGTERM and SIGKILL, ms. Default 2000. */
  killGraceMs?: number;
  /** `history-limit` for new panes. Default 10000. */
  historyLimit?: number;
  /** Schedules coalesced 'changed' events. Default `setImmediate`. */
  schedule?: (fn: () => void) => void;
  /** Clock for retries and the kill grace period. Default: real time. */
  clock?: Clock;
}

/** Time, injected; the same shape as @aegis/state's `Clock`, so core passes one clock to every package. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CreatedWindow {
  /** Window id, e.g. `@3`. */
  id: Target;
  /** Pane id, e.g. `%5`. */
  paneId: Target;
  /** pid of the pane's process. */
  pid: number;
}

export interface SendTextOptions {
  /** 'typed' (default): literal keys per line, C-j between lines. 'paste': one bracketed paste. */
  mode?: InputMode;
}

export interface CaptureOptions {
  /** Keep colours and attributes as escape sequences (`capture-pane -e`). Default false. */
  escapes?: boolean;
  /** Include the scrollback history, not only the visible screen. Default false. */
  history?: boolean;
}
