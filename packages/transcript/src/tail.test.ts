import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineDecoder } from './lines.js';
import { TranscriptTail, readTranscriptFile } from './tail.js';
import type { TranscriptEntry } from './types.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-transcript-tail-'));
  file = join(dir, 'session.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function prompt(uuid: string, text: string, parentUuid: string | null = null): string {
  return `${JSON.stringify({ type: 'user', uuid, parentUuid, sessionId: 's', timestamp: '2026-01-01T00:00:00.000Z', message: { role: 'user', content: text }, promptSource: 'typed' })}\n`;
}

function texts(entries: TranscriptEntry[]): string[] {
  return entries.flatMap((e) => (e.kind === 'user_prompt' ? [e.text] : []));
}

describe('TranscriptTail', () => {
  it('waits for a file that does not exist yet', async () => {
    const tail = new TranscriptTail(file);
    expect(await tail.readNew()).toMatchObject({ missing: true, entries: [], reset: null });
    writeFileSync(file, prompt('u1', 'hello'));
    const r = await tail.readNew();
    expect(r.missing).toBe(false);
    expect(texts(r.entries)).toEqual(['hello']);
  });

  it('keeps a line split inside a UTF-8 character and inside the JSON for the next read', async () => {
    const line = Buffer.from(prompt('u1', 'héllo wörld 🎉 done'));
    const emoji = line.indexOf(Buffer.from('🎉'));
    const cuts = [0, 10, emoji + 1, emoji + 3, line.length - 1, line.length];
    writeFileSync(file, '');
    const tail = new TranscriptTail(file);
    const seen: TranscriptEntry[] = [];
    for (let i = 1; i < cuts.length; i++) {
      appendFileSync(file, line.subarray(cuts[i - 1], cuts[i]));
      const r = await tail.readNew();
      expect(r.bytesRead).toBe(cuts[i]! - cuts[i - 1]!);
      expect(r.malformed).toBe(0);
      if (i < cuts.length - 1) expect(r.entries).toEqual([]);
      seen.push(...r.entries);
    }
    expect(texts(seen)).toEqual(['héllo wörld 🎉 done']);
    expect(tail.offset).toBe(line.length);
    expect(tail.lineOffset).toBe(line.length);
  });

  it('reads only what was appended', async () => {
    writeFileSync(file, prompt('u1', 'one') + prompt('u2', 'two', 'u1'));
    const tail = new TranscriptTail(file);
    expect(texts((await tail.readNew()).entries)).toEqual(['one', 'two']);
    const more = prompt('u3', 'three', 'u2');
    appendFileSync(file, more);
    const r = await tail.readNew();
    expect(r.bytesRead).toBe(Buffer.byteLength(more));
    expect(texts(r.entries)).toEqual(['three']);
    expect((await tail.readNew()).entries).toEqual([]);
  });

  it('restarts cleanly after truncation', async () => {
    writeFileSync(file, prompt('u1', 'one') + prompt('u2', 'two', 'u1'));
    const tail = new TranscriptTail(file);
    await tail.readNew();
    truncateSync(file, 0);
    appendFileSync(file, prompt('n1', 'fresh'));
    const r = await tail.readNew();
    expect(r.reset).toBe('truncated');
    expect(texts(r.entries)).toEqual(['fresh']);
  });

  it('restarts cleanly when the file is replaced by another one', async () => {
    writeFileSync(file, prompt('u1', 'one'));
    const tail = new TranscriptTail(file);
    await tail.readNew();
    const other = join(dir, 'other.jsonl');
    writeFileSync(
      other,
      prompt('n1', 'new first') + prompt('n2', 'new second', 'n1') + prompt('n3', 'new third', 'n2'),
    );
    renameSync(other, file);
    const r = await tail.readNew();
    expect(r.reset).toBe('replaced');
    expect(texts(r.entries)).toEqual(['new first', 'new second', 'new third']);
  });

  it('notices a file rewritten in place with different bytes', async () => {
    writeFileSync(file, prompt('u1', 'aaaa'));
    const tail = new TranscriptTail(file);
    await tail.readNew();
    writeFileSync(file, prompt('u1', 'bbbb') + prompt('u2', 'cccc', 'u1')); // same inode, longer
    const r = await tail.readNew();
    expect(r.reset).toBe('replaced');
    expect(texts(r.entries)).toEqual(['bbbb', 'cccc']);
  });

  it('notices a deleted and recreated file', async () => {
    writeFileSync(file, prompt('u1', 'one'));
    const tail = new TranscriptTail(file);
    await tail.readNew();
    rmSync(file);
    expect((await tail.readNew()).missing).toBe(true);
    writeFileSync(file, prompt('u1', 'one') + prompt('u2', 'two', 'u1'));
    const r = await tail.readNew();
    expect(r.reset).toBe('replaced');
    expect(texts(r.entries)).toEqual(['one', 'two']);
  });

  it('skips and counts malformed lines, never throws on them', async () => {
    const seen: string[] = [];
    writeFileSync(file, `${prompt('u1', 'ok')}{"type":"user",BROKEN\n42\n\n[1,2]\n${prompt('u2', 'still ok', 'u1')}`);
    const tail = new TranscriptTail(file, { onMalformed: (line) => seen.push(line) });
    const r = await tail.readNew();
    expect(texts(r.entries)).toEqual(['ok', 'still ok']);
    expect(r.malformed).toBe(3);
    expect(tail.malformedTotal).toBe(3);
    expect(seen).toEqual(['{"type":"user",BROKEN', '42', '[1,2]']);
  });

  it('reads big appends in several chunks', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => prompt(`u${i}`, `prompt ${i} ${'x'.repeat(i * 7)}`));
    writeFileSync(file, lines.join(''));
    const tail = new TranscriptTail(file, { chunkSize: 1024 });
    const r = await tail.readNew();
    expect(r.entries).toHaveLength(200);
    expect(r.entries.map((e) => e.offset)).toEqual(lines.map((_, i) => Buffer.byteLength(lines.slice(0, i).join(''))));
  });

  it('gives uuid-less records an id from their byte offset', async () => {
    const mode = `${JSON.stringify({ type: 'mode', mode: 'normal', sessionId: 's' })}\n`;
    writeFileSync(file, mode + mode);
    const r = await tail0(file);
    expect(r.map((e) => e.id)).toEqual(['mode@0', `mode@${Buffer.byteLength(mode)}`]);
  });

  it('readTranscriptFile parses a final line without newline', async () => {
    writeFileSync(file, prompt('u1', 'one') + prompt('u2', 'two', 'u1').trimEnd());
    const r = await readTranscriptFile(file);
    expect(texts(r.entries)).toEqual(['one', 'two']);
    expect((await readTranscriptFile(join(dir, 'nope.jsonl'))).missing).toBe(true);
  });
});

async function tail0(path: string): Promise<TranscriptEntry[]> {
  return (await new TranscriptTail(path).readNew()).entries;
}

describe('LineDecoder', () => {
  it('reports line offsets across chunk boundaries', () => {
    const d = new LineDecoder(100);
    const got: [string, number][] = [];
    const on = (l: string, o: number): void => void got.push([l, o]);
    d.push(Buffer.from('ab'), on);
    d.push(Buffer.from('c\nde'), on);
    d.push(Buffer.from('f\ng\n'), on);
    d.push(Buffer.from('tail'), on);
    expect(got).toEqual([
      ['abc', 100],
      ['def', 104],
      ['g', 108],
    ]);
    expect(d.pendingBytes).toBe(4);
    d.flush(on);
    expect(got.at(-1)).toEqual(['tail', 110]);
  });

  it('does not keep a reference to a reused buffer', () => {
    const d = new LineDecoder();
    const got: string[] = [];
    const buf = Buffer.from('hello');
    d.push(buf, (l) => got.push(l));
    buf.fill(0x7a);
    d.push(Buffer.from('!\n'), (l) => got.push(l));
    expect(got).toEqual(['hello!']);
  });
});
