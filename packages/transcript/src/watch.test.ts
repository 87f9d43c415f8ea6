import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Transcript } from './transcript.js';
import type { TailResult } from './tail.js';
import type { TranscriptEntry } from './types.js';
import { TranscriptWatcher, type WatchFn, type WatchTimers } from './watch.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-transcript-watch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (uuid: string, text: string, parentUuid: string | null = null): string =>
  `${JSON.stringify({ type: 'user', uuid, parentUuid, sessionId: 's', message: { role: 'user', content: text } })}\n`;
const texts = (es: readonly TranscriptEntry[]): string[] =>
  es.flatMap((e) => (e.kind === 'user_prompt' ? [e.text] : []));

/** A controllable folder watch and interval. */
function fakes() {
  const watchers = new Map<string, { onChange: (f: string | null) => void; onError: (e: unknown) => void }>();
  const watch: WatchFn = (d, onChange, onError) => {
    if (!existsSync(d)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    watchers.set(d, { onChange, onError });
    return { close: () => watchers.delete(d) };
  };
  let tick: (() => void) | null = null;
  const timers: WatchTimers = {
    setInterval: (fn) => ((tick = fn), 1),
    clearInterval: () => (tick = null),
  };
  return { watch, timers, watchers, tick: () => tick?.(), hasTimer: () => tick !== null };
}
describe('TranscriptWatcher', () => {
  it('pushes entries on a watch event and serialises reads', async () => {
    const file = join(dir, 's.jsonl');
    writeFileSync(file, line('u1', 'one'));
    const f = fakes();
    const w = new TranscriptWatcher(file, { watch: f.watch, timers: f.timers });
    const got: string[] = [];
    w.on('entries', (es) => got.push(...texts(es)));
    w.start();
    await w.check();
    expect(got).toEqual(['one']);
    appendFileSync(file, line('u2', 'two', 'u1'));
    f.watchers.get(dir)!.onChange('other.jsonl'); // another file: ignored
    f.watchers.get(dir)!.onChange('s.jsonl');
    appendFileSync(file, line('u3', 'three', 'u2'));
    await Promise.all([w.check(), w.check()]);
    expect(got).toEqual(['one', 'two', 'three']);
    w.close();
    expect(f.watchers.size).toBe(0);
    expect(f.hasTimer()).toBe(false);
  });

  it('waits for the folder and the file to appear, via the poll', async () => {
    const sub = join(dir, 'projects', '-home-user-project');
    const file = join(sub, 's.jsonl');
    const f = fakes();
    const w = new TranscriptWatcher(file, { watch: f.watch, timers: f.timers }).start();
    await w.check();
    expect(f.watchers.size).toBe(0); // folder missing: poll only
    mkdirSync(sub, { recursive: true });
    writeFileSync(file, line('u1', 'hello'));
    const it = w[Symbol.asyncIterator]();
    f.tick();
    const first = await it.next();
    expect(texts((first.value as TailResult).entries)).toEqual(['hello']);
    expect(f.watchers.has(sub)).toBe(true); // re-armed once the folder exists
    w.close();
    expect((await it.next()).done).toBe(true);
  });

  it('reports a reset and keeps an indexed Transcript consistent', async () => {
    const file = join(dir, 's.jsonl');
    writeFileSync(file, line('u1', 'one') + line('u2', 'two', 'u1'));
    const f = fakes();
    const t = new Transcript(file);
    const w = t.watch({ watch: f.watch, timers: f.timers });
    const resets: string[] = [];
    w.on('reset', (r) => resets.push(r));
    await w.check();
    expect(texts(t.entries())).toEqual(['one', 'two']);
    truncateSync(file, 0);
    appendFileSync(file, line('n1', 'new'));
    await w.check();
    expect(resets).toEqual(['truncated']);
    expect(texts(t.entries())).toEqual(['new']);
    w.close();
  });

  it('keeps going after a failing read or listener', async () => {
    let calls = 0;
    const source = {
      readNew: async (): Promise<TailResult> => {
        calls++;
        if (calls === 1) throw new Error('disk on fire');
        return { entries: [], malformed: 1, reset: null, missing: false, bytesRead: 3 };
      },
    };
    const f = fakes();
    const w = new TranscriptWatcher(join(dir, 'x.jsonl'), { source, watch: null, timers: f.timers });
    const errors: unknown[] = [];
    const batches: TailResult[] = [];
    w.on('error', (e) => errors.push(e));
    w.on('batch', (b) => {
      batches.push(b);
      throw new Error('listener bug');
    });
    await w.check();
    await w.check();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk on fire', 'listener bug']);
    expect(batches).toHaveLength(1);
    w.close();
  });

  it('works with the real fs.watch', async () => {
    const file = join(dir, 's.jsonl');
    const t = new Transcript(file);
    const w = t.watch({ pollIntervalMs: 60_000 });
    const arrived = new Promise<TranscriptEntry[]>((resolve) => w.on('entries', resolve));
    await w.check();
    writeFileSync(file, line('u1', 'from disk'));
    expect(texts(await arrived)).toEqual(['from disk']);
    w.close();
  });
});
