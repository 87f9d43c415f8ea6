export type StateErrorCode = 'AEGIS_STATE_INVALID_HOOK_PAYLOAD' | 'AEGIS_STATE_INVALID_STATUS_FILE';

/** An input the detector was handed could not be read. `code` is stable; `cause` holds the parser error. */
export class StateInputError extends Error {
  override readonly name = 'StateInputError';
  readonly code: StateErrorCode;
  constructor(code: StateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
