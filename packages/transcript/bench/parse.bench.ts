/**
 * Incremental parse throughput on a generated 200 MB transcript, and the cost of reading 1 KB appended to a
 * 1 MB vs a 200 MB file. Prints figures, asserts nothing. Files go to os.tmpdir() and are deleted afterwards.
 *   pnpm --filter @aegis/transcript bench   (AEGIS_BENCH_MB=… to change the size, AEGIS_BENCH_PARSE_RUNS=… the full reads;
 *   AEGIS_BENCH_JSON=<file> also writes the figures as JSON for the root `pnpm bench` report)
 */
import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LineDecoder, TranscriptTail, parseLine } from '../src/index.js';

const MB = 1024 * 1024;
const TARGET_MB = Number(process.env.AEGIS_BENCH_MB ?? 200);
const PARSE_RUNS = Number(process.env.AEGIS_BENCH_PARSE_RUNS ?? 3);
const figures: Array<Record<string, unknown>> = [];
const SESSION = 'bbbbbbbb-0000-4000-8000-000000000001';
const ENV = {
  userType: 'external',
  entrypoint: 'cli',
  cwd: '/home/user/project',
  sessionId: SESSION,
  version: '2.1.197',
  gitBranch: 'main',
};
const USAGE = {
  input_tokens: 1234,
  cache_creation_input_tokens: 512,
  cache_read_input_tokens: 20480,
  output_tokens: 321,
  server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
  service_tier: 'standard',
  cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 512 },
};
const CODE = Array.from(
  { length: 120 },
  (_, i) =>
    `${i + 1}\texport function step${i}(value: number): number { return value * ${i} + 1; } // "quoted" ünïcode ✓`,
).join('\n');

let n = 0;
/** One turn of realistic records: prompt, attachment, text + tool_use, a big tool result, reply, turn end, bookkeeping. */
function turn(parent: string | null): { lines: string[]; last: string } {
  const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, n++)).toISOString();
  const [p, at, a1, a2, r, a3, e] = Array.from({ length: 7 }, () => randomUUID());
  const msg = `msg_${n}`;
  const req = `req_${n}`;
  const base = (uuid: string, parentUuid: string | null) => ({
    parentUuid,
    isSidechain: false,
    uuid,
    timestamp: ts,
    ...ENV,
  });
  const lines = [
    {
      type: 'file-history-snapshot',
      messageId: p,
      snapshot: { messageId: p, trackedFileBackups: {}, timestamp: ts },
      isSnapshotUpdate: false,
    },
    {
      ...base(p!, parent),
      type: 'user',
      promptId: randomUUID(),
      message: { role: 'user', content: `please refactor module ${n} and run the tests, then summarise what changed` },
      permissionMode: 'default',
      origin: { kind: 'human' },
      promptSource: 'typed',
    },
    {
      ...base(at!, p!),
      type: 'attachment',
      attachment: {
        type: 'task_reminder',
        content: [{ id: '1', subject: 'refactor', status: 'in_progress' }],
        itemCount: 1,
      },
    },
    {
      ...base(a1!, at!),
      type: 'assistant',
      requestId: req,
      message: {
        id: msg,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'text', text: `I'll look at the module first. ${'Reasoning about the change. '.repeat(20)}` },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: USAGE,
      },
    },
    {
      ...base(a2!, a1!),
      type: 'assistant',
      requestId: req,
      message: {
        id: msg,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          {
            type: 'tool_use',
            id: `toolu_${n}`,
            name: 'Read',
            input: { file_path: `/home/user/project/src/module${n}.ts` },
          },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: USAGE,
      },
    },
    {
      ...base(r!, a2!),
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: `toolu_${n}`, type: 'tool_result', content: CODE }] },
      toolUseResult: {
        type: 'text',
        file: {
          filePath: `/home/user/project/src/module${n}.ts`,
          content: CODE,
          numLines: 120,
          startLine: 1,
          totalLines: 120,
        },
      },
      sourceToolAssistantUUID: a2,
    },
    {
      ...base(a3!, r!),
      type: 'assistant',
      requestId: `${req}b`,
      message: {
        id: `${msg}b`,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'text', text: `Done. ${'The module now computes each step in one place. '.repeat(12)}` }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: USAGE,
      },
    },
    { ...base(e!, a3!), type: 'system', subtype: 'turn_duration', durationMs: 5321, messageCount: 7, isMeta: false },
    { type: 'last-prompt', lastPrompt: 'please refactor', leafUuid: e, sessionId: SESSION },
    { type: 'permission-mode', permissionMode: 'default', sessionId: SESSION },
  ].map((o) => `${JSON.stringify(o)}\n`);
  return { lines, last: e! };
}

function generate(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  let written = 0;
  let parent: string | null = null;
  let buf: string[] = [];
  let pending = 0;
  while (written + pending < bytes) {
    const t = turn(parent);
    parent = t.last;
    for (const l of t.lines) {
      buf.push(l);
      pending += Buffer.byteLength(l);
    }
    if (pending > 8 * MB) {
      written += writeSync(fd, buf.join(''));
      buf = [];
      pending = 0;
    }
  }
  written += writeSync(fd, buf.join(''));
  closeSync(fd);
  return written;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function fullRead(path: string, size: number): Promise<void> {
  const runs: number[] = [];
  let entries = 0;
  for (let i = 0; i < PARSE_RUNS; i++) {
    const t0 = performance.now();
    const r = await new TranscriptTail(path).readNew();
    runs.push(performance.now() - t0);
    entries = r.entries.length;
  }
  const best = Math.min(...runs);
  const rates = runs.map((ms) => size / MB / (ms / 1000));
  figures.push({
    id: 'transcript.parse',
    label: `transcript: full parse of ${(size / MB).toFixed(0)} MB (read+split+JSON+typing)`,
    unit: 'MB/s',
    better: 'higher',
    samples: rates,
    n: rates.length,
  });
  console.log(
    `tail.readNew() from 0 (read + split + decode + JSON.parse + type), ${(size / MB).toFixed(0)} MB, ${entries} entries:`,
  );
  console.log(
    `  runs ${runs.map((t) => `${t.toFixed(0)} ms`).join(', ')} → best ${(size / MB / (best / 1000)).toFixed(0)} MB/s, median ${(size / MB / (median(runs) / 1000)).toFixed(0)} MB/s`,
  );

  const data = readFileSync(path);
  const stages: Record<string, number> = {};
  let t0 = performance.now();
  let lines = 0;
  new LineDecoder().push(data, () => lines++);
  stages['split + utf8 decode'] = performance.now() - t0;
  const text: string[] = [];
  new LineDecoder().push(data, (l) => text.push(l));
  t0 = performance.now();
  for (const l of text) JSON.parse(l);
  stages['JSON.parse only'] = performance.now() - t0;
  t0 = performance.now();
  for (const l of text) parseLine(l);
  stages['JSON.parse + typing'] = performance.now() - t0;
  for (const [k, ms] of Object.entries(stages))
    console.log(
      `  ${k.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${(size / MB / (ms / 1000)).toFixed(0).padStart(6)} MB/s`,
    );
}

async function appendCost(path: string, label: string): Promise<void> {
  const tail = new TranscriptTail(path, { startOffset: statSync(path).size });
  const one = turn(null).lines.find((l) => l.includes('"turn_duration"'))!;
  const pad = one.replace(
    '"isMeta":false',
    `"isMeta":false,"pad":"${'x'.repeat(Math.max(0, 1024 - Buffer.byteLength(one) - 10))}"`,
  );
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    appendFileSync(path, pad);
    const t0 = performance.now();
    const r = await tail.readNew();
    times.push(performance.now() - t0);
    if (r.entries.length !== 1) throw new Error(`expected 1 entry, got ${r.entries.length}`);
  }
  const warm = times.slice(50);
  figures.push({
    id: `transcript.append.${label.replace(/\s+/g, '')}`,
    label: `transcript: read 1 KB appended to ${label}`,
    unit: 'µs',
    samples: warm.map((t) => Math.round(t * 1000 * 10) / 10),
    n: warm.length,
  });
  console.log(
    `  ${label.padEnd(8)} ${Buffer.byteLength(pad)} B appended: median ${(median(warm) * 1000).toFixed(0)} µs, p95 ${(pct(warm, 0.95) * 1000).toFixed(0)} µs`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'aegis-transcript-bench-'));
try {
  const big = join(dir, 'big.jsonl');
  const small = join(dir, 'small.jsonl');
  console.log(`generating ${TARGET_MB} MB transcript in ${dir} …`);
  const size = generate(big, TARGET_MB * MB);
  generate(small, MB);
  await fullRead(big, size);
  console.log('reading one appended record (tail positioned at the end; 250 warm samples):');
  await appendCost(small, '1 MB');
  await appendCost(big, `${TARGET_MB} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.AEGIS_BENCH_JSON)
  writeFileSync(process.env.AEGIS_BENCH_JSON, JSON.stringify({ benchmark: 'transcript parse', figures }));
