/**
 * JSON.parse for long lines whose long string values are decoded only when first read.
 *
 * Most of a transcript's bytes sit in a few long strings (a file read appears twice in its tool result), and
 * decoding them (UTF-8 runs at ~450 MB/s on Node 20) plus JSON.parse cost more than everything else. Here the
 * line is read as latin1 (one char per byte, ~4 GB/s), its string tokens are found with `indexOf('"')`, strings of
 * at least `minString` bytes are cut out and replaced by placeholders, and the small rest is decoded as UTF-8 and
 * JSON.parsed. Every
 * placeholder then becomes an accessor property that decodes its bytes on first read and turns itself into a
 * plain data property. Reading a field therefore always gives the value a full parse gives.
 *
 * Any doubt (no closing quote, a skeleton that does not parse, a placeholder found twice or not at all) returns
 * `undefined`, and the caller parses the line in full.
 */

/**
 * Placeholder prefix; the index of the cut string follows. A line that spells a placeholder itself makes one
 * index appear twice, which {@link fill} treats as doubt.
 */
const HOLE = '\u0000aegis-lazy:';
const HOLE_JSON = '"\\u0000aegis-lazy:';
const BACKSLASH = 0x5c;

/** Default: strings of 1 KiB and more stay undecoded until read. */
export const LAZY_MIN_STRING = 1024;

/**
 * Parse `bytes[start, end)` (one JSON text), leaving long strings undecoded; `undefined` = parse it in full.
 * The lazy fields keep `bytes`: the caller must not overwrite it afterwards.
 */
export function parseLazyJson(bytes: Buffer, start = 0, end = bytes.length, minString = LAZY_MIN_STRING): unknown {
  // latin1: one char per byte, so indices are byte offsets; String#indexOf costs far less per call than Buffer's.
  const text = bytes.toString('latin1', start, end);
  const parts: string[] = [];
  const holes: number[] = []; // start, end (exclusive) of each cut string in `bytes`, quotes included
  let copied = 0;
  let pos = 0;
  for (;;) {
    const open = text.indexOf('"', pos);
    if (open === -1) break;
    const close = closingQuote(text, open + 1);
    if (close === -1) return undefined;
    pos = close + 1;
    if (close + 1 - open < minString || isKey(text, pos)) continue;
    // Quotes are ASCII, so a piece never splits a UTF-8 sequence.
    parts.push(bytes.toString('utf8', start + copied, start + open), `${HOLE_JSON}${holes.length / 2}"`);
    holes.push(start + open, start + pos);
    copied = pos;
  }
  if (holes.length === 0) return undefined;
  parts.push(bytes.toString('utf8', start + copied, end));
  let root: unknown;
  try {
    root = JSON.parse(parts.join(''));
  } catch {
    return undefined;
  }
  const found = new Uint8Array(holes.length / 2);
  if (!fill(root, bytes, holes, found) || !found.every((f) => f === 1)) return undefined;
  return root;
}

/** True when `obj[key]` has not been decoded yet (reading it would decode it). */
export function isLazyField(obj: object, key: string): boolean {
  return Object.getOwnPropertyDescriptor(obj, key)?.get !== undefined;
}

/** Define `target[key]` as computed by `compute` on first read (then a plain data property). */
export function defineLazy(target: object, key: string, compute: () => unknown): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** Index of the quote closing a string whose contents start at `from`; -1 when there is none. */
function closingQuote(text: string, from: number): number {
  let q = text.indexOf('"', from);
  while (q !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return -1;
}

/** True when the string that ended just before `pos` is an object key (a `:` follows). */
function isKey(text: string, pos: number): boolean {
  let c = text.charCodeAt(pos);
  while (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) c = text.charCodeAt(++pos);
  return c === 0x3a;
}

/** Replace every placeholder under `node` by a lazy property; false when a placeholder is unknown or repeated. */
function fill(node: unknown, bytes: Buffer, holes: number[], found: Uint8Array): boolean {
  if (node === null || typeof node !== 'object') return true;
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (typeof v === 'string') {
      if (v.charCodeAt(0) !== 0 || !v.startsWith(HOLE)) continue;
      const i = Number(v.slice(HOLE.length));
      if (!(i >= 0 && i < found.length) || found[i] === 1) return false;
      found[i] = 1;
      const start = holes[2 * i]!;
      const end = holes[2 * i + 1]!;
      defineLazy(obj, key, () => decodeString(bytes, start, end));
    } else if (v !== null && typeof v === 'object' && !fill(v, bytes, holes, found)) return false;
  }
  return true;
}

/** The JSON string token at `bytes[start, end)` as a string value. */
function decodeString(bytes: Buffer, start: number, end: number): string {
  const token = bytes.toString('utf8', start, end);
  try {
    return JSON.parse(token) as string;
  } catch {
    // Only a line damaged inside a long string gets here (Claude Code writes with JSON.stringify). A full parse
    // would have skipped the whole line; its other fields are sound, so this one keeps its text as written.
    return token.slice(1, -1);
  }
}
