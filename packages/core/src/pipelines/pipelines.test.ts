import { describe, expect, it } from 'vitest';
import { FakeDriver, fakeChecker, fakePipelines, flush, stage } from '../testing/fake-pipelines.js';

describe('Pipelines on fakes', () => {
  it('fans out independent stages in declared order, then runs the dependent one with their answers', async () => {
    const { pipelines, driver, events } = fakePipelines();
    const p = await pipelines.create({
      name: 'fan',
      workDir: '/w',
      stages: [
        stage('a'),
        stage('b'),
        {
          name: 'c',
          dependsOn: ['a', 'b'],
          prompt: 'A said {{stages.a.lastMessage}}; B said {{stages.b.lastMessage}} in {{stages.b.workDir}}',
        },
      ],
    });
    await flush();
    expect(driver.log).toEqual(['start a#1', 'start b#1']);
    expect(pipelines.get(p.id).stages.map((s) => s.status)).toEqual(['running', 'running', 'pending']);
    driver.finish('b', 'B-out');
    await pipelines.tick();
    expect(pipelines.get(p.id).stages.map((s) => s.status)).toEqual(['running', 'succeeded', 'pending']);
    driver.finish('a', 'A-out');
    await pipelines.tick();
    await flush();
    expect(driver.log.filter((l) => l.startsWith('start'))).toEqual(['start a#1', 'start b#1', 'start c#1']);
    expect(driver.of('c').launch.prompt).toBe('A said A-out; B said B-out in /w');
    driver.finish('c', 'C-out');
    await pipelines.tick();
    const done = pipelines.get(p.id);
    expect(done).toMatchObject({ status: 'succeeded', reason: null });
    expect(done.stages.map((s) => [s.name, s.status, s.lastMessage])).toEqual([
      ['a', 'succeeded', 'A-out'],
      ['b', 'succeeded', 'B-out'],
      ['c', 'succeeded', 'C-out'],
    ]);
    expect(driver.live()).toEqual([]); // finished stages' sessions are killed
    expect(events.map((e) => e.type).filter((t) => t !== 'pipeline.stage')).toEqual([
      'pipeline.created',
      'pipeline.finished',
    ]);
  });

  it('bounds concurrency', async () => {
    const { pipelines, driver } = fakePipelines({ options: { concurrency: 2 } });
    await pipelines.create({ name: 'bounded', workDir: '/w', stages: [stage('a'), stage('b'), stage('c')] });
    await flush();
    expect(driver.log).toEqual(['start a#1', 'start b#1']);
    driver.finish('b');
    await pipelines.tick();
    await flush();
    expect(driver.log).toEqual(['start a#1', 'start b#1', 'kill s2', 'start c#1']);
  });

  it('retries a failed attempt in a fresh session, killing the failed one', async () => {
    const { pipelines, driver, moves } = fakePipelines();
    const p = await pipelines.create({ name: 'retry', workDir: '/w', stages: [stage('a', [], { retries: 1 })] });
    await flush();
    driver.fail('a', 'session ended (exited, code 1)');
    await pipelines.tick();
    await flush();
    expect(driver.log).toEqual(['start a#1', 'kill s1', 'start a#2']);
    driver.finish('a', 'second time lucky');
    await pipelines.tick();
    const info = pipelines.get(p.id);
    expect(info).toMatchObject({ status: 'succeeded' });
    expect(info.stages[0]).toMatchObject({ attempt: 2, sessionIds: ['s1', 's2'], lastMessage: 'second time lucky' });
    expect(moves()).toEqual([
      'a:pending>starting',
      'a:starting>running',
      'a:running>retrying',
      'a:retrying>starting',
      'a:starting>running',
      'a:running>succeeded',
    ]);
  });

  it('a failing doneWhen is retried, then the stage fails and the others are cancelled', async () => {
    const check = fakeChecker([
      { ok: false, reason: 'false exited 1' },
      { ok: false, reason: 'false exited 1' },
    ]);
    const { pipelines, driver, events } = fakePipelines({ check });
    const p = await pipelines.create({
      name: 'check',
      workDir: '/w',
      stages: [
        stage('flaky', [], { retries: 1, doneWhen: { command: ['false'] } }),
        stage('slow'),
        stage('after', ['flaky']),
      ],
    });
    await flush();
    for (let attempt = 1; attempt <= 2; attempt++) {
      driver.finish('flaky');
      await pipelines.tick();
      await flush();
    }
    const info = pipelines.get(p.id);
    expect(check.calls).toBe(2);
    expect(info.status).toBe('failed');
    expect(info.reason).toBe('stage flaky failed: doneWhen failed: false exited 1');
    expect(info.stages.map((s) => [s.name, s.status])).toEqual([
      ['flaky', 'failed'],
      ['slow', 'cancelled'],
      ['after', 'cancelled'],
    ]);
    expect(driver.live()).toEqual([]);
    const finished = events.find((e) => e.type === 'pipeline.finished');
    expect(finished).toMatchObject({ sessionId: p.id, data: { status: 'failed' } });
  });

  it('fails an attempt that outlives its timeout (a stage stuck on a prompt never counts as done)', async () => {
    const { pipelines, driver, clock } = fakePipelines();
    const p = await pipelines.create({ name: 't', workDir: '/w', stages: [stage('a', [], { timeoutMs: 5000 })] });
    await flush();
    clock.t += 4999;
    await pipelines.tick();
    expect(pipelines.get(p.id).status).toBe('running');
    clock.t += 1;
    await pipelines.tick();
    expect(pipelines.get(p.id)).toMatchObject({
      status: 'failed',
      stages: [{ status: 'failed', reason: 'timed out after 5000 ms (running)' }],
    });
    expect(driver.live()).toEqual([]);
  });

  it('cancel kills running sessions, cancels pending stages, and kills a session that launches afterwards', async () => {
    const driver = new FakeDriver();
    const { pipelines, moves } = fakePipelines({ driver });
    const p = await pipelines.create({ name: 'c', workDir: '/w', stages: [stage('a'), stage('b'), stage('c', ['a'])] });
    await flush();
    driver.hold = true;
    driver.finish('a');
    await pipelines.tick(); // c starts launching, its launch is held
    const info = await pipelines.cancel(p.id);
    expect(info.status).toBe('cancelled');
    expect(info.stages.map((s) => s.status)).toEqual(['succeeded', 'cancelled', 'cancelled']);
    driver.releaseLaunches();
    await flush();
    expect(driver.live()).toEqual([]);
    expect(driver.log).toEqual(['start a#1', 'start b#1', 'kill s1', 'start c#1', 'kill s2', 'kill s3']);
    expect(moves().slice(-2)).toEqual(['b:running>cancelled', 'c:starting>cancelled']);
    expect((await pipelines.cancel(p.id)).status).toBe('cancelled'); // idempotent
  });

  it('cancel with keepSessions only interrupts', async () => {
    const { pipelines, driver } = fakePipelines();
    const p = await pipelines.create({ name: 'k', workDir: '/w', stages: [stage('a')] });
    await flush();
    await pipelines.cancel(p.id, { keepSessions: true });
    expect(driver.log).toEqual(['start a#1', 'interrupt s1']);
  });

  it('a launch that fails counts as a failed attempt', async () => {
    const driver = new FakeDriver();
    driver.launchErrors.set('a', 'tmux refused');
    const { pipelines } = fakePipelines({ driver });
    const p = await pipelines.create({ name: 'l', workDir: '/w', stages: [stage('a')] });
    await flush();
    expect(pipelines.get(p.id)).toMatchObject({
      status: 'failed',
      stages: [{ status: 'failed', reason: 'launch failed: tmux refused' }],
    });
  });

  it('events carry the stage session id, else the pipeline id', async () => {
    const { pipelines, driver, events } = fakePipelines();
    const p = await pipelines.create({ name: 'e', workDir: '/w', stages: [stage('a')] });
    await flush();
    driver.finish('a');
    await pipelines.tick();
    expect(events.map((e) => [e.type, e.sessionId, 'to' in e.data ? e.data.to : null])).toEqual([
      ['pipeline.created', p.id, null],
      ['pipeline.stage', p.id, 'starting'],
      ['pipeline.stage', 's1', 'running'],
      ['pipeline.stage', 's1', 'succeeded'],
      ['pipeline.finished', p.id, null],
    ]);
  });

  it('rejects bad input with stable codes', async () => {
    const { pipelines } = fakePipelines();
    await expect(
      pipelines.create({ name: 'x', workDir: '/w', stages: [stage('a', ['b']), stage('b', ['a'])] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    await expect(pipelines.create({ name: 'x', workDir: '/missing', stages: [stage('a')] })).rejects.toMatchObject({
      code: 'INVALID_WORKDIR',
    });
    expect(() => pipelines.get('nope')).toThrow(expect.objectContaining({ code: 'PIPELINE_NOT_FOUND', status: 404 }));
    await expect(pipelines.cancel('nope')).rejects.toMatchObject({ code: 'PIPELINE_NOT_FOUND' });
  });
});
