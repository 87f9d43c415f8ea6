import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@aegis/testkit';
import type { AegisEvent, EventPayloads } from '@aegis/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../channel.js';
import { startFakeBotApi, type FakeBotApi } from '../testing/fake-bot-api.js';
import { fakeSessions } from '../testing/fake-sessions.js';
import { until } from '../testing/receiver.js';
import { TelegramChannel, type TelegramChannelOptions } from './channel.js';

const GROUP = -1001234567890;
const ALICE = { id: 111, first_name: 'Alice', username: 'alice' };
const MALLORY = { id: 999, first_name: 'Mallory' };
let seq = 0;

function ev<K extends keyof EventPayloads>(type: K, sessionId: string, data: EventPayloads[K]): AegisEvent {
  return { id: ++seq, at: Date.now(), type, sessionId, data } as AegisEvent;
}
const created = (sid: string) =>
  ev('session.created', sid, {
    workDir: '/w',
    name: `proj-${sid}`,
    permissionMode: 'default',
    reused: false,
    resumed: false,
  });
const PERMISSION_OPTIONS = [
  { id: 'yes', label: 'Yes', kind: 'allow' },
  { id: 'yes_dont_ask_again', label: "Yes, and don't ask again for echo commands", kind: 'allow_always' },
  { id: 'no', label: 'No', kind: 'deny' },
];

let fake: FakeBotApi;
let sessions: ReturnType<typeof fakeSessions>;
let channel: TelegramChannel;
let topicsFile: string;

function makeChannel(extra: Partial<TelegramChannelOptions> = {}): TelegramChannel {
  return new TelegramChannel({
    token: '123:TEST',
    groupId: GROUP,
    allowedUserIds: [ALICE.id],
    topicsFile,
    sessions: sessions.control,
    apiRoot: fake.apiRoot,
    logger: silentLogger,
    ...extra,
  });
}
const buttons = (c: { payload: Record<string, unknown> }) =>
  (
    (c.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined)
      ?.inline_keyboard ?? []
  ).flat();
const threadOf = (sid: string) => channel.topics.bySession(sid)!.threadId;

beforeEach(async () => {
  fake = await startFakeBotApi({ groupId: GROUP });
  sessions = fakeSessions();
  topicsFile = join(await tempDir('aegis-tg-'), 'topics.json');
  channel = makeChannel();
  await channel.start();
});
afterEach(async () => {
  await channel.stop();
  await fake.close();
});

describe('Telegram channel against a fake Bot API on 127.0.0.1', () => {
  it('creates one topic per session on its first event, and persists the map across restarts', async () => {
    await channel.handle(created('s1'));
    await channel.handle(
      ev('message.assistant', 's1', {
        entryId: 'e1',
        text: 'Hello <system-reminder>secret</system-reminder>from Claude',
      }),
    );
    await channel.handle(created('s2'));
    const topics = fake.callsOf('createForumTopic');
    expect(topics.map((c) => c.payload.name)).toEqual(['proj-s1', 'proj-s2']);
    const texts = fake.callsOf('sendMessage').map((c) => [c.payload.message_thread_id, c.payload.text]);
    expect(texts).toContainEqual([threadOf('s1'), 'Hello from Claude']);
    expect(threadOf('s1')).not.toBe(threadOf('s2'));
    expect(JSON.parse(await readFile(topicsFile, 'utf8')).topics).toHaveLength(2);

    await channel.stop();
    channel = makeChannel();
    await channel.start();
    await channel.handle(ev('session.stalled', 's1', { since: 0, reason: 'no output for 5 min' }));
    expect(fake.callsOf('createForumTopic')).toHaveLength(2);
    expect(fake.callsOf('sendMessage').at(-1)!.payload.message_thread_id).toBe(threadOf('s1'));
  });

  it('buffers events while the topic cannot be created, then sends them in order', async () => {
    fake.failNext('createForumTopic', { error_code: 400, description: 'Bad Request: not enough rights' });
    await expect(channel.handle(created('s3'))).rejects.toThrow(/not enough rights/);
    await channel.handle(ev('message.user', 's3', { entryId: 'u1', text: 'do the thing', queued: false }));
    const sent = fake.callsOf('sendMessage').filter((c) => c.payload.message_thread_id === threadOf('s3'));
    expect(sent.map((c) => c.payload.text)).toEqual([expect.stringContaining('proj-s3'), '👤 <i>do the thing</i>']);
  });

  it('splits long assistant text at Telegram’s limit', async () => {
    await channel.handle(created('s4'));
    const long = 'word '.repeat(2000);
    await channel.handle(ev('message.assistant', 's4', { entryId: 'e', text: long }));
    const parts = fake
      .callsOf('sendMessage')
      .slice(1)
      .map((c) => c.payload.text as string);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(long.trim());
  });

  it('edits one tool-activity card in place', async () => {
    await channel.handle(created('s5'));
    await channel.handle(
      ev('tool.use', 's5', { entryId: 't1', toolUseId: 'tu1', name: 'Bash', input: { command: 'ls -la' } }),
    );
    await channel.handle(ev('tool.result', 's5', { entryId: 't2', toolUseId: 'tu1', isError: false, text: 'ok' }));
    await channel.handle(
      ev('tool.use', 's5', { entryId: 't3', toolUseId: 'tu2', name: 'Read', input: { file_path: '/w/a.ts' } }),
    );
    const cards = fake.callsOf('sendMessage').filter((c) => String(c.payload.text).includes('Tools'));
    expect(cards).toHaveLength(1);
    const edits = fake.callsOf('editMessageText');
    expect(edits).toHaveLength(2);
    expect(edits.at(-1)!.payload.text).toBe(
      '🔧 <b>Tools</b>\n✅ Bash: <code>ls -la</code>\n⏳ Read: <code>/w/a.ts</code>',
    );
  });

  it('a permission prompt shows the real options; pressing allow approves exactly once and removes the buttons', async () => {
    await channel.handle(created('s6'));
    await channel.handle(
      ev('permission.requested', 's6', {
        promptId: 'p1',
        tool: 'Bash',
        command: 'echo hi > out.txt',
        file: null,
        options: PERMISSION_OPTIONS,
      }),
    );
    const prompt = fake.callsOf('sendMessage').at(-1)!;
    expect(buttons(prompt).map((b) => b.text)).toEqual([
      '✅ Yes',
      "✅✅ Yes, and don't ask again for echo commands",
      '❌ No',
    ]);
    expect(prompt.payload.text).toContain('echo hi &gt; out.txt');
    const allow = buttons(prompt)[0]!.callback_data;
    const sentId = fake.messageIdOf(prompt);
    fake.press(ALICE, sentId, allow);
    fake.press(ALICE, sentId, allow);
    await until(() => fake.callsOf('answerCallbackQuery').length === 2);
    expect(sessions.of('approve')).toEqual([{ method: 'approve', args: ['s6', { promptId: 'p1', always: false }] }]);
    expect(fake.callsOf('answerCallbackQuery').map((c) => c.payload.text)).toEqual(['Yes', 'Already answered.']);
    const closed = fake.callsOf('editMessageText').at(-1)!;
    expect(closed.payload.reply_markup).toBeUndefined();
    expect(closed.payload.text).toContain('✅ Yes — @alice');
  });

  it('a button left from before a restart answers nothing', async () => {
    await channel.handle(created('s12'));
    await channel.handle(
      ev('permission.requested', 's12', {
        promptId: 'p9',
        tool: 'Bash',
        command: 'ls',
        file: null,
        options: PERMISSION_OPTIONS,
      }),
    );
    const prompt = fake.callsOf('sendMessage').at(-1)!;
    const data = buttons(prompt)[0]!.callback_data;
    await channel.stop();
    channel = makeChannel(); // a new process: same topics, no open prompts
    await channel.start();
    fake.press(ALICE, fake.messageIdOf(prompt), data);
    await until(() => fake.callsOf('answerCallbackQuery').length === 1);
    expect(fake.callsOf('answerCallbackQuery')[0]!.payload.text).toContain('no longer open');
    expect(sessions.calls).toEqual([]);
  });

  it('a prompt answered elsewhere loses its buttons', async () => {
    await channel.handle(created('s7'));
    await channel.handle(
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
    expect(buttons(fake.callsOf('sendMessage').at(-1)!).map((b) => b.text)).toEqual([
      '✅✅ Yes, auto-accept edits',
      '✅ Yes, manually approve edits',
      '❌ No, keep planning',
    ]);
    await channel.handle(
      ev('prompt.answered', 's7', { promptId: 'p2', action: 'approve', via: 'keys', optionId: 'yes_manual' }),
    );
    expect(fake.callsOf('editMessageText').at(-1)!.payload.text).toContain('Answered elsewhere');
  });

  it('free text in a topic reaches the session; commands act on it', async () => {
    await channel.handle(created('s8'));
    fake.message(ALICE, 'please add tests', threadOf('s8'));
    fake.message(ALICE, '/interrupt', threadOf('s8'));
    fake.message(ALICE, '/status@aegis_test_bot', threadOf('s8'));
    fake.message(ALICE, '/pane', threadOf('s8'));
    fake.message(ALICE, '/kill', threadOf('s8'));
    await until(() => sessions.of('kill').length === 1);
    expect(sessions.calls.map((c) => [c.method, ...c.args])).toEqual([
      ['send', 's8', 'please add tests'],
      ['interrupt', 's8'],
      ['pane', 's8'],
      ['kill', 's8'],
    ]);
    const texts = fake.callsOf('sendMessage').map((c) => c.payload.text as string);
    expect(texts).toContain('<b>name-s8</b>: idle · queue 0');
    expect(texts).toContain('<pre>╭──╮\n│ &gt; hello &lt;b&gt; │\n╰──╯</pre>');
  });

  it('/pane sends an image when a renderer is given', async () => {
    await channel.stop();
    const rendered: string[] = [];
    channel = makeChannel({
      renderPane: async (text) => (rendered.push(text), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])),
    });
    await channel.start();
    await channel.handle(created('s13'));
    fake.message(ALICE, '/pane', threadOf('s13'));
    const photo = await fake.waitForCall('sendPhoto');
    expect(rendered).toEqual(['╭──╮\n│ > hello <b> │\n╰──╯']);
    expect(photo.payload).toMatchObject({ chat_id: GROUP, message_thread_id: threadOf('s13'), caption: 'proj-s13' });
    const file = Object.values(photo.payload).find((v) => typeof v === 'object' && v !== null && 'filename' in v);
    expect(file).toEqual({ filename: 'pane.png', bytes: 7 });
  });

  it('/new and /sessions in the general topic', async () => {
    fake.message(ALICE, '/new /tmp/project fix the bug please');
    fake.message(ALICE, '/sessions');
    await until(() => fake.callsOf('sendMessage').length === 2);
    expect(sessions.of('create')[0]!.args[0]).toEqual({
      workDir: '/tmp/project',
      prompt: 'fix the bug please',
      owner: 'telegram:111',
    });
    expect(fake.callsOf('sendMessage').map((c) => c.payload.text)).toEqual([
      expect.stringContaining('Started <b>name-new1</b>'),
      '• <b>name-s1</b> — idle — <code>s1</code>',
    ]);
  });

  it('refuses a user who is not on the allow list (messages and buttons)', async () => {
    await channel.handle(created('s9'));
    await channel.handle(
      ev('permission.requested', 's9', {
        promptId: 'p3',
        tool: 'Bash',
        command: 'rm -rf /',
        file: null,
        options: PERMISSION_OPTIONS,
      }),
    );
    const prompt = fake.callsOf('sendMessage').at(-1)!;
    fake.message(MALLORY, 'just chatting in the general topic'); // not steering: ignored quietly
    fake.message(MALLORY, 'run this', threadOf('s9'));
    fake.press(MALLORY, fake.messageIdOf(prompt), buttons(prompt)[0]!.callback_data);
    fake.message(ALICE, '/status', threadOf('s9')); // updates are handled in order: once this is answered, all are
    await until(() => fake.callsOf('sendMessage').some((c) => String(c.payload.text).includes('queue 0')));
    expect(fake.callsOf('sendMessage').filter((c) => String(c.payload.text).includes('allow list'))).toHaveLength(1);
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(sessions.calls).toEqual([]);
    expect(fake.callsOf('answerCallbackQuery')[0]!.payload).toMatchObject({
      show_alert: true,
      text: expect.stringContaining('allow list'),
    });
  });

  it('an empty allow list allows nobody', async () => {
    await channel.stop();
    channel = new TelegramChannel({
      token: '123:TEST',
      groupId: GROUP,
      allowedUserIds: [],
      topicsFile: null,
      sessions: sessions.control,
      apiRoot: fake.apiRoot,
      logger: silentLogger,
    });
    await channel.start();
    fake.message(ALICE, '/sessions');
    await until(() => fake.callsOf('sendMessage').length === 1);
    expect(fake.callsOf('sendMessage')[0]!.payload.text).toContain('allow list');
  });

  it('questions: multi-select toggles, "Other" free text, then one answer', async () => {
    await channel.handle(created('s10'));
    await channel.handle(
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
    const msg = fake.callsOf('sendMessage').at(-1)!;
    const b = buttons(msg);
    expect(b.map((x) => x.text)).toEqual([
      '1. ☐ Lint',
      '1. ☐ Types',
      '1. ☐ ✏️ Type something',
      '2. A',
      '2. ✏️ Type something',
      '➡️ Submit',
    ]);
    const id = fake.messageIdOf(msg);
    fake.press(ALICE, id, b[0]!.callback_data);
    fake.press(ALICE, id, b[1]!.callback_data);
    fake.press(ALICE, id, b[0]!.callback_data); // untick Lint
    fake.press(ALICE, id, b[4]!.callback_data); // Other for question 2
    await until(() => fake.callsOf('answerCallbackQuery').length === 4);
    fake.message(ALICE, 'Zed', threadOf('s10'));
    await until(() => sessions.of('answer').length === 1);
    expect(sessions.of('answer')[0]!.args).toEqual([
      's10',
      { action: 'answer', promptId: 'q1', options: [['types'], ['type_something']], text: ['', 'Zed'] },
    ]);
    expect(sessions.of('send')).toEqual([]);
    const marks = fake.callsOf('editMessageReplyMarkup').map((c) => buttons(c).map((x) => x.text)[0]);
    expect(marks).toEqual(['1. ☑ Lint', '1. ☑ Lint', '1. ☐ Lint']);
  });

  it('a single single-select question answers on the first press; a plan button approves by its kind', async () => {
    await channel.handle(created('s14'));
    await channel.handle(
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
    const q = fake.callsOf('sendMessage').at(-1)!;
    expect(buttons(q).map((b) => b.text)).toEqual(['Red', 'Blue']);
    fake.press(ALICE, fake.messageIdOf(q), buttons(q)[1]!.callback_data);
    await until(() => sessions.of('answer').length === 1);
    expect(sessions.of('answer')[0]!.args).toEqual(['s14', { action: 'answer', promptId: 'q2', options: [['blue']] }]);

    await channel.handle(
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
    const plan = fake.callsOf('sendMessage').at(-1)!;
    expect(plan.payload.text).toBe('📋 <b>Plan</b>\nthe plan');
    fake.press(ALICE, fake.messageIdOf(plan), buttons(plan)[0]!.callback_data);
    await until(() => sessions.of('approve').length === 1);
    expect(sessions.of('approve')[0]!.args).toEqual(['s14', { promptId: 'p5', always: true }]);
  });

  it('honours a 429 retry_after (grammY auto-retry)', async () => {
    await channel.handle(created('s11'));
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await channel.handle(ev('session.ended', 's11', { reason: 'killed', code: null, signal: null }));
    const all = fake.callsOf('sendMessage', true).slice(-2);
    expect(all.map((c) => c.ok)).toEqual([false, true]);
    expect(all[1]!.payload.text).toContain('Session ended');
    expect(all[1]!.at - all[0]!.at).toBeGreaterThanOrEqual(990); // waited retry_after (a lower bound, not a timing)
  });
});
