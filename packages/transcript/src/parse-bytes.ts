import { LAZY_MIN_STRING, parseLazyJson } from './lazy-json.js';
import { parseLine, parseRecord, type ParseContext } from './parse.js';
import type { TranscriptEntry } from './types.js';

/** Lines of at least this many bytes are parsed with their long strings left undecoded until read. */
export const LAZY_MIN_LINE = 4096;

/** Thresholds of the lazy path (tests lower them to send every line through it). */
export interface LazyThresholds {
  /** Shortest line parsed lazily. Default: {@link LAZY_MIN_LINE}. */
  minLine?: number;
  /** Shortest string (in bytes, quotes included) left undecoded. Default: {@link LAZY_MIN_STRING}. */
  minString?: number;
}

/**
 * {@link parseLine} for the undecoded line `bytes[start, end)`. A long line is parsed by {@link parseLazyJson}
 * (falling back to a full parse on any doubt), so its long strings are decoded only when read; the entries are
 * the same either way. Entries may keep `bytes`: the caller must not overwrite it afterwards.
 */
export function parseLineBytes(
  bytes: Buffer,
  start: number,
  end: number,
  ctx: ParseContext = {},
  lazy: LazyThresholds = {},
): TranscriptEntry[] | null {
  if (end - start >= (lazy.minLine ?? LAZY_MIN_LINE) && bytes[start] === 0x7b /* { */) {
    const record = parseLazyJson(bytes, start, end, lazy.minString ?? LAZY_MIN_STRING);
    if (record !== undefined) return parseRecord(record, ctx);
  }
  return parseLine(decodeLine(bytes, start, end), ctx);
}

/** The line as a string. */
export function decodeLine(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end);
}
