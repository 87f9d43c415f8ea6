/** Stable codes of {@link TranscriptError}. */
export type TranscriptErrorCode =
  /** A page cursor (`after` / `before`) names no entry of the transcript. */
  | 'AEGIS_TRANSCRIPT_CURSOR_NOT_FOUND'
  /** A session or agent id would escape its folder (only `[A-Za-z0-9_-]` is accepted). */
  | 'AEGIS_TRANSCRIPT_INVALID_ID'
  /** The transcript file exists but could not be read. */
  | 'AEGIS_TRANSCRIPT_READ_FAILED';

/** Errors thrown by `@aegis/transcript`. */
export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
  readonly code: TranscriptErrorCode;
  /** What the error is about (the cursor, the id, the path). */
  readonly subject: string | undefined;

  constructor(code: TranscriptErrorCode, message: string, options: { subject?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.subject = options.subject;
  }
}
