import { describe, expect, it } from 'vitest';
import type { MessageReply, ToolUseBlock } from './replies.js';
import { analyzeRequest } from './request-info.js';
import { builtinReply, keywordReply, PLAN_TEXT, type ScenarioContext } from './scenarios.js';
import { promptBody, toolRound } from './testing/bodies.js';

function ctxOf(body: Record<string, any>): ScenarioContext {
  return { ...analyzeRequest(body), body };
}
function tools(reply: unknown): ToolUseBlock[] {
  return (reply as MessageReply).content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
}

describe('keyword scenarios', () => {
  it('KWPLAN enters plan mode, writes the plan file named by the reminder, then exits plan mode', () => {
    expect(tools(keywordReply(ctxOf(promptBody('make a KWPLAN'))))[0]!.name).toBe('EnterPlanMode');
    const reminder = {
      role: 'user',
      content: [
        { type: 'text', text: '<system-reminder>Plan mode is active … /cfg/plans/a-b-c.md …</system-reminder>' },
      ],
    };
    const inPlan = promptBody('make a KWPLAN', [
      ...toolRound('t1', 'EnterPlanMode', {}, 'Entered plan mode.'),
      reminder,
    ]);
    expect(tools(keywordReply(ctxOf(inPlan)))[0]).toMatchObject({
      name: 'Write',
      input: { file_path: '/cfg/plans/a-b-c.md', content: PLAN_TEXT },
    });
    const written = promptBody('make a KWPLAN', [
      ...toolRound('t1', 'EnterPlanMode', {}, 'ok'),
      reminder,
      ...toolRound('t2', 'Write', {}, 'File created'),
    ]);
    expect(tools(keywordReply(ctxOf(written)))[0]).toMatchObject({ name: 'ExitPlanMode', input: {} });
    const done = promptBody('make a KWPLAN', [
      ...toolRound('t1', 'EnterPlanMode', {}, 'ok'),
      reminder,
      ...toolRound('t2', 'Write', {}, 'ok'),
      ...toolRound('t3', 'ExitPlanMode', {}, 'User has approved your plan.'),
    ]);
    expect(keywordReply(ctxOf(done))).toMatchObject({
      content: [{ type: 'text', text: 'Plan handled. Result: "User has approved your plan."' }],
    });
  });

  it('KWASK2 asks two questions, the second multi-select', () => {
    const [ask] = tools(keywordReply(ctxOf(promptBody('please KWASK2 me'))));
    const questions = ask!.input.questions as Array<{ multiSelect: boolean; options: unknown[] }>;
    expect(questions.map((q) => [q.multiSelect, q.options.length])).toEqual([
      [false, 3],
      [true, 3],
    ]);
  });

  it('KWSLOW<n> streams 5 words a second, KWERR<status> answers that status', () => {
    expect(keywordReply(ctxOf(promptBody('please KWSLOW4 answer')))).toMatchObject({ durationMs: 4000 });
    expect((keywordReply(ctxOf(promptBody('KWSLOW4'))) as MessageReply).content[0]).toMatchObject({
      text: expect.stringMatching(/^word0 .* word19$/),
    });
    expect(keywordReply(ctxOf(promptBody('KWERR529')))).toEqual({ type: 'error', status: 529 });
    expect(keywordReply(ctxOf(promptBody('KWERR429')))).toEqual({ type: 'error', status: 429, retryAfter: 5 });
    expect(keywordReply(ctxOf(promptBody('KWLONG')))).toMatchObject({
      content: [{ text: expect.stringContaining('Line 150 of the long answer.') }],
    });
    expect(keywordReply(ctxOf(promptBody('no keyword')))).toBeUndefined();
  });

  it('fills structured-output requests that are not titles (2.1.331 session name)', () => {
    const body = {
      model: 'm',
      messages: [{ role: 'user', content: '<conversation>x</conversation>' }],
      output_config: {
        format: { type: 'json_schema', schema: { type: 'object', properties: { name: { type: 'string' } } } },
      },
    };
    expect(builtinReply(ctxOf(body))).toMatchObject({ content: [{ type: 'text', text: '{"name":"fake-name"}' }] });
  });
});
