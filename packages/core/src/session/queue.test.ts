import { describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../delivery.js';
import { AegisError } from '../errors.js';
import { MessageQueue } from './queue.js';

const ok: DeliveryResult = {
  delivered: true,
  attempts: 1,
  confirmedBy: 'hook',
  unknown: false,
  submittedDifferently: null,
};

describe('MessageQueue', () => {
  it('delivers in FIFO order, one at a time, only when the session can take it', async () => {
    let idle = false;
    const sent: string[] = [];
    let inFlight = 0;
    const q = new MessageQueue(
      () => idle,
      async (m) => {
        inFlight++;
        expect(inFlight).toBe(1);
        sent.push(m.text);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return ok;
      },
    );
    const a = q.enqueue({ id: 'a', text: 'first', enqueuedAt: 0 });
    const b = q.enqueue({ id: 'b', text: 'second', enqueuedAt: 0 });
    const c = q.enqueue({ id: 'c', text: 'third', enqueuedAt: 0 });
    expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);
    q.pump();
    expect(sent).toEqual([]);
    idle = true;
    q.pump();
    q.pump();
    await c.done;
    expect(sent).toEqual(['first', 'second', 'third']);
    expect(await q.result('b')).toEqual(ok);
  });

  it('rejects what is still queued when closed, and refuses new messages', async () => {
    const q = new MessageQueue(
      () => false,
      async () => ok,
    );
    const a = q.enqueue({ id: 'a', text: 'x', enqueuedAt: 0 });
    q.close(new AegisError('SESSION_EXITED', 'gone'));
    await expect(a.done).rejects.toMatchObject({ code: 'SESSION_EXITED' });
    expect(() => q.enqueue({ id: 'b', text: 'y', enqueuedAt: 0 })).toThrow(AegisError);
  });

  it('persists every message not yet delivered, the one being sent marked', async () => {
    const saved: string[] = [];
    let finish!: () => void;
    const q = new MessageQueue(
      () => true,
      () => new Promise((r) => (finish = () => r(ok))),
      (pending) => saved.push(pending.map((m) => `${m.id}${m.sendingSince !== undefined ? '*' : ''}`).join(',')),
      () => 42,
    );
    q.enqueue({ id: 'a', text: 'x', enqueuedAt: 0 });
    q.enqueue({ id: 'b', text: 'y', enqueuedAt: 0 });
    q.pump();
    expect(saved).toEqual(['a', 'a,b', 'a*,b']);
    finish();
    await q.result('a');
    await new Promise((r) => setTimeout(r, 0));
    expect(saved.slice(3)).toEqual(['b', 'b*']);
  });
});
