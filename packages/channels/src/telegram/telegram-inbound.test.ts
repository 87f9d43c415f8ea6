import { describe, expect, it } from 'vitest';
import {
  ALICE,
  buttons,
  created,
  ev,
  GROUP,
  MALLORY,
  PERMISSION_OPTIONS,
  useTelegram,
} from '../testing/telegram-setup.js';
import { until } from '../testing/receiver.js';
import { TelegramChannel } from './channel.js';
import { silentLogger } from '../channel.js';

describe('Telegram channel: messages and commands from the group', () => {
  const tg = useTelegram();

  it('free text in a topic reaches the session; commands act on it', async () => {
    await tg.channel.handle(created('s8'));
    tg.fake.message(ALICE, 'please add tests', tg.threadOf('s8'));
    tg.fake.message(ALICE, '/interrupt', tg.threadOf('s8'));
    tg.fake.message(ALICE, '/status@aegis_test_bot', tg.threadOf('s8'));
    tg.fake.message(ALICE, '/pane', tg.threadOf('s8'));
    tg.fake.message(ALICE, '/kill', tg.threadOf('s8'));
    await until(() => tg.sessions.of('kill').length === 1);
    expect(tg.sessions.calls.map((c) => [c.method, ...c.args])).toEqual([
      ['send', 's8', 'please add tests'],
      ['interrupt', 's8'],
      ['pane', 's8'],
      ['kill', 's8'],
    ]);
    const texts = tg.fake.callsOf('sendMessage').map((c) => c.payload.text as string);
    expect(texts).toContain('<b>name-s8</b>: idle · queue 0');
    expect(texts).toContain('<pre>╭──╮\n│ &gt; hello &lt;b&gt; │\n╰──╯</pre>');
  });

  it('/pane sends an image when a renderer is given', async () => {
    await tg.channel.stop();
    const rendered: string[] = [];
    tg.channel = tg.makeChannel({
      renderPane: async (text) => (rendered.push(text), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])),
    });
    await tg.channel.start();
    await tg.channel.handle(created('s13'));
    tg.fake.message(ALICE, '/pane', tg.threadOf('s13'));
    const photo = await tg.fake.waitForCall('sendPhoto');
    expect(rendered).toEqual(['╭──╮\n│ > hello <b> │\n╰──╯']);
    expect(photo.payload).toMatchObject({ chat_id: GROUP, message_thread_id: tg.threadOf('s13'), caption: 'proj-s13' });
    const file = Object.values(photo.payload).find((v) => typeof v === 'object' && v !== null && 'filename' in v);
    expect(file).toEqual({ filename: 'pane.png', bytes: 7 });
  });

  it('/new and /sessions in the general topic', async () => {
    tg.fake.message(ALICE, '/new /tmp/project fix the bug please');
    tg.fake.message(ALICE, '/sessions');
    await until(() => tg.fake.callsOf('sendMessage').length === 2);
    expect(tg.sessions.of('create')[0]!.args[0]).toEqual({
      workDir: '/tmp/project',
      prompt: 'fix the bug please',
      owner: 'telegram:111',
    });
    expect(tg.fake.callsOf('sendMessage').map((c) => c.payload.text)).toEqual([
      expect.stringContaining('Started <b>name-new1</b>'),
      '• <b>name-s1</b> — idle — <code>s1</code>',
    ]);
  });

  it('refuses a user who is not on the allow list (messages and buttons)', async () => {
    await tg.channel.handle(created('s9'));
    await tg.channel.handle(
      ev('permission.requested', 's9', {
        promptId: 'p3',
        tool: 'Bash',
        command: 'rm -rf /',
        file: null,
        options: PERMISSION_OPTIONS,
      }),
    );
    const prompt = tg.fake.callsOf('sendMessage').at(-1)!;
    tg.fake.message(MALLORY, 'just chatting in the general topic'); // not steering: ignored quietly
    tg.fake.message(MALLORY, 'run this', tg.threadOf('s9'));
    tg.fake.press(MALLORY, tg.fake.messageIdOf(prompt), buttons(prompt)[0]!.callback_data);
    tg.fake.message(ALICE, '/status', tg.threadOf('s9')); // updates are handled in order: once this is answered, all are
    await until(() => tg.fake.callsOf('sendMessage').some((c) => String(c.payload.text).includes('queue 0')));
    expect(tg.fake.callsOf('sendMessage').filter((c) => String(c.payload.text).includes('allow list'))).toHaveLength(1);
    expect(tg.fake.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(tg.sessions.calls).toEqual([]);
    expect(tg.fake.callsOf('answerCallbackQuery')[0]!.payload).toMatchObject({
      show_alert: true,
      text: expect.stringContaining('allow list'),
    });
  });

  it('an empty allow list allows nobody', async () => {
    await tg.channel.stop();
    tg.channel = new TelegramChannel({
      token: '123:TEST',
      groupId: GROUP,
      allowedUserIds: [],
      topicsFile: null,
      sessions: tg.sessions.control,
      apiRoot: tg.fake.apiRoot,
      logger: silentLogger,
    });
    await tg.channel.start();
    tg.fake.message(ALICE, '/sessions');
    await until(() => tg.fake.callsOf('sendMessage').length === 1);
    expect(tg.fake.callsOf('sendMessage')[0]!.payload.text).toContain('allow list');
  });
});
