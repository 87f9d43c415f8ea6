/** Stable error codes of @aegis/core. Map them to HTTP (or MCP) only at the edge. */
export const AEGIS_ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_WORKDIR',
  'ENV_DENIED',
  'SESSION_NOT_FOUND',
  'PIPELINE_NOT_FOUND',
  'SESSION_EXITED',
  'NOT_IN_DIALOG',
  'ALREADY_ANSWERED',
  'OPTION_NOT_FOUND',
  'DELIVERY_UNCONFIRMED',
  'DELIVERY_SUBMITTED_DIFFERENTLY',
  'INPUT_NOT_LITERAL',
  'SESSION_BUSY',
  'DELIVERY_FAILED',
  'QUEUE_CLOSED',
  'GATE_UNANSWERABLE',
  'TMUX_UNAVAILABLE',
  'CLAUDE_NOT_FOUND',
  'LAUNCH_FAILED',
  'TIMEOUT',
  'SHUT_DOWN',
  'STATE_UNWRITABLE',
  'STORE_UNAVAILABLE',
  'INTERNAL',
  'NOT_A_GIT_REPO',
  'INVALID_BRANCH',
  'REF_NOT_FOUND',
  'BRANCH_EXISTS',
  'WORKTREE_PATH_INVALID',
  'WORKTREE_DIRTY',
  'MERGE_CONFLICT',
  'NO_WORKTREE',
  'GIT_FAILED',
] as const;

export type AegisErrorCode = (typeof AEGIS_ERROR_CODES)[number];

/** HTTP-like class of each code (for servers; core itself never speaks HTTP). */
export const ERROR_STATUS: Record<AegisErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_WORKDIR: 400,
  ENV_DENIED: 400,
  SESSION_NOT_FOUND: 404,
  PIPELINE_NOT_FOUND: 404,
  SESSION_EXITED: 410,
  NOT_IN_DIALOG: 409,
  ALREADY_ANSWERED: 409,
  OPTION_NOT_FOUND: 400,
  DELIVERY_UNCONFIRMED: 504,
  DELIVERY_SUBMITTED_DIFFERENTLY: 502,
  INPUT_NOT_LITERAL: 400,
  SESSION_BUSY: 409,
  DELIVERY_FAILED: 502,
  QUEUE_CLOSED: 409,
  GATE_UNANSWERABLE: 409,
  TMUX_UNAVAILABLE: 503,
  CLAUDE_NOT_FOUND: 503,
  LAUNCH_FAILED: 502,
  TIMEOUT: 504,
  SHUT_DOWN: 503,
  STATE_UNWRITABLE: 507,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
  NOT_A_GIT_REPO: 400,
  INVALID_BRANCH: 400,
  REF_NOT_FOUND: 400,
  BRANCH_EXISTS: 409,
  WORKTREE_PATH_INVALID: 400,
  WORKTREE_DIRTY: 409,
  MERGE_CONFLICT: 409,
  NO_WORKTREE: 409,
  GIT_FAILED: 500,
};

/** Every error core throws. `code` is stable; `details` carries context (never secrets). */
export class AegisError extends Error {
  override readonly name: string = 'AegisError';
  readonly code: AegisErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: AegisErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.code = code;
    this.details = details;
  }

  /** HTTP-like status class of this error's code. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): { code: AegisErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export class InvalidInputError extends AegisError {
  override readonly name = 'InvalidInputError';
}
export class SessionNotFoundError extends AegisError {
  override readonly name = 'SessionNotFoundError';
  constructor(id: string) {
    super('SESSION_NOT_FOUND', `no session ${id}`, { sessionId: id });
  }
}
export class PipelineNotFoundError extends AegisError {
  override readonly name = 'PipelineNotFoundError';
  constructor(id: string) {
    super('PIPELINE_NOT_FOUND', `no pipeline ${id}`, { pipelineId: id });
  }
}
export class DialogError extends AegisError {
  override readonly name = 'DialogError';
}
export class DeliveryError extends AegisError {
  override readonly name = 'DeliveryError';
}
export class LaunchError extends AegisError {
  override readonly name = 'LaunchError';
}

export function isAegisError(e: unknown, code?: AegisErrorCode): e is AegisError {
  return e instanceof AegisError && (code === undefined || e.code === code);
}
