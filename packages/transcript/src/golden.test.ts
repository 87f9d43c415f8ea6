import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTranscript } from './transcript.js';
import { startsTurn, turnResolver } from './usage.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
/** The repository's captures: `fixtures/claude-code/<version>/jsonl/`. */
const ours = resolve(repo, 'fixtures/claude-code');
const roots = readdirSync(ours)
  .sort()
  .filter((v) => existsSync(join(ours, v, 'jsonl')))
  .map((v) => join(ours, v, 'jsonl'));

/** Files in the fixture folders that are not transcripts (the config dir's prompt history). */
const NOT_TRANSCRIPTS = /(^|-)history\.jsonl$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.jsonl') ? [join(dir, d.name)] : []));
}

type Raw = Record<string, any>;

function rawRecords(file: string): Raw[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Raw);
}

/** Token sums straight from the JSON: one usage per distinct (message.id, requestId), synthetic skipped. */
function rawTokenTotals(records: Raw[]): { input: number; output: number; cacheCreation: number; cacheRead: number } {
  const seen = new Map<string, Raw>();
  for (const r of records) {
    if (r.type !== 'assistant' || r.message?.usage == null || r.message.model === '<synthetic>') continue;
    const key = `${r.message.id}\u0000${r.requestId}`;
    const prev = seen.get(key);
    // Fixture fact: every record of one API message repeats the same usage.
    if (prev !== undefined) expect(r.message.usage).toEqual(prev);
    else seen.set(key, r.message.usage);
  }
  const t = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };
  for (const u of seen.values()) {
    t.input += u.input_tokens ?? 0;
    t.output += u.output_tokens ?? 0;
    t.cacheCreation += u.cache_creation_input_tokens ?? 0;
    t.cacheRead += u.cache_read_input_tokens ?? 0;
  }
  return t;
}

describe.each(roots)('golden transcripts in %s', (root) => {
  const files = existsSync(root) ? walk(root).filter((f) => !NOT_TRANSCRIPTS.test(basename(f))) : [];

  it('has transcripts', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe.each(files.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    it('parses every line into known entries, nothing dropped', async () => {
      const t = await openTranscript(file);
      const records = rawRecords(file);
      expect(t.malformed).toBe(0);
      expect(t.entries().filter((e) => e.kind === 'unknown')).toEqual([]);
      expect(t.store.duplicates).toBe(0);
      // every line produced at least one entry
      expect(new Set(t.entries().map((e) => e.offset)).size).toBe(records.length);
      // ids are unique, uuids are kept
      expect(new Set(t.entries().map((e) => e.id)).size).toBe(t.entries().length);
      const uuids = new Set(records.filter((r) => typeof r.uuid === 'string').map((r) => r.uuid as string));
      expect(new Set(t.entries().flatMap((e) => (e.uuid === null ? [] : [e.uuid])))).toEqual(uuids);
    });

    it('pairs every tool_use with its tool_result', async () => {
      const t = await openTranscript(file);
      const uses = new Map<string, number>();
      const results = new Map<string, number>();
      for (const e of t.entries()) {
        if (e.kind === 'tool_use') uses.set(e.toolUseId, (uses.get(e.toolUseId) ?? 0) + 1);
        if (e.kind === 'tool_result') results.set(e.toolUseId, (results.get(e.toolUseId) ?? 0) + 1);
      }
      expect(results).toEqual(uses);
      const rawUses = rawRecords(file).flatMap((r) =>
        r.type === 'assistant' && Array.isArray(r.message?.content)
          ? r.message.content.filter((b: Raw) => b.type === 'tool_use')
          : [],
      );
      expect([...uses.values()].reduce((a, b) => a + b, 0)).toBe(rawUses.length);
    });

    it('finds every turn boundary and ties it to its prompt', async () => {
      const t = await openTranscript(file);
      const records = rawRecords(file);
      const rawTurnEnds = records.filter((r) => r.type === 'system' && r.subtype === 'turn_duration').length;
      const ends = t.entries().filter((e) => e.kind === 'turn_end');
      expect(ends.length).toBe(rawTurnEnds);
      const turnOf = turnResolver(t.entries());
      for (const e of ends) expect(turnOf(e.uuid), `turn_end ${e.id} reaches a prompt`).not.toBeNull();
      const usage = t.usage();
      expect(usage.byTurn.filter((x) => x.completed).length).toBe(new Set(ends.map((e) => turnOf(e.uuid))).size);
      expect(usage.byTurn.length).toBe(t.entries().filter(startsTurn).length);
    });

    it('sums tokens exactly as the records say', async () => {
      const t = await openTranscript(file);
      const raw = rawTokenTotals(rawRecords(file));
      const u = t.usage();
      expect({
        input: u.total.inputTokens,
        output: u.total.outputTokens,
        cacheCreation: u.total.cacheCreationInputTokens,
        cacheRead: u.total.cacheReadInputTokens,
      }).toEqual(raw);
      const parts = [...Object.values(u.byModel)];
      expect(parts.reduce((a, m) => a + m.outputTokens, 0)).toBe(raw.output);
      const turns = [...u.byTurn, u.unattributed];
      expect(turns.reduce((a, m) => a + m.inputTokens, 0)).toBe(raw.input);
      expect(turns.reduce((a, m) => a + m.outputTokens, 0)).toBe(raw.output);
      // `cost-state` (2.1.331+) is Claude Code's own cumulative figure: reported, never added to the sums above.
      const costStates = rawRecords(file).filter((r) => r.type === 'cost-state');
      if (costStates.length === 0) expect(u.reported).toBeNull();
      else {
        expect(u.reported?.totalCostUsd).toBe(costStates.at(-1)!.totalCostUSD);
        for (const [model, m] of Object.entries(u.byModel)) {
          const rep = u.reported!.byModel[model]!;
          expect(rep.inputTokens).toBeGreaterThanOrEqual(m.inputTokens);
          expect(rep.outputTokens).toBeGreaterThanOrEqual(m.outputTokens);
          expect(rep.cacheReadInputTokens).toBeGreaterThanOrEqual(m.cacheReadInputTokens);
        }
      }
    });

    it('reads the same entries when the file arrives in small pieces', async () => {
      const { TranscriptTail } = await import('./tail.js');
      const bytes = readFileSync(file);
      let served = 0;
      const fs = {
        open: async () => ({
          stat: async () => ({ size: served, ino: 1, dev: 1 }),
          read: async (buf: Buffer, off: number, len: number, pos: number) => {
            const n = Math.max(0, Math.min(len, served - pos));
            bytes.copy(buf, off, pos, pos + n);
            return { bytesRead: n };
          },
          close: async () => {},
        }),
      };
      const tail = new TranscriptTail(file, { fs, chunkSize: 1024 });
      const ids: string[] = [];
      for (served = 0; served < bytes.length; served = Math.min(bytes.length, served + 777)) {
        for (const e of (await tail.readNew()).entries) ids.push(e.id);
      }
      served = bytes.length;
      for (const e of (await tail.readNew()).entries) ids.push(e.id);
      const whole = await openTranscript(file);
      expect(ids.sort()).toEqual(
        whole
          .entries()
          .map((e) => e.id)
          .sort(),
      );
    });
  });
});

describe('fixture facts (2.1.197)', () => {
  const root = roots[0]!;
  const sessionB = join(
    root,
    'session-b-questions-plan-interrupt-errors-compact/aaaaaaaa-2222-4222-8222-000000000002.jsonl',
  );

  it('types the interrupt, the API errors and the compaction of session b', async () => {
    const t = await openTranscript(sessionB);
    const kinds = t.entries().map((e) => e.kind);
    expect(kinds.filter((k) => k === 'api_error')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'partial_answer')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'compact_boundary')).toHaveLength(1);
    const errors = t.entries().flatMap((e) => (e.kind === 'api_error' ? [e.status] : []));
    expect(errors).toEqual([500, 400]);
    const interrupts = t.entries().flatMap((e) => (e.kind === 'interrupted' ? [e.forToolUse] : []));
    expect(interrupts.sort()).toEqual([false, true]);
    const commands = t
      .entries()
      .flatMap((e) => (e.kind === 'local_command' ? [e.commandName ?? e.stdout?.slice(0, 5)] : []));
    expect(commands).toContain('/compact');
  });

  it('leaves the prompt cancelled before its first token out of the live thread', async () => {
    const t = await openTranscript(sessionB);
    const prompts = (es: readonly { kind: string; text?: string }[]) =>
      es.flatMap((e) => (e.kind === 'user_prompt' ? [e.text] : []));
    expect(prompts(t.entries())).toContain('please KWHANG now');
    const live = prompts(t.thread());
    expect(live).not.toContain('please KWHANG now');
    expect(live).toContain('please KWERR500 now');
    expect(live.at(0)).toBe('please KWASK me'); // across the compaction, back to the first prompt
    expect(live.at(-1)).toBe('say hello after compact');
  });

  it('orders the first turn by parentUuid although the file writes the reply first', async () => {
    const t = await openTranscript(
      join(root, 'session-a-tools-and-permissions/aaaaaaaa-1111-4111-8111-000000000001.jsonl'),
    );
    const first = t
      .entries()
      .filter((e) => e.uuid !== null)
      .slice(0, 5)
      .map((e) => e.kind);
    expect(first).toEqual(['user_prompt', 'attachment', 'attachment', 'assistant_text', 'turn_end']);
  });

  it('keeps queued prompts and queue operations', async () => {
    const t = await openTranscript(join(root, 'misc/queued-message-a77c90c5-f7ce-4c2c-970f-495afe9192bb.jsonl'));
    const ops = t.entries().flatMap((e) => (e.kind === 'queue_operation' ? [e.operation] : []));
    expect(ops).toEqual(['enqueue', 'dequeue']);
    const sources = t.entries().flatMap((e) => (e.kind === 'user_prompt' ? [e.source] : []));
    expect(sources).toEqual(['typed', 'queued']);
  });
});
