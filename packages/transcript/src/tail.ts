import { open as fsOpen } from 'node:fs/promises';
import { TranscriptError } from './errors.js';
import { LineDecoder } from './lines.js';
import { decodeLine, parseLineBytes } from './parse-bytes.js';
import type { TranscriptEntry } from './types.js';

/** The file operations a tail needs (node's `fs/promises` by default). */
export interface TailFileSystem {
  /** Open for reading; rejects with an error whose `code` is `ENOENT` when the file does not exist. */
  open(path: string): Promise<TailFileHandle>;
}

/** The part of node's `FileHandle` a tail uses. */
export interface TailFileHandle {
  stat(): Promise<{ size: number; ino: number; dev: number }>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** Node's file system, as a {@link TailFileSystem}. */
export const nodeTailFileSystem: TailFileSystem = { open: (path) => fsOpen(path, 'r') };

export interface TailOptions {
  /** File operations. Default: {@link nodeTailFileSystem}. */
  fs?: TailFileSystem;
  /** Largest single read in bytes; bigger appends are read in several reads. Default: 4 MiB. */
  chunkSize?: number;
  /** Byte offset to start at (must be the start of a line). Default: 0. */
  startOffset?: number;
  /** Called for every malformed line (not JSON or not an object). Default: none. */
  onMalformed?: (line: string, offset: number) => void;
}

/** Why a read started over from the beginning of the file. */
export type TailReset = 'truncated' | 'replaced';

/** What one {@link TranscriptTail.readNew} found. */
export interface TailResult {
  /** Entries of the lines completed since the last read, in file order. */
  entries: TranscriptEntry[];
  /** Malformed lines skipped in this read. */
  malformed: number;
  /** Set when the file shrank or was replaced: the tail restarted at byte 0 and `entries` come from the new file. */
  reset: TailReset | null;
  /** The file does not exist (yet); nothing was read. */
  missing: boolean;
  /** Bytes read from the file in this call. */
  bytesRead: number;
}

type LineSink = (bytes: Buffer, start: number, end: number, offset: number) => void;

const HEAD_BYTES = 256;
const ARENA_BYTES = 256 * 1024 * 1024;
const MARK_BYTES = 64;
/** Reads in flight during a long read: two hide the read behind the parse on a loaded machine too (one: about half). */
const READ_AHEAD = 2;

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

/**
 * Reads a growing JSONL transcript by byte offset. Each {@link readNew} reads only the bytes appended since
 * the previous call, keeps a partial last line for later, and starts over cleanly when the file is truncated
 * or replaced (other inode/device, or the first bytes or the bytes before the offset changed).
 * Never writes to the file.
 */
export class TranscriptTail {
  readonly path: string;
  readonly #fs: TailFileSystem;
  readonly #chunkSize: number;
  readonly #onMalformed: ((line: string, offset: number) => void) | undefined;
  readonly #decoder: LineDecoder;
  #offset: number;
  #identity: { ino: number; dev: number } | null = null;
  #head: Buffer = Buffer.alloc(0);
  #mark: Buffer = Buffer.alloc(0);
  #vanished = false;
  #malformedTotal = 0;

  constructor(path: string, options: TailOptions = {}) {
    this.path = path;
    this.#fs = options.fs ?? nodeTailFileSystem;
    this.#chunkSize = Math.max(1024, options.chunkSize ?? 4 * 1024 * 1024);
    this.#onMalformed = options.onMalformed;
    this.#offset = options.startOffset ?? 0;
    this.#decoder = new LineDecoder(this.#offset);
  }

  /** Bytes of the file consumed so far (complete lines plus the pending partial line). */
  get offset(): number {
    return this.#offset;
  }

  /** Offset where the pending partial line starts (= {@link offset} when nothing is pending). */
  get lineOffset(): number {
    return this.#decoder.lineStart;
  }

  /** Malformed lines skipped since the tail was created. */
  get malformedTotal(): number {
    return this.#malformedTotal;
  }

  /** Read what was appended since the last call. */
  async readNew(): Promise<TailResult> {
    let fh: TailFileHandle;
    try {
      fh = await this.#fs.open(this.path);
    } catch (err) {
      if (isNotFound(err)) {
        if (this.#identity !== null) this.#vanished = true;
        return { entries: [], malformed: 0, reset: null, missing: true, bytesRead: 0 };
      }
      throw new TranscriptError('AEGIS_TRANSCRIPT_READ_FAILED', `cannot open ${this.path}`, {
        subject: this.path,
        cause: err,
      });
    }
    try {
      return await this.#read(fh);
    } catch (err) {
      if (err instanceof TranscriptError) throw err;
      throw new TranscriptError('AEGIS_TRANSCRIPT_READ_FAILED', `cannot read ${this.path}`, {
        subject: this.path,
        cause: err,
      });
    } finally {
      await fh.close();
    }
  }

  /**
   * Parse the pending partial line as if it were complete. Use only for a file known to be finished
   * (Claude Code ends every record with a newline, so a live file's partial line is still being written).
   */
  flush(): TailResult {
    const entries: TranscriptEntry[] = [];
    const malformed = this.#parseInto(entries, (emit) => this.#decoder.flushBytes(emit));
    return { entries, malformed, reset: null, missing: false, bytesRead: 0 };
  }

  async #read(fh: TailFileHandle): Promise<TailResult> {
    const st = await fh.stat();
    const reset = await this.#detectReset(fh, st);
    if (reset !== null) {
      this.#offset = 0;
      this.#decoder.reset(0);
      this.#head = Buffer.alloc(0);
      this.#mark = Buffer.alloc(0);
    }
    this.#identity = { ino: st.ino, dev: st.dev };
    this.#vanished = false;

    const entries: TranscriptEntry[] = [];
    let bytesRead = 0;
    let malformed = 0;
    const end = st.size;
    if (end > this.#offset) {
      const reader = new ChunkReader(fh, this.#offset, end, this.#chunkSize);
      let last: Buffer = Buffer.alloc(0);
      for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) {
        const bytes = chunk;
        malformed += this.#parseInto(entries, (emit) => this.#decoder.pushBytes(bytes, emit));
        this.#offset += chunk.length;
        bytesRead += chunk.length;
        last = chunk;
      }
      if (bytesRead > 0) {
        // Remember the bytes just before the new offset: if they change, the file was rewritten in place.
        this.#mark =
          last.length >= MARK_BYTES
            ? Buffer.from(last.subarray(last.length - MARK_BYTES))
            : await readAt(fh, Math.max(0, this.#offset - MARK_BYTES), Math.min(MARK_BYTES, this.#offset));
      }
      if (this.#head.length < HEAD_BYTES && this.#head.length < this.#offset) {
        this.#head = await readAt(fh, 0, Math.min(HEAD_BYTES, this.#offset));
      }
    }
    return { entries, malformed, reset, missing: false, bytesRead };
  }

  async #detectReset(fh: TailFileHandle, st: { size: number; ino: number; dev: number }): Promise<TailReset | null> {
    if (this.#identity === null) return null;
    if (this.#vanished || st.ino !== this.#identity.ino || st.dev !== this.#identity.dev) return 'replaced';
    if (st.size < this.#offset) return 'truncated';
    if (this.#head.length > 0 && !(await readAt(fh, 0, this.#head.length)).equals(this.#head)) return 'replaced';
    if (this.#mark.length > 0) {
      const at = this.#offset - this.#mark.length;
      if (!(await readAt(fh, at, this.#mark.length)).equals(this.#mark)) return 'replaced';
    }
    return null;
  }

  #parseInto(entries: TranscriptEntry[], drive: (emit: LineSink) => void): number {
    let malformed = 0;
    drive((bytes, start, end, offset) => {
      const parsed = parseLineBytes(bytes, start, end, { offset });
      if (parsed === null) {
        malformed++;
        this.#onMalformed?.(decodeLine(bytes, start, end), offset);
        return;
      }
      for (const e of parsed) entries.push(e);
    });
    this.#malformedTotal += malformed;
    return malformed;
  }
}

/**
 * Reads a file's chunks in order, READ_AHEAD reads in flight: the thread pool reads (and faults in fresh memory) while
 * the caller parses. Into fresh memory, never reused: entries of long lines keep their bytes undecoded (see
 * lazy-json.ts). One allocation per ARENA_BYTES rather than per read: V8 starts a full GC on every large step of
 * external memory.
 */
class ChunkReader {
  readonly #fh: TailFileHandle;
  readonly #end: number;
  readonly #chunkSize: number;
  #position: number;
  #queue: Array<{ position: number; want: number; bytes: Promise<Buffer> }> = [];
  #arena: Buffer = Buffer.alloc(0);
  #used = 0;

  constructor(fh: TailFileHandle, start: number, end: number, chunkSize: number) {
    this.#fh = fh;
    this.#position = start;
    this.#end = end;
    this.#chunkSize = chunkSize;
  }

  /** The next chunk; null at the end, or when a read gets no bytes (the file shrank). */
  async next(): Promise<Buffer | null> {
    this.#issue();
    const head = this.#queue.shift();
    if (head === undefined) return null;
    const chunk = await head.bytes;
    if (chunk.length < head.want) {
      // A short read: the reads in flight asked for the wrong places. They are left to settle (fh.close() waits
      // for them), their bytes unused; reading goes on right after this chunk, or stops when it is empty.
      this.#queue = [];
      this.#position = chunk.length === 0 ? this.#end : head.position + chunk.length;
    }
    this.#issue();
    return chunk.length === 0 ? null : chunk;
  }

  #issue(): void {
    while (this.#queue.length < READ_AHEAD && this.#position < this.#end) {
      const want = Math.min(this.#chunkSize, this.#end - this.#position);
      if (this.#arena.length - this.#used < want) {
        this.#arena = Buffer.allocUnsafe(Math.max(want, Math.min(ARENA_BYTES, this.#end - this.#position)));
        this.#used = 0;
      }
      const buf = this.#arena.subarray(this.#used, this.#used + want);
      this.#used += want;
      const bytes = this.#fh.read(buf, 0, want, this.#position).then(({ bytesRead }) => buf.subarray(0, bytesRead));
      // Settled when its turn comes; until then a failed read must not count as an unhandled rejection.
      bytes.catch(() => undefined);
      this.#queue.push({ position: this.#position, want, bytes });
      this.#position += want;
    }
  }
}

async function readAt(fh: TailFileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** Read a whole transcript file once (a final partial line included). Missing file → no entries. */
export async function readTranscriptFile(path: string, options: TailOptions = {}): Promise<TailResult> {
  const tail = new TranscriptTail(path, options);
  const result = await tail.readNew();
  const rest = tail.flush();
  result.entries.push(...rest.entries);
  result.malformed += rest.malformed;
  return result;
}
