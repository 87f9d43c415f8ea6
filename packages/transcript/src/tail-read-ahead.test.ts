import { describe, expect, it } from 'vitest';
import { parseLine } from './parse.js';
import { TranscriptTail, type TailFileHandle, type TailFileSystem } from './tail.js';
import type { TranscriptEntry } from './types.js';

/**
 * A file held in memory; `failRead` makes the n-th read (from 1) reject, `size` overrides what stat reports, `maxRead`
 * caps the bytes one read returns.
 */
function memoryFs(
  data: Buffer,
  opts: { failRead?: number; size?: number; maxRead?: number } = {},
): TailFileSystem & { log: string[] } {
  const log: string[] = [];
  let reads = 0;
  const handle: TailFileHandle = {
    stat: async () => ({ size: opts.size ?? data.length, ino: 1, dev: 1 }),
    read: async (buffer, offset, length, position) => {
      reads++;
      log.push(`read ${position}`);
      await new Promise((r) => setTimeout(r, 1));
      if (reads === opts.failRead) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      const n = data.copy(
        buffer,
        offset,
        position,
        Math.min(data.length, position + Math.min(length, opts.maxRead ?? length)),
      );
      log.push(`done ${position}`);
      return { bytesRead: n };
    },
    close: async () => void log.push('close'),
  };
  return { log, open: async () => handle };
}

const CODE = Array.from({ length: 60 }, (_, i) => `${i}\tconst s = "quoted \\\\ ünïcode ✓ 🚀";`).join('\n');
const LINES = [
  JSON.stringify({ type: 'user', uuid: 'u1', sessionId: 's', message: { role: 'user', content: 'héllo 🎉 wörld' } }),
  JSON.stringify({
    type: 'user',
    uuid: 'u2',
    parentUuid: 'u1',
    message: { role: 'user', content: [{ tool_use_id: 't1', type: 'tool_result', content: CODE }] },
    toolUseResult: { type: 'text', file: { filePath: '/x.ts', content: CODE } },
  }),
  '{"type":"user",BROKEN',
  JSON.stringify({ type: 'mode', mode: 'normal', sessionId: 's' }),
  `${JSON.stringify({ type: 'user', uuid: 'u3', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: CODE }] } }).slice(0, -30)}`,
  JSON.stringify({ type: 'user', uuid: 'u4', message: { role: 'user', content: `🚀${'é'.repeat(3000)}` } }),
];
const TEXT = Buffer.from(`${LINES.join('\n')}\n`);

function fullParse(): { entries: TranscriptEntry[]; malformed: number } {
  let offset = 0;
  let malformed = 0;
  const entries = LINES.flatMap((l) => {
    const got = parseLine(l, { offset });
    offset += Buffer.byteLength(l) + 1;
    if (got === null) malformed++;
    return got ?? [];
  });
  return { entries, malformed };
}

describe('TranscriptTail reading ahead', () => {
  it('gives the entries of a full parse whatever the chunk size (lines and UTF-8 characters cut at chunk edges)', async () => {
    const expected = fullParse();
    expect(expected.malformed).toBe(2);
    for (const chunkSize of [1024, 1025, 1031, 2048, 4096, 5000, 1 << 20]) {
      const r = await new TranscriptTail('t.jsonl', { fs: memoryFs(TEXT), chunkSize }).readNew();
      expect(r.entries).toEqual(expected.entries);
      expect(JSON.stringify(r.entries)).toBe(JSON.stringify(expected.entries));
      expect(r.malformed).toBe(expected.malformed);
      expect(r.bytesRead).toBe(TEXT.length);
    }
  });

  it('reads the next chunk while it parses this one, in file order', async () => {
    const fs = memoryFs(TEXT);
    const tail = new TranscriptTail('t.jsonl', { fs, chunkSize: 1024, onMalformed: () => fs.log.push('malformed') });
    await tail.readNew();
    const chunks = Math.ceil(TEXT.length / 1024);
    const reads = fs.log.filter((l) => l.startsWith('read '));
    expect(reads.slice(0, chunks)).toEqual(Array.from({ length: chunks }, (_, i) => `read ${i * 1024}`));
    // The broken line is handed out while its chunk is parsed: the following chunk is already asked for.
    const newline = TEXT.indexOf('\n', TEXT.indexOf('BROKEN'));
    const next = (Math.floor(newline / 1024) + 1) * 1024;
    expect(fs.log.indexOf(`read ${next}`)).toBeLessThan(fs.log.indexOf('malformed'));
    expect(fs.log.at(-1)).toBe('close');
  });

  it('goes on after a read that returns fewer bytes than asked for', async () => {
    const fs = memoryFs(TEXT, { maxRead: 700 });
    const r = await new TranscriptTail('t.jsonl', { fs, chunkSize: 1024 }).readNew();
    expect(r.bytesRead).toBe(TEXT.length);
    expect(r.entries).toEqual(fullParse().entries);
  });

  it('stops where the file ends when it shrank after stat', async () => {
    const fs = memoryFs(TEXT, { size: TEXT.length + 5000 });
    const tail = new TranscriptTail('t.jsonl', { fs, chunkSize: 4096 });
    const r = await tail.readNew();
    expect(r.bytesRead).toBe(TEXT.length);
    expect(r.entries).toEqual(fullParse().entries);
    expect(tail.offset).toBe(TEXT.length);
  });

  it('fails with READ_FAILED when a read ahead fails, and closes the file', async () => {
    const fs = memoryFs(TEXT, { failRead: 2 });
    const tail = new TranscriptTail('t.jsonl', { fs, chunkSize: 1024 });
    await expect(tail.readNew()).rejects.toMatchObject({ code: 'AEGIS_TRANSCRIPT_READ_FAILED' });
    expect(fs.log).toContain('close');
  });

  it('lets an error thrown by onMalformed through while a read ahead is pending, without an unhandled rejection', async () => {
    // Chunk n ends the broken line; read n + 3 (from 1, chunk n + 2) is asked for just before chunk n is parsed.
    const failRead = Math.floor(TEXT.indexOf('\n', TEXT.indexOf('BROKEN')) / 1024) + 3;
    const fs = memoryFs(TEXT, { failRead });
    const tail = new TranscriptTail('t.jsonl', {
      fs,
      chunkSize: 1024,
      onMalformed: () => {
        throw new Error('caller bug');
      },
    });
    await expect(tail.readNew()).rejects.toMatchObject({ code: 'AEGIS_TRANSCRIPT_READ_FAILED' });
    await new Promise((r) => setTimeout(r, 20));
    expect(fs.log).toContain('close');
  });
});
