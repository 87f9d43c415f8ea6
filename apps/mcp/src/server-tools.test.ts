import { describe, expect, it, vi } from 'vitest';
import { FakeBackend, fakeSession } from './testing/fake-backend.js';
import { structured, text, useInMemoryClient } from './testing/in-memory-client.js';

const setup = useInMemoryClient();

describe('tools', () => {
  it('list_sessions returns every session (no paging), filtered', async () => {
    const backend = new FakeBackend();
    for (let i = 0; i < 30; i++)
      backend.sessions.set(`s${i}`, fakeSession(`s${i}`, { createdAt: i, status: i % 2 ? 'idle' : 'working' }));
    backend.sessions.set('old', fakeSession('old', { endedAt: 9, status: 'exited' }));
    const { client } = await setup(backend);
    const all = structured(await client.callTool({ name: 'list_sessions', arguments: {} }));
    expect(all.total).toBe(30);
    const idle = structured(await client.callTool({ name: 'list_sessions', arguments: { status: ['idle'] } }));
    expect(idle.total).toBe(15);
    expect((idle.sessions as { id: string }[])[0]!.id).toBe('s29'); // newest first
    const ended = structured(
      await client.callTool({ name: 'list_sessions', arguments: { includeEnded: true, workDir: 'old' } }),
    );
    expect((ended.sessions as { id: string }[]).map((s) => s.id)).toEqual(['old']);
  });

  it('wait_for_state returns the state and what is pending', async () => {
    const backend = new FakeBackend();
    backend.sessions.set(
      'a',
      fakeSession('a', {
        status: 'permission_prompt',
        pendingPrompt: { id: 'p1', kind: 'permission_prompt', options: [], viaHook: true },
      }),
    );
    const { client } = await setup(backend);
    const r = await client.callTool({ name: 'wait_for_state', arguments: { sessionId: 'a', timeoutMs: 10 } });
    expect(r.isError).toBeFalsy();
    expect(structured(r)).toEqual({
      reached: true,
      status: 'permission_prompt',
      pendingPrompt: { id: 'p1', kind: 'permission_prompt', options: [], viaHook: true },
      queueLength: 0,
    });
    const idleOnly = await client.callTool({
      name: 'wait_for_state',
      arguments: { sessionId: 'a', states: ['idle'], timeoutMs: 10 },
    });
    expect(structured(idleOnly)).toMatchObject({ reached: false, status: 'permission_prompt' });
    expect(backend.calls.find((c) => c.method === 'waitFor')?.args[2]).toBe(10);
  });

  it('wait_for_state reports progress to a client that asks for it, and stops when reached', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a', { status: 'working' }));
    let finish!: (v: boolean) => void;
    backend.waitFor = async () => new Promise<boolean>((r) => (finish = r));
    const { client } = await setup(backend);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const progress: number[] = [];
      const pending = client.callTool(
        { name: 'wait_for_state', arguments: { sessionId: 'a', timeoutMs: 60_000 } },
        undefined,
        { onprogress: (p) => void progress.push(p.progress) },
      );
      await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
      await vi.advanceTimersByTimeAsync(10_000);
      await vi.waitFor(() => expect(progress).toEqual([5000, 10000]));
      backend.sessions.set('a', fakeSession('a', { status: 'idle' }));
      finish(true);
      expect((await pending).structuredContent).toMatchObject({ reached: true, status: 'idle' });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(progress).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('send_message, answer_question and get_transcript pass their input through', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    await client.callTool({ name: 'send_message', arguments: { sessionId: 'a', text: 'hi', wait: true } });
    await client.callTool({ name: 'answer_question', arguments: { sessionId: 'a', options: [['blue']] } });
    await client.callTool({
      name: 'get_transcript',
      arguments: { sessionId: 'a', after: 'u1', kinds: ['assistant_text'] },
    });
    expect(backend.calls.filter((c) => ['send', 'answer', 'transcript'].includes(c.method)).map((c) => c.args)).toEqual(
      [
        ['a', { text: 'hi', wait: true }],
        ['a', { action: 'answer', options: [['blue']] }],
        ['a', { after: 'u1', kinds: ['assistant_text'], limit: 50 }],
      ],
    );
  });

  it('screenshot returns the pane as a PNG image', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    const r = await client.callTool({ name: 'screenshot', arguments: { sessionId: 'a' } });
    expect(r.isError).toBeFalsy();
    expect(r.content).toEqual([
      { type: 'image', mimeType: 'image/png', data: Buffer.from('\x89PNG fake').toString('base64') },
    ]);
    const missing = await client.callTool({ name: 'screenshot', arguments: { sessionId: 'nope' } });
    expect(structured(missing).error?.code).toBe('SESSION_NOT_FOUND');
  });
});

describe('worktree tools', () => {
  it('get_diff shows files and the diff; merge_session reports a conflict by code with the files', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    const none = await client.callTool({ name: 'get_diff', arguments: { sessionId: 'a' } });
    expect(structured(none).error?.code).toBe('NO_WORKTREE');
    const part = {
      files: [{ path: 'a.txt', additions: 1, deletions: 0 }],
      additions: 1,
      deletions: 0,
      diff: '+++ b/a.txt\n+hi\n',
      truncated: false,
    };
    const empty = { files: [], additions: 0, deletions: 0, diff: '', truncated: false };
    backend.worktree.diff = {
      branch: 'aegis/a',
      base: { ref: 'main', commit: 'c1' },
      head: 'c2',
      committed: empty,
      uncommitted: part,
      summary: '1 file changed, 1 insertion(+), 0 deletions(-)',
    };
    const diff = await client.callTool({ name: 'get_diff', arguments: { sessionId: 'a', stat: true } });
    expect(text(diff)).toContain('uncommitted:\n  a.txt  +1 -0');
    expect(backend.calls.at(-1)).toEqual({ method: 'diff', args: ['a', { stat: true }] });
    expect(text(await client.callTool({ name: 'commit_session', arguments: { sessionId: 'a', message: 'm' } }))).toBe(
      'Committed 1 file(s) as c0ffee.',
    );
    const conflict = await client.callTool({ name: 'merge_session', arguments: { sessionId: 'a', into: 'main' } });
    expect(structured(conflict).error).toMatchObject({ code: 'MERGE_CONFLICT', details: { files: ['a.txt'] } });
    expect(backend.calls.at(-1)).toEqual({ method: 'merge', args: ['a', { into: 'main', strategy: 'merge' }] });
  });
});
