import { describe, expect, it } from 'vitest';
import { RetryingWrites } from './retrying-writes.js';

/** A store that is down until `up` is set; records what landed. */
function flakyStore() {
  const landed: string[] = [];
  const store = {
    up: true,
    landed,
    write: (what: string) => async () => {
      if (!store.up) throw new Error('connection refused');
      landed.push(what);
    },
  };
  return store;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('RetryingWrites', () => {
  it('keeps failed writes and lands them, in order, once the store is back; the error clears by itself', async () => {
    const s = flakyStore();
    const w = new RetryingWrites(20);
    s.up = false;
    await w.run('e1', s.write('e1'), { ordered: true });
    expect(w.error?.message).toBe('connection refused');
    s.up = true;
    // a later ordered write waits behind the failed one instead of overtaking it
    await w.run('e2', s.write('e2'), { ordered: true });
    expect(s.landed).toEqual([]);
    await until(() => w.error === null);
    expect(s.landed).toEqual(['e1', 'e2']);
    w.stop();
  });

  it('a newer write of the same key replaces an older failed one', async () => {
    const s = flakyStore();
    const w = new RetryingWrites(20);
    s.up = false;
    await w.run('record:1', s.write('v1'));
    await w.run('record:1', s.write('v2'));
    s.up = true;
    await until(() => w.error === null);
    expect(s.landed).toEqual(['v2']);
    // and a success of the key clears its failure at once
    s.up = false;
    await w.run('record:2', s.write('x1'));
    s.up = true;
    await w.run('record:2', s.write('x2'));
    expect(w.error).toBeNull();
    w.stop();
  });
});
