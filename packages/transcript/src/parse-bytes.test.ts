import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isLazyField } from './lazy-json.js';
import { parseLineBytes } from './parse-bytes.js';
import { parseLine } from './parse.js';
import { TranscriptTail } from './tail.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/claude-code');

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsonlFiles(join(dir, d.name)) : d.name.endsWith('.jsonl') ? [join(dir, d.name)] : [],
  );
}

/** Every line of a file as [bytes, start, end, offset]. */
function lines(buf: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let pos = 0;
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, pos)) {
    out.push([pos, nl]);
    pos = nl + 1;
  }
  if (pos < buf.length) out.push([pos, buf.length]);
  return out;
}

const CODE = Array.from({ length: 80 }, (_, i) => `${i}\tconst s${i} = "quoted \\\\ ünïcode ✓ 🚀";`).join('\n');
const TOOL_RESULT = JSON.stringify({
  parentUuid: 'p',
  uuid: 'u',
  type: 'user',
  sessionId: 's',
  message: { role: 'user', content: [{ tool_use_id: 'toolu_1', type: 'tool_result', content: CODE }] },
  toolUseResult: { type: 'text', file: { filePath: '/x.ts', content: CODE, numLines: 80 } },
});

function hasLazy(v: object): boolean {
  return Object.keys(v).some(
    (k) =>
      isLazyField(v, k) ||
      (v[k as keyof typeof v] !== null &&
        typeof v[k as keyof typeof v] === 'object' &&
        hasLazy(v[k as keyof typeof v])),
  );
}

describe('parseLineBytes', () => {
  it('types every captured line exactly as parseLine does when every line and string goes the lazy way', () => {
    let lazyLines = 0;
    for (const file of jsonlFiles(fixtures)) {
      const buf = readFileSync(file);
      for (const [start, end] of lines(buf)) {
        const expected = parseLine(buf.toString('utf8', start, end), { offset: start });
        const got = parseLineBytes(buf, start, end, { offset: start }, { minLine: 0, minString: 8 });
        if (got?.some((e) => Object.values(e).some((v) => v !== null && typeof v === 'object' && hasLazy(v))))
          lazyLines++;
        expect(got).toEqual(expected);
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      }
    }
    expect(lazyLines).toBeGreaterThan(10);
  });

  it('keeps a long tool result undecoded until it is read, with the same value as a full parse', () => {
    const buf = Buffer.from(TOOL_RESULT);
    const [entry] = parseLineBytes(buf, 0, buf.length, { offset: 0 })!;
    const [full] = parseLine(TOOL_RESULT, { offset: 0 })!;
    expect(entry!.kind).toBe('tool_result');
    expect(isLazyField(entry!, 'content')).toBe(true);
    expect(isLazyField(entry!, 'text')).toBe(true);
    expect(entry).toEqual(full);
    expect(isLazyField(entry!, 'content')).toBe(false);
  });

  it('gives malformed lines as null on the lazy path too', () => {
    const text = TOOL_RESULT.slice(0, -1);
    expect(parseLineBytes(Buffer.from(text), 0, Buffer.byteLength(text))).toBeNull();
    expect(parseLineBytes(Buffer.from(`[${TOOL_RESULT}]`), 0, Buffer.byteLength(TOOL_RESULT) + 2)).toBeNull();
  });
});

describe('TranscriptTail with long lines', () => {
  it('reads long lines across chunk boundaries into the same entries as a full parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegis-lazy-'));
    try {
      const path = join(dir, 't.jsonl');
      const mode = '{"type":"mode","mode":"normal"}';
      const text = `${mode}\n${TOOL_RESULT}\n${mode}\n${TOOL_RESULT}\n`;
      writeFileSync(path, text);
      let offset = 0;
      const expected = text
        .split('\n')
        .slice(0, 4)
        .flatMap((l) => {
          const entries = parseLine(l, { offset })!;
          offset += Buffer.byteLength(l) + 1;
          return entries;
        });
      const got = await new TranscriptTail(path, { chunkSize: 1024 }).readNew();
      expect(got.entries).toEqual(expected);
      expect(got.malformed).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
