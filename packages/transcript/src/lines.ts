const NEWLINE = 0x0a;

/**
 * Splits a byte stream into complete lines. Newline bytes are found in the Buffer (never inside a UTF-8
 * sequence), only complete lines are decoded, and the bytes after the last newline wait for the next chunk.
 * Cost is linear in the bytes pushed; a long unfinished line is kept as chunks and joined once.
 */
export class LineDecoder {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Absolute offset of the first pending byte (or of the next byte when nothing is pending). */
  #lineStart: number;

  constructor(startOffset = 0) {
    this.#lineStart = startOffset;
  }

  /** Bytes of the unfinished last line. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Absolute offset where the next (unfinished) line starts. */
  get lineStart(): number {
    return this.#lineStart;
  }

  /** Forget pending bytes and restart at `offset`. */
  reset(offset = 0): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#lineStart = offset;
  }

  /** Feed the next bytes of the stream; `onLine` gets each completed line (without `\n`) and its byte offset. */
  push(chunk: Buffer, onLine: (line: string, offset: number) => void): void {
    this.pushBytes(chunk, (bytes, start, end, offset) => onLine(bytes.toString('utf8', start, end), offset));
  }

  /**
   * Like {@link push}, undecoded: `onLine` gets each completed line as `bytes[start, end)` and its byte offset.
   * `bytes` may be `chunk` itself, which the caller may reuse: copy what must outlive the call.
   */
  pushBytes(chunk: Buffer, onLine: (bytes: Buffer, start: number, end: number, offset: number) => void): void {
    let pos = 0;
    let nl = chunk.indexOf(NEWLINE, 0);
    if (nl === -1) {
      if (chunk.length > 0) {
        // Copy: the caller may reuse its read buffer.
        this.#pending.push(Buffer.from(chunk));
        this.#pendingBytes += chunk.length;
      }
      return;
    }
    if (this.#pendingBytes > 0) {
      this.#pending.push(chunk.subarray(0, nl));
      const joined = Buffer.concat(this.#pending, this.#pendingBytes + nl);
      this.#pending = [];
      this.#pendingBytes = 0;
      onLine(joined, 0, joined.length, this.#lineStart);
      this.#lineStart += joined.length + 1;
    } else {
      onLine(chunk, 0, nl, this.#lineStart);
      this.#lineStart += nl + 1;
    }
    pos = nl + 1;
    while ((nl = chunk.indexOf(NEWLINE, pos)) !== -1) {
      onLine(chunk, pos, nl, this.#lineStart);
      this.#lineStart += nl + 1 - pos;
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      // Copy: the caller may reuse its read buffer.
      this.#pending.push(Buffer.from(chunk.subarray(pos)));
      this.#pendingBytes = chunk.length - pos;
    }
  }

  /** Hand out the unfinished last line as if it were complete (for a file known to be finished). */
  flush(onLine: (line: string, offset: number) => void): void {
    this.flushBytes((bytes, start, end, offset) => onLine(bytes.toString('utf8', start, end), offset));
  }

  /** {@link flush}, undecoded (see {@link pushBytes}). */
  flushBytes(onLine: (bytes: Buffer, start: number, end: number, offset: number) => void): void {
    if (this.#pendingBytes === 0) return;
    const joined = Buffer.concat(this.#pending, this.#pendingBytes);
    const start = this.#lineStart;
    this.reset(start + joined.length);
    onLine(joined, 0, joined.length, start);
  }
}
