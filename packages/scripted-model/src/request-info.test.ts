import { describe, expect, it } from 'vitest';
import { analyzeRequest, classifyRequest, humanPart } from './request-info.js';
import { promptBody, titleBody, toolRound } from './testing/bodies.js';

describe('classifyRequest', () => {
  it('tells prompts, titles, compactions and others apart', () => {
    expect(classifyRequest(promptBody('say hi'))).toBe('prompt');
    expect(classifyRequest(titleBody('say hi'))).toBe('title');
    const compaction = promptBody(
      'Your task is to create a detailed summary … an <analysis> block followed by a <summary> block …',
    );
    expect(classifyRequest(compaction)).toBe('compaction');
    expect(classifyRequest({ model: 'x', messages: [{ role: 'user', content: 'quota' }] })).toBe('other');
  });
});

describe('humanPart', () => {
  it('drops Claude Code injected blocks and keeps typed text verbatim', () => {
    expect(humanPart('<system-reminder>\nctx\n</system-reminder>\n\n')).toBeUndefined();
    expect(humanPart('[Request interrupted by user]')).toBeUndefined();
    expect(humanPart('[Request interrupted by user for tool use]')).toBeUndefined();
    expect(humanPart('<command-name>/compact</command-name>')).toBeUndefined();
    expect(humanPart('<local-command-stdout>Compacted</local-command-stdout>')).toBeUndefined();
    expect(
      humanPart('This session is being continued from a previous conversation that ran out of context.'),
    ).toBeUndefined();
    expect(humanPart('  two spaces and\nnew line  ')).toBe('  two spaces and\nnew line  ');
    expect(humanPart('<system-reminder>x</system-reminder>\n\nreal text')).toBe('real text');
  });
});

describe('analyzeRequest', () => {
  it('finds the human text behind system reminders and a trailing system message', () => {
    const info = analyzeRequest(promptBody('please KWBASH now'));
    expect(info).toMatchObject({
      kind: 'prompt',
      humanText: 'please KWBASH now',
      step: 0,
      toolResults: [],
      cwd: '/tmp/work',
    });
  });

  it('accepts a plain string content', () => {
    const body = promptBody('x');
    body.messages = [{ role: 'user', content: 'typed as a string' }];
    expect(analyzeRequest(body).humanText).toBe('typed as a string');
  });

  it('counts tool results and steps after the human text', () => {
    const body = promptBody('please KWEDIT notes', [
      ...toolRound('toolu_1', 'Read', { file_path: '/tmp/work/notes.txt' }, '1\talpha line'),
      ...toolRound('toolu_2', 'Edit', { file_path: '/tmp/work/notes.txt' }, 'updated'),
    ]);
    const info = analyzeRequest(body);
    expect(info.humanText).toBe('please KWEDIT notes');
    expect(info.step).toBe(2);
    expect(info.toolResults.map((r) => r.text)).toEqual(['1\talpha line', 'updated']);
    expect(info.toolUses.map((u) => u.name)).toEqual(['Read', 'Edit']);
  });

  it('takes the newest human text of merged user turns and ignores interrupt markers', () => {
    const body = promptBody('first KWERR500', [
      {
        role: 'user',
        content: [
          { type: 'text', text: '[Request interrupted by user]' },
          { type: 'text', text: 'second prompt' },
        ],
      },
    ]);
    expect(analyzeRequest(body).humanText).toBe('second prompt');
    const amend = promptBody('please KWBASH', [
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't', content: 'done' },
          { type: 'text', text: 'and also this' },
        ],
      },
    ]);
    expect(analyzeRequest(amend)).toMatchObject({ humanText: 'and also this', step: 0, toolResults: [] });
  });

  it('has no human text for title requests and reads the plan file path', () => {
    expect(analyzeRequest(titleBody('say hi')).humanText).toBeUndefined();
    const body = promptBody('make a KWPLAN', [
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: '<system-reminder>Plan mode is active. … create your plan at /cfg/plans/make-a-kwplan-happy-cat.md using the Write tool</system-reminder>',
          },
        ],
      },
    ]);
    expect(analyzeRequest(body)).toMatchObject({
      humanText: 'make a KWPLAN',
      planFilePath: '/cfg/plans/make-a-kwplan-happy-cat.md',
    });
  });
});
