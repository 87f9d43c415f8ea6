import { describe, expect, it } from 'vitest';
import { testApp } from '../testing/stub-manager.js';

const spec = {
  name: 'chain',
  workDir: '/tmp',
  stages: [
    { name: 'build', prompt: 'build it' },
    { name: 'test', prompt: 'test {{stages.build.lastMessage}}', dependsOn: ['build'] },
  ],
};

describe('/v1/pipelines', () => {
  it('creates (201), lists, gets, and runs stages in order', async () => {
    const { app, m } = await testApp();
    const r = await app.inject({ method: 'POST', url: '/v1/pipelines', payload: spec });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      name: 'chain',
      status: 'running',
      stages: [
        { name: 'build', status: 'starting', attempt: 1 },
        { name: 'test', status: 'pending' },
      ],
    });
    await m.pipelines.tick(); // the launch is applied
    const p = m.pipelines.get(r.json().id);
    expect(p.stages[0]!.status).toBe('running');
    m.turnEnded.add(p.stages[0]!.sessionId!);
    await m.pipelines.tick();
    await m.pipelines.tick(); // the launch of `test` is applied
    const got = (await app.inject({ method: 'GET', url: `/v1/pipelines/${p.id}` })).json();
    expect(got.stages.map((s: { status: string }) => s.status)).toEqual(['succeeded', 'running']);
    expect(got.stages[1].prompt).toBe('test hi there');
    const list = await app.inject({ method: 'GET', url: '/v1/pipelines?status=running' });
    expect(list.json().pipelines.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect((await app.inject({ method: 'GET', url: '/v1/pipelines?status=failed' })).json()).toEqual({ pipelines: [] });
    await app.close();
  });

  it('rejects cycles and unknown dependencies with a clear 400', async () => {
    const { app } = await testApp();
    const cyc = await app.inject({
      method: 'POST',
      url: '/v1/pipelines',
      payload: {
        name: 'c',
        workDir: '/tmp',
        stages: [
          { name: 'a', prompt: 'x', dependsOn: ['b'] },
          { name: 'b', prompt: 'y', dependsOn: ['a'] },
        ],
      },
    });
    expect(cyc.statusCode).toBe(400);
    expect(cyc.json()).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'invalid pipeline: stages dependency cycle: a → b → a',
      requestId: expect.any(String),
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/pipelines',
      payload: { name: 'u', workDir: '/tmp', stages: [{ name: 'a', prompt: 'x', dependsOn: ['zzz'] }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.issues).toEqual([{ path: 'stages.0.dependsOn.0', message: 'unknown stage "zzz"' }]);
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/pipelines',
      payload: { name: 'b', workDir: '/tmp', stages: [] },
    });
    expect(bad.statusCode).toBe(400);
    const dir = await app.inject({
      method: 'POST',
      url: '/v1/pipelines',
      payload: { ...spec, workDir: '/nonexistent/dir' },
    });
    expect(dir.json()).toMatchObject({ code: 'INVALID_WORKDIR' });
    await app.close();
  });

  it('cancels (sessions killed, or kept with keepSessions); 404 for an unknown id', async () => {
    const { app, m } = await testApp();
    const p = (await app.inject({ method: 'POST', url: '/v1/pipelines', payload: spec })).json();
    await m.pipelines.tick();
    const sid = m.pipelines.get(p.id).stages[0]!.sessionId!;
    const c = await app.inject({ method: 'POST', url: `/v1/pipelines/${p.id}/cancel` });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ status: 'cancelled', stages: [{ status: 'cancelled' }, { status: 'cancelled' }] });
    expect(m.get(sid).endedAt).not.toBeNull();

    const kept = (await app.inject({ method: 'POST', url: '/v1/pipelines', payload: spec })).json();
    await m.pipelines.tick();
    await app.inject({ method: 'POST', url: `/v1/pipelines/${kept.id}/cancel`, payload: { keepSessions: true } });
    expect(m.get(m.pipelines.get(kept.id).stages[0]!.sessionId!).endedAt).toBeNull();

    const missing = await app.inject({ method: 'GET', url: '/v1/pipelines/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'PIPELINE_NOT_FOUND' });
    expect((await app.inject({ method: 'POST', url: '/v1/pipelines/nope/cancel' })).statusCode).toBe(404);
    await app.close();
  });

  it('stage transitions are events on the bus (SSE sees them)', async () => {
    const { app, m } = await testApp();
    const seen: string[] = [];
    m.events.subscribe((e) => void seen.push(e.type));
    await app.inject({ method: 'POST', url: '/v1/pipelines', payload: spec });
    expect(seen).toEqual(['pipeline.created', 'pipeline.stage', 'session.created', 'pipeline.stage']);
    await app.close();
  });
});
