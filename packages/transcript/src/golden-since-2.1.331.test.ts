import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTranscript } from './transcript.js';
import type { TranscriptEntry } from './types.js';

/** Facts of the 2.1.331 and 2.1.332 captures (`fixtures/claude-code/<version>/jsonl/`) that the state detector and core rely on. */
const here = dirname(fileURLToPath(import.meta.url));

const of = <K extends TranscriptEntry['kind']>(es: readonly TranscriptEntry[], kind: K) =>
  es.filter((e): e is Extract<TranscriptEntry, { kind: K }> => e.kind === kind);

describe.each(['2.1.331', '2.1.332'])('fixture facts (%s)', (version) => {
  const root = resolve(here, '../../..', `fixtures/claude-code/${version}/jsonl`);
  const file = (scenario: string, nn: string) => join(root, scenario, `cccccccc-0000-4000-8000-0000000000${nn}.jsonl`);
  it('still closes a completed turn with system/turn_duration, never an interrupted one', async () => {
    const t = await openTranscript(file('main-default-mode', '04'));
    const turns = t.usage().byTurn;
    expect(turns.map((x) => x.prompt)).toEqual([
      'say hello please',
      'please answer KWSLOW12 slowly',
      'please KWSLEEP now',
      'please answer KWSLOW30 slowly',
      'please KWBASH now',
    ]);
    expect(turns.map((x) => x.endedBy)).toEqual(['turn_end', 'turn_end', 'turn_end', 'interrupted', 'turn_end']);
    expect(turns.map((x) => x.completed)).toEqual([true, true, true, false, true]);
    expect(of(t.entries(), 'turn_end').every((e) => e.durationMs !== null && e.messageCount !== null)).toBe(true);
  });

  it('writes an interrupted stream with the real model and isAbortedMidStream (no <synthetic>), then the interrupt', async () => {
    const t = await openTranscript(file('main-default-mode', '04'));
    const es = t.entries();
    const [partial, ...more] = of(es, 'partial_answer');
    expect(more).toEqual([]);
    expect(partial!.message.model).toBe('claude-opus-5-5');
    expect(partial!.message.stopReason).toBeNull();
    expect(partial!.text.startsWith('word0 word1')).toBe(true);
    expect(es.some((e) => 'message' in e && e.message.model === '<synthetic>')).toBe(false);
    const [interrupt] = of(es, 'interrupted');
    expect(interrupt).toMatchObject({
      forToolUse: false,
      parentUuid: partial!.uuid,
      interruptedMessageId: partial!.message.messageId,
    });
    expect(t.summary().lastAssistantText).toBe(of(es, 'assistant_text').at(-1)!.text);
  });

  it('counts the partial answer usage as written; cost-state also counts the rest of that stream', async () => {
    const u = (await openTranscript(file('main-default-mode', '04'))).usage();
    const reported = u.reported?.byModel['claude-opus-5-5'];
    expect(u.total.messages).toBe(7);
    expect(reported).toMatchObject({
      inputTokens: u.total.inputTokens,
      cacheReadInputTokens: u.total.cacheReadInputTokens,
    });
    expect(reported!.outputTokens).toBeGreaterThan(u.total.outputTokens); // the rest of the aborted stream
    if (version !== '2.1.331') return; // the figures of that one capture (token counts follow the request sizes)
    expect(u.total).toMatchObject({ inputTokens: 3007, outputTokens: 176, cacheReadInputTokens: 94087 });
    expect(reported).toMatchObject({ outputTokens: 185 });
    expect(u.reported?.totalCostUsd).toBeCloseTo(0.0345454, 7);
  });

  it('ends a turn that failed with an API error with the api_error entry: no turn_duration any more', async () => {
    const t = await openTranscript(file('api-errors', '11'));
    const errors = of(t.entries(), 'api_error');
    expect(errors.map((e) => [e.status, e.error, e.errorType])).toEqual([
      [500, 'server_error', 'api_error'],
      [529, 'server_error', 'overloaded_error'],
      [429, 'rate_limit', 'rate_limit_error'],
      [400, 'unknown', 'invalid_request_error'],
    ]);
    expect(errors.every((e) => e.message.model === '<synthetic>')).toBe(true);
    expect(of(t.entries(), 'turn_end')).toEqual([]);
    expect(t.usage().byTurn.map((x) => [x.endedBy, x.completed])).toEqual(Array(4).fill(['api_error', false]));
    expect(t.summary()).toMatchObject({ apiErrors: 4, turnsCompleted: 0, prompts: 4 });
    expect(t.usage().total.messages).toBe(0);
    expect(t.usage().reported?.totalCostUsd).toBe(0);
  });

  it('runs no stop hook and writes no turn_duration after a final API error (http hooks)', async () => {
    const t = await openTranscript(file('http-hooks', '13'));
    expect(t.usage().byTurn.map((x) => x.endedBy)).toEqual(['turn_end', 'turn_end', 'turn_end', 'api_error']);
    expect(of(t.entries(), 'stop_hook_summary')).toHaveLength(3);
    expect(of(t.entries(), 'attachment').filter((a) => a.attachmentType === 'hook_success')).toHaveLength(7);
  });

  it('writes an api-request per request sent: retries repeat the digest, before any response or error', async () => {
    const t = await openTranscript(file('api-retry', '12'));
    const requests = of(t.entries(), 'api_request').filter((e) => e.part === 'request');
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((e) => e.requestDigest)).size).toBe(1);
    expect(requests.slice(1).map((e) => e.baseRequestRef)).toEqual(requests.slice(0, -1).map((e) => e.requestRef));
    expect(t.entries().filter((e) => e.role === 'assistant')).toEqual([]);
    expect(t.usage().byTurn.map((x) => x.endedBy)).toEqual([null]);
  });

  it('links each assistant record to its api-request by requestRef', async () => {
    const t = await openTranscript(file('main-default-mode', '04'));
    const refs = new Set(of(t.entries(), 'api_request').map((e) => e.requestRef));
    const assistants = t.entries().filter((e) => e.role === 'assistant');
    expect(assistants.length).toBeGreaterThan(0);
    for (const a of assistants) expect('message' in a && refs.has(a.message.requestRef)).toBe(true);
  });

  it('answers a permission "No" with an error tool_result and an interrupt for tool use', async () => {
    const t = await openTranscript(file('permissions-default-mode', '06'));
    expect(t.usage().byTurn.map((x) => x.endedBy)).toEqual([
      'turn_end',
      'interrupted',
      'interrupted',
      'turn_end',
      'turn_end',
    ]);
    const denied = of(t.entries(), 'tool_result').filter((e) => e.toolUseResult === 'User rejected tool use');
    expect(denied).toHaveLength(2);
    expect(denied.every((e) => e.isError)).toBe(true);
    expect(of(t.entries(), 'interrupted').map((e) => e.forToolUse)).toEqual([true, true]);
    expect(of(t.entries(), 'file_history_delta').map((e) => e.trackingPath)).toEqual(['hello.txt', 'notes.txt']);
  });

  it('types the new metadata and attachment records', async () => {
    const t = await openTranscript(file('plan-mode', '09'));
    expect([...new Set(of(t.entries(), 'session_meta').map((e) => e.recordType))].sort()).toEqual([
      'agent-name',
      'ai-title',
      'atis-latch',
    ]);
    expect(of(t.entries(), 'session_meta').find((e) => e.recordType === 'ai-title')?.data.aiTitle).toEqual(
      expect.any(String),
    );
    const u = t.usage();
    // the title request leaves no assistant record, but Claude Code's own figure counts it
    expect(u.reported!.byModel['claude-opus-5-5']!.inputTokens).toBeGreaterThan(u.total.inputTokens);
    const types = new Set<string>();
    for (const dir of readdirSync(root, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const f of readdirSync(join(root, dir.name))) {
        for (const e of (await openTranscript(join(root, dir.name, f))).entries())
          if (e.kind === 'attachment') types.add(e.attachmentType);
      }
    }
    for (const a of [
      'environment',
      'model',
      'deferred_tools_delta',
      'auto_mode',
      'session_context',
      'date',
      'remote_session_change',
      'prompt_snapshot',
    ]) {
      expect(types).toContain(a);
    }
  });
});
