import { describe, expect, it } from 'vitest';
import { FakeDriver, fakePipelines, flush, memoryFs, stage } from '../testing/fake-pipelines.js';

describe('Pipelines across a restart', () => {
  it('resumes where it was: running stages keep their sessions, finished ones stay finished', async () => {
    const fs = memoryFs();
    const driver = new FakeDriver();
    const first = fakePipelines({ fs, driver });
    const p = await first.pipelines.create({
      name: 'r',
      workDir: '/w',
      stages: [stage('a'), stage('b'), stage('c', ['a', 'b'], { prompt: '{{stages.a.lastMessage}}' })],
    });
    await flush();
    driver.finish('a', 'A before restart');
    await first.pipelines.tick();
    await first.pipelines.close();
    expect([...fs.files.keys()]).toEqual([`/state/pipelines/${p.id}.json`]);

    const second = fakePipelines({ fs, driver });
    await second.pipelines.open();
    expect(second.pipelines.get(p.id).stages.map((s) => [s.status, s.sessionId])).toEqual([
      ['succeeded', 's1'],
      ['running', 's2'],
      ['pending', null],
    ]);
    driver.finish('b');
    await second.pipelines.tick();
    await flush();
    expect(driver.of('c').launch.prompt).toBe('A before restart');
    driver.finish('c');
    await second.pipelines.tick();
    expect(second.pipelines.get(p.id).status).toBe('succeeded');
    expect(second.pipelines.list().map((x) => x.id)).toEqual([p.id]);
  });

  it('a stage whose session vanished during the restart is retried; one caught launching is launched again', async () => {
    const fs = memoryFs();
    const driver = new FakeDriver();
    const first = fakePipelines({ fs, driver });
    const p = await first.pipelines.create({
      name: 'r2',
      workDir: '/w',
      stages: [stage('a', [], { retries: 1 }), stage('b')],
    });
    await flush();
    await first.pipelines.close();
    driver.of('a').stopped = 'killed'; // gone while Aegis was down
    driver.hold = true;

    const second = fakePipelines({ fs, driver });
    await second.pipelines.open();
    await second.pipelines.tick(); // a: failed attempt → retry (launch held)
    expect(second.pipelines.get(p.id).stages.map((s) => [s.status, s.attempt])).toEqual([
      ['starting', 2],
      ['running', 1],
    ]);

    // a third run starts while a's second launch is still in flight
    const third = fakePipelines({ fs: memoryFs(new Map(fs.files)), driver });
    await flush();
    await third.pipelines.open();
    expect(third.pipelines.get(p.id).stages[0]).toMatchObject({
      status: 'retrying',
      attempt: 1,
      reason: 'Aegis restarted while the session was launching',
    });
    driver.hold = false;
    await third.pipelines.tick();
    await flush();
    expect(third.pipelines.get(p.id).stages[0]).toMatchObject({ status: 'running', attempt: 2 });
    driver.releaseLaunches();
  });

  it('a stage caught launching follows the session it launched, found by its name', async () => {
    const fs = memoryFs();
    const driver = new FakeDriver();
    driver.hold = true;
    const first = fakePipelines({ fs, driver });
    const p = await first.pipelines.create({ name: 'r3', workDir: '/w', stages: [stage('a')] });
    await flush();
    // the launch happened, but Aegis died before recording it
    const launch = {
      pipelineId: p.id,
      stage: 'a',
      attempt: 1,
      workDir: '/w',
      prompt: 'do a',
      sessionName: `${p.id.slice(0, 8)}-1-a`,
    };
    driver.sessions.push({ id: 'orphan', launch, obs: { kind: 'working' }, stopped: null });
    const second = fakePipelines({ fs: memoryFs(new Map(fs.files)), driver });
    await second.pipelines.open();
    expect(second.pipelines.get(p.id).stages[0]).toMatchObject({ status: 'running', attempt: 1, sessionId: 'orphan' });
    driver.finish('a');
    await second.pipelines.tick();
    expect(second.pipelines.get(p.id).status).toBe('succeeded');
    driver.releaseLaunches();
  });

  it('skips a stored file that is torn or not a pipeline', async () => {
    const fs = memoryFs();
    const first = fakePipelines({ fs });
    const p = await first.pipelines.create({ name: 'ok', workDir: '/w', stages: [stage('a')] });
    await first.pipelines.close();
    fs.files.set('/state/pipelines/00000000-0000-4000-8000-999999999999.json', '{"version":1,"id":');
    fs.files.set('/state/pipelines/00000000-0000-4000-8000-999999999998.json', '{"version":2}');
    const second = fakePipelines({ fs });
    await second.pipelines.open();
    expect(second.pipelines.list().map((x) => x.id)).toEqual([p.id]);
  });

  it('opens again after a close (a fleet scheduler that lost its lock and won it back): from the store, as it is now', async () => {
    const fs = memoryFs();
    const driver = new FakeDriver();
    const first = fakePipelines({ fs, driver });
    const p = await first.pipelines.create({ name: 'back', workDir: '/w', stages: [stage('a'), stage('b', ['a'])] });
    await flush();
    await first.pipelines.close();
    // another scheduler ran it meanwhile
    const other = fakePipelines({ fs, driver });
    await other.pipelines.open();
    driver.finish('a');
    await other.pipelines.tick();
    await flush();
    await other.pipelines.close();

    await first.pipelines.open();
    expect(first.pipelines.get(p.id).stages.map((s) => s.status)).toEqual(['succeeded', 'running']);
    expect(first.pipelines.list()).toHaveLength(1);
    await expect(first.pipelines.create({ name: 'new', workDir: '/w', stages: [stage('c')] })).resolves.toMatchObject({
      status: 'running',
    });
  });
});
