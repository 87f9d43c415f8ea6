import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SessionManager } from '@aegis/core';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
  killTmuxServer,
} from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './channel.js';
import { Fanout } from './fanout.js';
import { TelegramChannel } from './telegram/channel.js';
import { clip } from './telegram/format.js';
import { BUTTON_TEXT, answerableOptions } from './telegram/prompts.js';
import { startFakeBotApi, type FakeBotApi } from './testing/fake-bot-api.js';
import { startReceiver, until } from './testing/receiver.js';
import { WebhookChannel } from './webhook/channel.js';
import { verifySignature } from './webhook/signature.js';

const GROUP = -1009876543210;
const ALICE = { id: 111, first_name: 'Alice', username: 'alice' };

describe.each(CLAUDE_VERSIONS)('Claude Code %s steered from Telegram, watched by a webhook', (version) => {
  let model: FakeModel;
  let api: FakeBotApi;
  let manager: SessionManager;
  let fanout: Fanout;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'e2e-webhook-secret-0123';
  const socket = `aegis-test-channels-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    model = await startFakeModel();
    const configDir = await createClaudeConfigDir({ version });
    const env = { ...process.env, ...claudeEnv({ modelUrl: model.url, configDir }) };
    manager = await SessionManager.start({
      stateDir: await tempDir('aegis-channels-state-'),
      socketName: socket,
      claudePath: claudeBinary(version),
      env,
    });
    api = await startFakeBotApi({ groupId: GROUP });
    const telegram = new TelegramChannel({
      token: '123:E2E',
      groupId: GROUP,
      allowedUserIds: [ALICE.id],
      sessions: manager,
      apiRoot: api.apiRoot,
      logger: silentLogger,
    });
    receiver = await startReceiver((_, res) => res.writeHead(204).end());
    const webhook = new WebhookChannel(
      { url: receiver.url, secret, events: ['session.*', 'permission.requested', 'prompt.answered'] },
      0,
      { sessions: (id) => manager.get(id), allowPrivate: true },
    ); // the receiver is on 127.0.0.1
    fanout = new Fanout([telegram, webhook], { logger: silentLogger });
    await fanout.start();
    fanout.attach(manager.events);
  });
  afterAll(async () => {
    await fanout?.stop();
    await manager?.shutdown({ killSessions: true });
    killTmuxServer(socket);
    await api?.close();
    await receiver?.close();
    await model?.close();
  });

  it('a Bash permission prompt is approved by pressing the Telegram button, and the command runs', async () => {
    const workDir = await tempDir('aegis-channels-work-');
    const { session } = await manager.create({
      workDir,
      prompt: 'KWBASH from telegram',
      permissionMode: 'default',
      reuse: false,
    });
    expect(await manager.waitFor(session.id, 'permission_prompt', 60_000)).toBe(true);
    const prompt = await api.waitForCall('sendMessage', (c) => String(c.payload.text).startsWith('🔐'), 30_000);
    const kb = (
      prompt.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard.flat();
    const requested = (await manager.events.replay(0, { sessionId: session.id })).find(
      (e) => e.type === 'permission.requested',
    );
    const options = requested?.type === 'permission.requested' ? requested.data.options : [];
    expect(options.length).toBeGreaterThanOrEqual(2);
    // The buttons are the real parsed options that core's approve / approve-always / reject press.
    const expected = answerableOptions('permission', options).buttons.map((o) => clip(o.label, BUTTON_TEXT));
    expect(kb.map((b) => b.text.replace(/^[✅❌]+ /, ''))).toEqual(expected);
    expect(expected[0]).toBe('Yes');
    const allow = kb.find((b) => b.text.startsWith('✅ '))!;
    expect(allow).toBeDefined();
    const threadId = prompt.payload.message_thread_id;
    expect(api.callsOf('createForumTopic')).toHaveLength(1);
    expect(api.callsOf('createForumTopic')[0]!.payload.name).toBe(session.name);

    api.press(ALICE, api.messageIdOf(prompt), allow.callback_data);
    api.press(ALICE, api.messageIdOf(prompt), allow.callback_data);
    await until(() => existsSync(join(workDir, 'out.txt')), 60_000);
    await until(() => api.callsOf('answerCallbackQuery').length === 2);
    expect(api.callsOf('answerCallbackQuery')[1]!.payload.text).toBe('Already answered.');
    expect(await manager.waitFor(session.id, 'idle', 60_000)).toBe(true);
    const answered = (await manager.events.replay(0, { sessionId: session.id })).filter(
      (e) => e.type === 'prompt.answered',
    );
    expect(answered).toHaveLength(1);
    await fanout.idle();
    expect(api.callsOf('sendMessage').every((c) => c.payload.message_thread_id === threadId)).toBe(true);

    // The same events, signed, on a webhook.
    const got = receiver.received.map((r) => ({
      ok: verifySignature({ secret, header: r.headers['x-aegis-signature'] as string, body: r.body }),
      p: JSON.parse(r.body),
    }));
    expect(got.every((g) => g.ok)).toBe(true);
    const types = got.filter((g) => g.p.session.id === session.id).map((g) => g.p.event);
    expect(types).toEqual(expect.arrayContaining(['session.created', 'permission.requested', 'prompt.answered']));
    expect(types.filter((t: string) => t === 'prompt.answered')).toHaveLength(1);
    expect(got.find((g) => g.p.event === 'permission.requested')!.p).toMatchObject({
      session: { id: session.id, name: session.name },
      data: { tool: 'Bash' },
    });
    await manager.kill(session.id);
  });
});
