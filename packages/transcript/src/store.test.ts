import { describe, expect, it } from 'vitest';
import { parseRecord } from './parse.js';
import { TranscriptStore, orderBatch } from './store.js';
import type { TranscriptEntry } from './types.js';

let offset = 0;
function rec(record: Record<string, unknown>): TranscriptEntry[] {
  return parseRecord(
    { sessionId: 's', isSidechain: false, timestamp: '2026-01-01T00:00:00.000Z', ...record },
    { offset: offset++ },
  )!;
}
const prompt = (uuid: string, parentUuid: string | null, text: string) =>
  rec({ type: 'user', uuid, parentUuid, message: { role: 'user', content: text } });
const reply = (uuid: string, parentUuid: string, text: string) =>
  rec({
    type: 'assistant',
    uuid,
    parentUuid,
    requestId: `r-${uuid}`,
    message: {
      id: `m-${uuid}`,
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text }],
      usage: { input_tokens: 1, output_tokens: 1 },
    },
  });
const toolUse = (uuid: string, parentUuid: string) =>
  rec({
    type: 'assistant',
    uuid,
    parentUuid,
    message: {
      id: `m-${uuid}`,
      model: 'm',
      content: [
        { type: 'text', text: 'running' },
        { type: 'tool_use', id: `t-${uuid}`, name: 'Bash', input: {} },
      ],
    },
  });
const turnEnd = (uuid: string, parentUuid: string) =>
  rec({ type: 'system', subtype: 'turn_duration', uuid, parentUuid, durationMs: 1 });
const mode = () => rec({ type: 'mode', mode: 'normal' });

/** A short conversation: p1 → a1 → t1, p2 → a2 (tool) → r2 → t2. */
function conversation(): TranscriptEntry[] {
  return [
    ...prompt('p1', null, 'first'),
    ...reply('a1', 'p1', 'one'),
    ...turnEnd('t1', 'a1'),
    ...prompt('p2', 't1', 'second'),
    ...toolUse('a2', 'p2'),
    ...rec({
      type: 'user',
      uuid: 'r2',
      parentUuid: 'a2',
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't-a2', content: 'ok' }] },
    }),
    ...reply('a3', 'r2', 'two'),
    ...turnEnd('t2', 'a3'),
  ];
}

describe('orderBatch', () => {
  it('puts a record after its parent when the file wrote it first (first-turn flush)', () => {
    const batch = [
      ...mode(),
      ...reply('a1', 'att', 'hi'),
      ...turnEnd('t1', 'a1'),
      ...prompt('p1', null, 'hello'),
      ...rec({ type: 'attachment', uuid: 'att', parentUuid: 'p1', attachment: { type: 'skill_listing' } }),
    ];
    expect(orderBatch(batch).map((e) => e.uuid ?? e.kind)).toEqual(['mode', 'p1', 'att', 'a1', 't1']);
  });

  it('keeps the entries of one record together and survives cycles', () => {
    const batch = [...toolUse('x', 'y'), ...reply('y', 'x', 'cycle'), ...prompt('z', null, 'z')];
    const out = orderBatch(batch);
    expect(out).toHaveLength(4);
    expect(new Set(out.map((e) => e.id)).size).toBe(4);
    const ix = out.map((e) => e.id);
    expect(Math.abs(ix.indexOf('x') - ix.indexOf('x:1'))).toBe(1);
  });
});

describe('TranscriptStore', () => {
  it('pages backwards by default and forwards after a cursor, without consuming', () => {
    const s = new TranscriptStore();
    s.add(conversation());
    const last = s.page({ limit: 3 });
    expect(last.entries.map((e) => e.id)).toEqual(['r2', 'a3', 't2']);
    expect(last).toMatchObject({ hasMoreBefore: true, hasMoreAfter: false });
    const next = s.page({ after: 'a1', limit: 2 });
    expect(next.entries.map((e) => e.id)).toEqual(['t1', 'p2']);
    expect(next).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });
    // a second reader sees the same thing
    expect(s.page({ after: 'a1', limit: 2 }).entries.map((e) => e.id)).toEqual(['t1', 'p2']);
    expect(s.page({ before: 'p2', limit: 2 }).entries.map((e) => e.id)).toEqual(['a1', 't1']);
    expect(s.page({ after: 'p1', before: 'p2' }).entries.map((e) => e.id)).toEqual(['a1', 't1']);
  });

  it("treats a uuid cursor as the record's first entry, so a page cut inside a record continues with its next block", () => {
    const s = new TranscriptStore();
    s.add(conversation());
    expect(s.page({ after: 'a2', limit: 1 }).entries.map((e) => e.id)).toEqual(['a2:1']);
    expect(s.page({ after: 'a2:1', limit: 1 }).entries.map((e) => e.id)).toEqual(['r2']);
    expect(s.page({ before: 'a2', limit: 1 }).entries.map((e) => e.id)).toEqual(['p2']);
    expect(s.get('a2')?.kind).toBe('assistant_text');
    expect(s.get('a2:1')?.kind).toBe('tool_use');
  });

  it('filters by role and kind', () => {
    const s = new TranscriptStore();
    s.add(conversation());
    expect(s.page({ roles: ['user', 'assistant'] }).entries.map((e) => e.id)).toEqual([
      'p1',
      'a1',
      'p2',
      'a2',
      'a2:1',
      'a3',
    ]);
    expect(s.page({ roles: ['tool'] }).entries.map((e) => e.id)).toEqual(['r2']);
    const texts = s.page({ kinds: ['assistant_text'], after: 'p1', limit: 1 });
    expect(texts.entries.map((e) => e.id)).toEqual(['a1']);
    expect(texts).toMatchObject({ hasMoreBefore: false, hasMoreAfter: true });
  });

  it('keeps cursors stable as entries are appended', () => {
    const s = new TranscriptStore();
    const all = conversation();
    s.add(all.slice(0, 3));
    const first = s.page({ limit: 10 });
    const cursor = first.entries.at(-1)!.id;
    s.add(all.slice(3));
    expect(s.page({ after: cursor, limit: 2 }).entries.map((e) => e.id)).toEqual(['p2', 'a2']);
  });

  it('throws a coded error for an unknown cursor', () => {
    const s = new TranscriptStore();
    s.add(conversation());
    expect(() => s.page({ after: 'nope' })).toThrow(
      expect.objectContaining({ code: 'AEGIS_TRANSCRIPT_CURSOR_NOT_FOUND', subject: 'nope' }),
    );
  });

  it('skips duplicates and clears', () => {
    const s = new TranscriptStore();
    s.add(conversation());
    expect(s.add(prompt('p1', null, 'first again'))).toEqual([]);
    expect(s.duplicates).toBe(1);
    s.clear();
    expect(s.size).toBe(0);
  });

  it('walks the live thread, leaving dead branches out', () => {
    const s = new TranscriptStore();
    s.add([
      ...conversation(),
      ...prompt('dead', 't2', 'cancelled'),
      ...prompt('p3', 't2', 'third'),
      ...reply('a4', 'p3', 'three'),
    ]);
    const ids = s.thread().map((e) => e.id);
    expect(ids).not.toContain('dead');
    expect(ids).toEqual(['p1', 'a1', 't1', 'p2', 'a2', 'a2:1', 'r2', 'a3', 't2', 'p3', 'a4']);
    expect(
      s
        .thread({ leaf: 'dead' })
        .map((e) => e.id)
        .at(-1),
    ).toBe('dead');
  });

  it('crosses a compaction boundary through logicalParentUuid unless told not to', () => {
    const s = new TranscriptStore();
    s.add([
      ...conversation(),
      ...rec({
        type: 'system',
        subtype: 'compact_boundary',
        uuid: 'cb',
        parentUuid: null,
        logicalParentUuid: 't2',
        compactMetadata: { trigger: 'manual' },
      }),
      ...prompt('p9', 'cb', 'after compact'),
    ]);
    expect(
      s
        .thread()
        .map((e) => e.id)
        .at(0),
    ).toBe('p1');
    expect(s.thread({ acrossCompaction: false }).map((e) => e.id)).toEqual(['cb', 'p9']);
  });
});
