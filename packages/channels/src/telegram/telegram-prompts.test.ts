import { describe, expect, it } from 'vitest';
import { ALICE, buttons, created, ev, PERMISSION_OPTIONS, useTelegram } from '../testing/telegram-setup.js';
import { until } from '../testing/receiver.js';

describe('Telegram channel: prompts and their buttons', () => {
  const tg = useTelegram();

  it('a permission prompt shows the real options; pressing allow approves exactly once and removes the buttons', async () => {
    await tg.channel.handle(created('s6'));
    await tg.channel.handle(
      ev('permission.requested', 's6', {
        promptId: 'p1',
        tool: 'Bash',
        command: 'echo hi > out.txt',
        file: null,
        options: PERMISSION_OPTIONS,
      }),
    );
    const prompt = tg.fake.callsOf('sendMessage').at(-1)!;
    expect(buttons(prompt).map((b) => b.text)).toEqual([
      '✅ Yes',
      "✅✅ Yes, and don't ask again for echo commands",
      '❌ No',
    ]);
    expect(prompt.payload.text).toContain('echo hi &gt; out.txt');
    const allow = buttons(prompt)[0]!.callback_data;
    const sentId = tg.fake.messageIdOf(prompt);
    tg.fake.press(ALICE, sentId, allow);
    tg.fake.press(ALICE, sentId, allow);
    await until(() => tg.fake.callsOf('answerCallbackQuery').length === 2);
    expect(tg.sessions.of('approve')).toEqual([{ method: 'approve', args: ['s6', { promptId: 'p1', always: false }] }]);
    expect(tg.fake.callsOf('answerCallbackQuery').map((c) => c.payload.text)).toEqual(['Yes', 'Already answered.']);
    const closed = tg.fake.callsOf('editMessageText').at(-1)!;
    expect(closed.payload.reply_markup).toBeUndefined();
    expect(closed.payload.text).toContain('✅ Yes — @alice');
  });

  it('a button left from before a restart answers nothing', async () => {
    await tg.channel.handle(created('s12'));
    await tg.channel.handle(
      ev('permission.requested', 's12', {
        promptId: 'p9',
        tool: 'Bash',
        command: 'ls',
        file: null,
        options: PERMISSION_OPTIONS,
      }),
    );
    const prompt = tg.fake.callsOf('sendMessage').at(-1)!;
    const data = buttons(prompt)[0]!.callback_data;
    await tg.channel.stop();
    tg.channel = tg.makeChannel(); // a new process: same topics, no open prompts
    await tg.channel.start();
    tg.fake.press(ALICE, tg.fake.messageIdOf(prompt), data);
    await until(() => tg.fake.callsOf('answerCallbackQuery').length === 1);
    expect(tg.fake.callsOf('answerCallbackQuery')[0]!.payload.text).toContain('no longer open');
    expect(tg.sessions.calls).toEqual([]);
  });

  it('a prompt answered elsewhere loses its buttons', async () => {
    await tg.channel.handle(created('s7'));
    await tg.channel.handle(
      ev('plan.proposed', 's7', {
        promptId: 'p2',
        plan: '1. do\n2. test',
        options: [
          { id: 'yes_auto', label: 'Yes, auto-accept edits', kind: 'allow_always' },
          { id: 'yes_manual', label: 'Yes, manually approve edits', kind: 'allow' },
          { id: 'no', label: 'No, keep planning', kind: 'deny' },
        ],
      }),
    );
    expect(buttons(tg.fake.callsOf('sendMessage').at(-1)!).map((b) => b.text)).toEqual([
      '✅✅ Yes, auto-accept edits',
      '✅ Yes, manually approve edits',
      '❌ No, keep planning',
    ]);
    await tg.channel.handle(
      ev('prompt.answered', 's7', { promptId: 'p2', action: 'approve', via: 'keys', optionId: 'yes_manual' }),
    );
    expect(tg.fake.callsOf('editMessageText').at(-1)!.payload.text).toContain('Answered elsewhere');
  });

  it('questions: multi-select toggles, "Other" free text, then one answer', async () => {
    await tg.channel.handle(created('s10'));
    await tg.channel.handle(
      ev('question.asked', 's10', {
        promptId: 'q1',
        questions: [
          {
            text: 'Which checks?',
            multiSelect: true,
            options: [
              { id: 'lint', label: 'Lint', kind: 'other' },
              { id: 'types', label: 'Types', kind: 'other' },
              { id: 'type_something', label: 'Type something', kind: 'other' },
            ],
          },
          {
            text: 'Which name?',
            multiSelect: false,
            options: [
              { id: 'a', label: 'A', kind: 'other' },
              { id: 'type_something', label: 'Type something', kind: 'other' },
            ],
          },
        ],
      }),
    );
    const msg = tg.fake.callsOf('sendMessage').at(-1)!;
    const b = buttons(msg);
    expect(b.map((x) => x.text)).toEqual([
      '1. ☐ Lint',
      '1. ☐ Types',
      '1. ☐ ✏️ Type something',
      '2. A',
      '2. ✏️ Type something',
      '➡️ Submit',
    ]);
    const id = tg.fake.messageIdOf(msg);
    tg.fake.press(ALICE, id, b[0]!.callback_data);
    tg.fake.press(ALICE, id, b[1]!.callback_data);
    tg.fake.press(ALICE, id, b[0]!.callback_data); // untick Lint
    tg.fake.press(ALICE, id, b[4]!.callback_data); // Other for question 2
    await until(() => tg.fake.callsOf('answerCallbackQuery').length === 4);
    tg.fake.message(ALICE, 'Zed', tg.threadOf('s10'));
    await until(() => tg.sessions.of('answer').length === 1);
    expect(tg.sessions.of('answer')[0]!.args).toEqual([
      's10',
      { action: 'answer', promptId: 'q1', options: [['types'], ['type_something']], text: ['', 'Zed'] },
    ]);
    expect(tg.sessions.of('send')).toEqual([]);
    const marks = tg.fake.callsOf('editMessageReplyMarkup').map((c) => buttons(c).map((x) => x.text)[0]);
    expect(marks).toEqual(['1. ☑ Lint', '1. ☑ Lint', '1. ☐ Lint']);
  });

  it('a single single-select question answers on the first press; a plan button approves by its kind', async () => {
    await tg.channel.handle(created('s14'));
    await tg.channel.handle(
      ev('question.asked', 's14', {
        promptId: 'q2',
        questions: [
          {
            text: 'Pick one',
            multiSelect: false,
            options: [
              { id: 'red', label: 'Red', kind: 'other' },
              { id: 'blue', label: 'Blue', kind: 'other' },
            ],
          },
        ],
      }),
    );
    const q = tg.fake.callsOf('sendMessage').at(-1)!;
    expect(buttons(q).map((b) => b.text)).toEqual(['Red', 'Blue']);
    tg.fake.press(ALICE, tg.fake.messageIdOf(q), buttons(q)[1]!.callback_data);
    await until(() => tg.sessions.of('answer').length === 1);
    expect(tg.sessions.of('answer')[0]!.args).toEqual([
      's14',
      { action: 'answer', promptId: 'q2', options: [['blue']] },
    ]);

    await tg.channel.handle(
      ev('plan.proposed', 's14', {
        promptId: 'p5',
        plan: 'the plan',
        options: [
          { id: 'yes_auto', label: 'Yes, auto-accept edits', kind: 'allow_always' },
          { id: 'yes_manual', label: 'Yes, manually approve edits', kind: 'allow' },
          { id: 'no', label: 'No, keep planning', kind: 'deny' },
        ],
      }),
    );
    const plan = tg.fake.callsOf('sendMessage').at(-1)!;
    expect(plan.payload.text).toBe('📋 <b>Plan</b>\nthe plan');
    tg.fake.press(ALICE, tg.fake.messageIdOf(plan), buttons(plan)[0]!.callback_data);
    await until(() => tg.sessions.of('approve').length === 1);
    expect(tg.sessions.of('approve')[0]!.args).toEqual(['s14', { promptId: 'p5', always: true }]);
  });
});
