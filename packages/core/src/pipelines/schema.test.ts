import { describe, expect, it } from 'vitest';
import { isAegisError } from '../errors.js';
import { parsePipelineSpec, type PipelineSpecInput } from './schema.js';

const stage = (name: string, dependsOn: string[] = [], prompt = `do ${name}`) => ({ name, prompt, dependsOn });
const issues = (input: PipelineSpecInput): string[] => {
  try {
    parsePipelineSpec(input);
  } catch (e) {
    if (isAegisError(e, 'INVALID_INPUT')) return (e.details.issues as { message: string }[]).map((i) => i.message);
    throw e;
  }
  return [];
};

describe('parsePipelineSpec (DAG validation)', () => {
  it('accepts a diamond and fills defaults', () => {
    const spec = parsePipelineSpec({
      name: 'p',
      workDir: '/w',
      stages: [stage('a'), stage('b', ['a']), stage('c', ['a']), stage('d', ['b', 'c'])],
    });
    expect(spec.stages[3]).toMatchObject({ dependsOn: ['b', 'c'], retries: 0, timeoutMs: 1_800_000 });
  });

  it('rejects a cycle and names it', () => {
    expect(
      issues({ name: 'p', workDir: '/w', stages: [stage('a', ['c']), stage('b', ['a']), stage('c', ['b'])] }),
    ).toEqual(['dependency cycle: a → c → b → a']);
  });

  it('rejects unknown and self dependencies, duplicate names and a missing workDir', () => {
    expect(issues({ name: 'p', stages: [stage('a', ['nope']), stage('a'), stage('b', ['b'])] })).toEqual([
      'no workDir (give the stage or the pipeline one)',
      'duplicate stage name "a"',
      'no workDir (give the stage or the pipeline one)',
      'no workDir (give the stage or the pipeline one)',
      'unknown stage "nope"',
      'stage "b" depends on itself',
    ]);
  });

  it('rejects references to stages that are not dependencies, and unknown fields', () => {
    expect(
      issues({
        name: 'p',
        workDir: '/w',
        stages: [
          stage('a'),
          stage('b'),
          stage('c', ['a'], 'use {{stages.a.lastMessage}} and {{stages.b.lastMessage}} and {{ stages.a.secret }}'),
        ],
      }),
    ).toEqual([
      '{{stages.b.lastMessage}}: "b" is not a stage this one depends on',
      '{{stages.a.secret}}: use {{stages.<name>.lastMessage|sessionId|workDir|branch|diffStat}}',
    ]);
  });

  it('accepts references to transitive dependencies', () => {
    expect(
      issues({
        name: 'p',
        workDir: '/w',
        stages: [stage('a'), stage('b', ['a']), stage('c', ['b'], '{{stages.a.workDir}}/x')],
      }),
    ).toEqual([]);
  });

  it('validates doneWhen: one kind, argv commands, compiling patterns', () => {
    const withCheck = (doneWhen: unknown) =>
      issues({ name: 'p', workDir: '/w', stages: [{ ...stage('a'), doneWhen }] as never });
    expect(withCheck({ fileExists: 'out.txt' })).toEqual([]);
    expect(withCheck({ command: ['test', '-f', 'x'], timeoutMs: 5000 })).toEqual([]);
    expect(withCheck({ lastMessageMatches: 'DONE\\b', flags: 'i' })).toEqual([]);
    expect(withCheck({ command: 'rm -rf /' })).not.toEqual([]);
    expect(withCheck({ lastMessageMatches: '(' })).not.toEqual([]);
    expect(withCheck({ fileExists: 'a', command: ['true'] })).not.toEqual([]);
  });
});
