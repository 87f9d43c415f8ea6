// Test helper: a TelegramChannel against the fake Bot API on 127.0.0.1, a fresh one for each test, and the events and
// users the Telegram tests send.
import { join } from 'node:path';
import type { AegisEvent, EventPayloads } from '@aegis/core';
import { tempDir } from '@aegis/testkit';
import { afterEach, beforeEach } from 'vitest';
import { silentLogger } from '../channel.js';
import { TelegramChannel, type TelegramChannelOptions } from '../telegram/channel.js';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.js';
import { fakeSessions } from './fake-sessions.js';

export const GROUP = -1001234567890;
export const ALICE = { id: 111, first_name: 'Alice', username: 'alice' };
export const MALLORY = { id: 999, first_name: 'Mallory' };
let seq = 0;

export function ev<K extends keyof EventPayloads>(type: K, sessionId: string, data: EventPayloads[K]): AegisEvent {
  return { id: ++seq, at: Date.now(), type, sessionId, data } as AegisEvent;
}
export const created = (sid: string) =>
  ev('session.created', sid, {
    workDir: '/w',
    name: `proj-${sid}`,
    permissionMode: 'default',
    reused: false,
    resumed: false,
  });
export const PERMISSION_OPTIONS = [
  { id: 'yes', label: 'Yes', kind: 'allow' },
  { id: 'yes_dont_ask_again', label: "Yes, and don't ask again for echo commands", kind: 'allow_always' },
  { id: 'no', label: 'No', kind: 'deny' },
];

/** The inline keyboard buttons of a sent message. */
export const buttons = (c: { payload: Record<string, unknown> }) =>
  (
    (c.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined)
      ?.inline_keyboard ?? []
  ).flat();

export interface TelegramSetup {
  fake: FakeBotApi;
  sessions: ReturnType<typeof fakeSessions>;
  /** The channel under test (started); replace it to simulate a restart, the current one is stopped after the test. */
  channel: TelegramChannel;
  topicsFile: string;
  /** A channel on the same fake API, sessions and topics file (not started). */
  makeChannel(extra?: Partial<TelegramChannelOptions>): TelegramChannel;
  threadOf(sid: string): number;
}

/** Registers beforeEach/afterEach that give each test its own fake Bot API, sessions and started channel. */
export function useTelegram(): TelegramSetup {
  const tg = {
    makeChannel(extra: Partial<TelegramChannelOptions> = {}): TelegramChannel {
      return new TelegramChannel({
        token: '123:TEST',
        groupId: GROUP,
        allowedUserIds: [ALICE.id],
        topicsFile: tg.topicsFile,
        sessions: tg.sessions.control,
        apiRoot: tg.fake.apiRoot,
        logger: silentLogger,
        ...extra,
      });
    },
    threadOf: (sid: string) => tg.channel.topics.bySession(sid)!.threadId,
  } as TelegramSetup;
  beforeEach(async () => {
    tg.fake = await startFakeBotApi({ groupId: GROUP });
    tg.sessions = fakeSessions();
    tg.topicsFile = join(await tempDir('aegis-tg-'), 'topics.json');
    tg.channel = tg.makeChannel();
    await tg.channel.start();
  });
  afterEach(async () => {
    await tg.channel.stop();
    await tg.fake.close();
  });
  return tg;
}
