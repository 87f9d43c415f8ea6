/** Stable error codes of {@link TmuxError}. */
export type TmuxErrorCode =
  /** The window, pane or session does not exist. */
  | 'NOT_FOUND'
  /** The tmux call did not finish within its timeout. */
  | 'TIMEOUT'
  /** No tmux server is running on the socket (or it died). */
  | 'SERVER_GONE'
  /** The tmux binary could not be started. */
  | 'TMUX_MISSING'
  /** A caller passed something the driver refuses (bad key name, bad target, bad size). */
  | 'INVALID_ARGUMENT'
  /** tmux ran and failed for another reason. */
  | 'COMMAND_FAILED';

export const TMUX_ERROR_CODES: readonly TmuxErrorCode[] = [
  'NOT_FOUND',
  'TIMEOUT',
  'SERVER_GONE',
  'TMUX_MISSING',
  'INVALID_ARGUMENT',
  'COMMAND_FAILED',
] as const;

export interface TmuxErrorContext {
  /** Arguments of the failed tmux call (after the socket flags), when there was a call. */
  readonly args?: readonly string[];
  /** tmux's stderr, trimmed. */
  readonly stderr?: string;
  /** Exit code of the tmux client, when it exited. */
  readonly exitCode?: number | null;
}

/** Every failure of `@aegis/tmux` is a TmuxError with a stable {@link TmuxErrorCode}. */
export class TmuxError extends Error {
  override readonly name = 'TmuxError';
  readonly code: TmuxErrorCode;
  readonly args: readonly string[] | undefined;
  readonly stderr: string | undefined;
  readonly exitCode: number | null | undefined;

  constructor(code: TmuxErrorCode, message: string, context: TmuxErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.args = context.args;
    this.stderr = context.stderr;
    this.exitCode = context.exitCode;
  }
}

export function isTmuxError(value: unknown, code?: TmuxErrorCode): value is TmuxError {
  return value instanceof TmuxError && (code === undefined || value.code === code);
}

const STDERR_PATTERNS: ReadonlyArray<readonly [RegExp, TmuxErrorCode]> = [
  [/no server running on/i, 'SERVER_GONE'],
  [/error connecting to/i, 'SERVER_GONE'],
  [/server exited unexpectedly/i, 'SERVER_GONE'],
  [/lost server/i, 'SERVER_GONE'],
  [/can't find (window|pane|session|client)/i, 'NOT_FOUND'],
  [/(session|window|pane) not found/i, 'NOT_FOUND'],
  [/no such (window|pane|session)/i, 'NOT_FOUND'],
  [/no current (window|pane|session|target)/i, 'NOT_FOUND'],
];

/** Maps tmux's stderr text to an error code (COMMAND_FAILED when nothing matches). */
export function codeFromStderr(stderr: string): TmuxErrorCode {
  for (const [pattern, code] of STDERR_PATTERNS) if (pattern.test(stderr)) return code;
  return 'COMMAND_FAILED';
}
