import { describe, expect, it } from 'vitest';
import { HEALTH_URI, paneUri, SESSIONS_URI, transcriptUri } from './resources.js';
import { FakeBackend, fakeSession, notInDialog } from './testing/fake-backend.js';
import { structured, text, useInMemoryClient } from './testing/in-memory-client.js';

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

const setup = useInMemoryClient();

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
