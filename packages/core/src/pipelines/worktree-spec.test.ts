import { describe, expect, it } from 'vitest';
import { parsePipelineSpec } from './schema.js';
import { FakeDriver, fakePipelines, flush } from '../testing/fake-pipelines.js';
import { renderPrompt } from './template.js';

const stage = (name: string, extra: Record<string, unknown> = {}) => ({ name, prompt: `do ${name}`, ...extra });

describe('worktree fields of a pipeline spec', () => {
  it('accepts isolated parallel stages and a final stage that merges them into main', () => {
    const spec = parsePipelineSpec({
      name: 'p',
      workDir: '/repo',
      stages: [
        stage('api', { isolation: 'worktree' }),
        stage('ui', { isolation: 'worktree', baseRef: 'main' }),
        stage('final', {
          isolation: 'worktree',
          dependsOn: ['api', 'ui'],
          mergeFrom: ['api', 'ui'],
          mergeInto: 'main',
          prompt: 'review {{stages.api.diffStat}} on {{stages.ui.branch}}',
        }),
      ],
    });
    expect(spec.stages[2]).toMatchObject({ mergeFrom: ['api', 'ui'], mergeInto: 'main' });
  });

  it.each([
    [[stage('a', { mergeInto: 'main' })], /mergeInto needs isolation "worktree"/],
    [
      [stage('a', { isolation: 'worktree' }), stage('b', { isolation: 'worktree', mergeFrom: ['a'] })],
      /"a" is not a stage this one depends on/,
    ],
    [[stage('a'), stage('b', { isolation: 'worktree', dependsOn: ['a'], mergeFrom: ['a'] })], /"a" has no branch/],
    [
      [stage('a', { isolation: 'worktree' }), stage('b', { isolation: 'worktree', baseRef: '{{stages.a.branch}}' })],
      /baseRef "a" is not a stage this one depends on/,
    ],
  ])('refuses %j', (stages, message) => {
    expect(() => parsePipelineSpec({ name: 'p', workDir: '/repo', stages })).toThrow(message);
  });

  it('renders branch and diffStat', () => {
    const values = new Map([
      ['api', { branch: 'aegis/x', diffStat: '1 file changed, 1 insertion(+), 0 deletions(-)' }],
    ]);
    expect(renderPrompt('{{stages.api.branch}}: {{stages.api.diffStat}}', values)).toBe(
      'aegis/x: 1 file changed, 1 insertion(+), 0 deletions(-)',
    );
  });
});

/** A driver whose isolated stages land as `aegis/<stage>`; `mergeInto` of a stage named `bad` conflicts. */
class WorktreeDriver extends FakeDriver {
  readonly landed: string[] = [];
  async landWorktree(id: string, o: { stage: string; mergeInto?: string }) {
    this.landed.push(`${o.stage}${o.mergeInto ? `→${o.mergeInto}` : ''}`);
    if (o.stage === 'bad') throw new Error('MERGE_CONFLICT in a.txt');
    return { path: `/wt/${id}`, branch: `aegis/${o.stage}`, diffStat: `${o.stage}: 1 file changed` };
  }
}

describe('isolated stages on fakes', () => {
  it('start with base and mergeFrom branches, land on success, hand branch and diffStat on', async () => {
    const driver = new WorktreeDriver();
    const { pipelines } = fakePipelines({ driver });
    const p = await pipelines.create({
      name: 'iso',
      workDir: '/repo',
      stages: [
        stage('api', { isolation: 'worktree' }),
        stage('ui', { isolation: 'worktree', baseRef: 'dev' }),
        stage('final', {
          isolation: 'worktree',
          dependsOn: ['api', 'ui'],
          mergeFrom: ['api', 'ui'],
          mergeInto: 'main',
          prompt: '{{stages.api.branch}} / {{stages.ui.diffStat}}',
        }),
      ],
    });
    await flush();
    expect(driver.of('api').launch).toMatchObject({ isolation: 'worktree' });
    expect(driver.of('ui').launch).toMatchObject({ isolation: 'worktree', baseRef: 'dev' });
    driver.finish('api');
    driver.finish('ui');
    await pipelines.tick();
    await flush();
    expect(driver.of('final').launch).toMatchObject({
      mergeFrom: ['aegis/api', 'aegis/ui'],
      prompt: 'aegis/api / ui: 1 file changed',
    });
    driver.finish('final');
    await pipelines.tick();
    expect(driver.landed).toEqual(['api', 'ui', 'final→main']);
    const done = pipelines.get(p.id);
    expect(done.status).toBe('succeeded');
    expect(done.stages[2]!.worktree).toEqual({
      path: `/wt/${driver.of('final').id}`,
      branch: 'aegis/final',
      diffStat: 'final: 1 file changed',
    });
  });

  it('a stage whose landing fails (merge conflict) fails its attempt', async () => {
    const driver = new WorktreeDriver();
    const { pipelines } = fakePipelines({ driver });
    const p = await pipelines.create({
      name: 'iso',
      workDir: '/repo',
      stages: [stage('bad', { isolation: 'worktree', mergeInto: 'main' })],
    });
    await flush();
    driver.finish('bad');
    await pipelines.tick();
    expect(pipelines.get(p.id)).toMatchObject({
      status: 'failed',
      stages: [{ status: 'failed', reason: 'worktree: MERGE_CONFLICT in a.txt' }],
    });
  });
});
