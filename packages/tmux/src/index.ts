export { TmuxDriver, createTmuxDriver } from './driver.js';
export type { TmuxDriverOptions, Clock, CreatedWindow, SendTextOptions, CaptureOptions } from './driver-types.js';
export type { CreateWindowOptions } from './window-commands.js';
export type { WindowInfo } from './window-info.js';
export type { WatchEvent, WatchListener, Unsubscribe } from './watch-hub.js';
export type { InputMode } from './text-input.js';
export { isTarget, escapeArg, type Target } from './args.js';
export { KEY_NAMES, isKeyName, type KeyName } from './keys.js';
export {
  TmuxError,
  isTmuxError,
  codeFromStderr,
  TMUX_ERROR_CODES,
  type TmuxErrorCode,
  type TmuxErrorContext,
} from './errors.js';
export {
  createNodeProcessRunner,
  type ProcessRunner,
  type RunOptions,
  type RunResult,
  type NodeProcessRunnerOptions,
} from './runner.js';
export { createProcProcessTable, processTree, type ProcessTable, type ProcessEntry } from './process-table.js';
export { defaultControlSpawner, type ControlSpawner } from './control.js';
