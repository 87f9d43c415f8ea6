import { describe, expect, it } from 'vitest';
import { renderPrompt, templateRefs } from './template.js';

describe('prompt templates', () => {
  const values = new Map([
    ['build', { lastMessage: 'built {{stages.test.lastMessage}} $& $1', sessionId: 'sid-1', workDir: '/w/build' }],
    ['a.b', { lastMessage: 'dotted', sessionId: 's2', workDir: '/w' }],
  ]);

  it('substitutes values once, literally (no re-expansion, no replacement patterns)', () => {
    expect(
      renderPrompt(
        'Review: {{stages.build.lastMessage}} in {{ stages.build.workDir }} ({{stages.build.sessionId}})',
        values,
      ),
    ).toBe('Review: built {{stages.test.lastMessage}} $& $1 in /w/build (sid-1)');
  });

  it('handles stage names with dots and leaves other braces alone', () => {
    expect(renderPrompt('{{stages.a.b.lastMessage}} {{name}} {{stages.unknown.lastMessage}}', values)).toBe(
      'dotted {{name}} {{stages.unknown.lastMessage}}',
    );
  });

  it('lists references', () => {
    expect(templateRefs('{{stages.x.lastMessage}} {{stages.y.z.workDir}}')).toEqual([
      { stage: 'x', field: 'lastMessage' },
      { stage: 'y.z', field: 'workDir' },
    ]);
  });
});
