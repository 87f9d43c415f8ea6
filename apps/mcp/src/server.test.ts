import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEALTH_URI, paneUri, SESSIONS_URI, transcriptUri } from './resources.js';
import { connectInMemory, FakeBackend, fakeSession, notInDialog } from './test-support.js';

const TOOLS = [
  'list_sessions',
  'get_session',
  'create_session',
  'send_message',
  'send_command',
  'send_bash',
  'get_transcript',
  'approve_permission',
  'reject_permission',
  'answer_question',
  'interrupt_session',
  'escape_session',
  'kill_session',
  'capture_pane',
  'get_session_health',
  'get_session_summary',
  'wait_for_state',
  'batch_create_sessions',
  'create_pipeline',
  'list_pipelines',
  'get_pipeline',
  'cancel_pipeline',
  'get_diff',
  'commit_session',
  'merge_session',
  'screenshot',
  'server_health',
];

let closeLast: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeLast?.();
  closeLast = null;
});

async function setup(backend = new FakeBackend()) {
  const c = await connectInMemory(backend);
  closeLast = c.close;
  return { backend, client: c.client };
}

type Structured = { error?: { code: string; message: string } } & Record<string, unknown>;
const structured = (r: object) => (r as { structuredContent?: unknown }).structuredContent as Structured;
const text = (r: object) => ((r as { content?: unknown }).content as { type: string; text: string }[])[0]?.text ?? '';

describe('listing', () => {
  it('lists the 27 tools, each with an object input schema', async () => {
    const { client } = await setup();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const t of tools) {
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.description, t.name).toBeTruthy();
    }
    const create = tools.find((t) => t.name === 'create_session')!;
    expect(create.inputSchema.required).toEqual(['workDir']);
    expect(Object.keys(create.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['workDir', 'prompt', 'permissionMode', 'env', 'reuse']),
    );
  });

  it('lists the 4 resources (2 fixed, 2 templates listing each live session) and 3 prompts', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    backend.sessions.set('gone', fakeSession('gone', { endedAt: 5, status: 'exited' }));
    const { client } = await setup(backend);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'aegis://sessions/{id}/pane',
      'aegis://sessions/{id}/transcript',
    ]);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(
      [HEALTH_URI, SESSIONS_URI, paneUri('a'), transcriptUri('a')].sort(),
    );
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['debug_session', 'implement_issue', 'review_pr']);
  });
});

describe('tool errors are results with a stable code', () => {
  it('maps AegisError codes', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    const missing = await client.callTool({ name: 'get_session', arguments: { sessionId: 'nope' } });
    expect(missing.isError).toBe(true);
    expect(structured(missing).error).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect(text(missing)).toMatch(/^SESSION_NOT_FOUND: /);

    backend.fail.answer = notInDialog();
    const r = await client.callTool({ name: 'approve_permission', arguments: { sessionId: 'a' } });
    expect(r.isError).toBe(true);
    expect(structured(r).error).toMatchObject({ code: 'NOT_IN_DIALOG', message: 'nothing to approve' });
  });

  it('maps unexpected errors to INTERNAL', async () => {
    const backend = new FakeBackend();
    backend.fail.list = new Error('boom');
    const { client } = await setup(backend);
    const r = await client.callTool({ name: 'list_sessions', arguments: {} });
    expect(r.isError).toBe(true);
    expect(structured(r).error).toEqual({ code: 'INTERNAL', message: 'boom' });
  });

  it('pipelines: create, list, get, cancel; a cycle is INVALID_INPUT, an unknown id PIPELINE_NOT_FOUND', async () => {
    const backend = new FakeBackend();
    const { client } = await setup(backend);
    const stages = [
      { name: 'build', prompt: 'build' },
      { name: 'test', prompt: 'test {{stages.build.lastMessage}}', dependsOn: ['build'] },
    ];
    const created = await client.callTool({
      name: 'create_pipeline',
      arguments: { name: 'p', workDir: '/tmp', stages },
    });
    expect(created.isError).toBeFalsy();
    expect(structured(created)).toMatchObject({
      id: 'p1',
      status: 'running',
      stages: [{ name: 'build' }, { name: 'test' }],
    });
    expect(text(created)).toContain('p1  running  p');
    const list = await client.callTool({ name: 'list_pipelines', arguments: { status: ['running'] } });
    expect(structured(list)).toMatchObject({ total: 1 });
    expect(structured(await client.callTool({ name: 'get_pipeline', arguments: { pipelineId: 'p1' } }))).toMatchObject({
      id: 'p1',
    });
    const cancelled = await client.callTool({
      name: 'cancel_pipeline',
      arguments: { pipelineId: 'p1', keepSessions: true },
    });
    expect(structured(cancelled)).toMatchObject({ status: 'cancelled' });
    expect(backend.calls.find((c) => c.method === 'cancelPipeline')?.args).toEqual(['p1', { keepSessions: true }]);
    const cycle = await client.callTool({
      name: 'create_pipeline',
      arguments: {
        name: 'c',
        workDir: '/tmp',
        stages: [
          { name: 'a', prompt: 'x', dependsOn: ['b'] },
          { name: 'b', prompt: 'y', dependsOn: ['a'] },
        ],
      },
    });
    expect(structured(cycle).error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'invalid pipeline: stages dependency cycle: a → b → a',
    });
    const missing = await client.callTool({ name: 'get_pipeline', arguments: { pipelineId: 'nope' } });
    expect(structured(missing).error?.code).toBe('PIPELINE_NOT_FOUND');
  });

  it('input that fails the schema is an error result and never reaches the backend', async () => {
    const backend = new FakeBackend();
    const { client } = await setup(backend);
    const r = await client.callTool({ name: 'create_session', arguments: { workDir: '/tmp', permissionMode: 'yolo' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/Input validation error/);
    expect(backend.calls.filter((c) => c.method === 'create')).toHaveLength(0);
  });
});

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

describe('resources', () => {
  it('reads sessions, health and a pane', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    const sessions = await client.readResource({ uri: SESSIONS_URI });
    expect(JSON.parse((sessions.contents[0] as { text: string }).text)).toMatchObject({
      sessions: [{ id: 'a', status: 'idle' }],
    });
    const health = await client.readResource({ uri: HEALTH_URI });
    expect(JSON.parse((health.contents[0] as { text: string }).text)).toMatchObject({
      status: 'ok',
      backend: 'embedded',
    });
    const pane = await client.readResource({ uri: paneUri('a') });
    expect(pane.contents[0]).toMatchObject({ mimeType: 'text/plain', text: 'pane text' });
  });

  it('notifies subscribers when core reports an event for a session', async () => {
    const backend = new FakeBackend();
    backend.sessions.set('a', fakeSession('a'));
    const { client } = await setup(backend);
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await client.subscribeResource({ uri: transcriptUri('a') });
    backend.emit({ type: 'message.assistant', sessionId: 'a', data: { entryId: 'e1', text: 'hello' } } as never);
    backend.emit({ type: 'message.assistant', sessionId: 'b', data: { entryId: 'e2', text: 'other' } } as never);
    await expect.poll(() => updated).toEqual([transcriptUri('a')]);
    let listChanged = 0;
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
    backend.emit({ type: 'session.created', sessionId: 'c', data: {} } as never);
    await expect.poll(() => listChanged).toBe(1);
    await client.unsubscribeResource({ uri: transcriptUri('a') });
    backend.emit({ type: 'message.assistant', sessionId: 'a', data: { entryId: 'e3', text: 'again' } } as never);
    await client.listTools(); // a round trip: any notification sent before it has arrived
    expect(updated).toEqual([transcriptUri('a')]);
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
