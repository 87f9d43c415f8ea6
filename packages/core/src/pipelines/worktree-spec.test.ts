import { describe, expect, it } from 'vitest';
import { parsePipelineSpec } from './schema.js';
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
        stage('final', { isolation: 'worktree', dependsOn: ['api', 'ui'], mergeFrom: ['api', 'ui'], mergeInto: 'main', prompt: 'review {{stages.api.diffStat}} on {{stages.ui.branch}}' }),
      ],
    });
    expect(spec.stages[2]).toMatchObject({ mergeFrom: ['api', 'ui'], mergeInto: 'main' });
  });

  it.each([
    [[stage('a', { mergeInto: 'main' })], /mergeInto needs isolation "worktree"/],
    [[stage('a', { isolation: 'worktree' }), stage('b', { isolation: 'worktree', mergeFrom: ['a'] })], /"a" is not a stage this one depends on/],
    [[stage('a'), stage('b', { isolation: 'worktree', dependsOn: ['a'], mergeFrom: ['a'] })], /"a" has no branch/],
    [[stage('a', { isolation: 'worktree' }), stage('b', { isolation: 'worktree', baseRef: '{{stages.a.branch}}' })], /baseRef "a" is not a stage this one depends on/],
  ])('refuses %j', (stages, message) => {
    expect(() => parsePipelineSpec({ name: 'p', workDir: '/repo', stages })).toThrow(message);
  });

  it('renders branch and diffStat', () => {
    const values = new Map([['api', { branch: 'aegis/x', diffStat: '1 file changed, 1 insertion(+), 0 deletions(-)' }]]);
    expect(renderPrompt('{{stages.api.branch}}: {{stages.api.diffStat}}', values)).toBe('aegis/x: 1 file changed, 1 insertion(+), 0 deletions(-)');
  });
});
