import { describe, expect, it } from 'vitest';
import { created, ev, useTelegram } from '../testing/telegram-setup.js';
import { readFile } from 'node:fs/promises';

describe('Telegram channel against a fake Bot API on 127.0.0.1', () => {
  const tg = useTelegram();

  it('creates one topic per session on its first event, and persists the map across restarts', async () => {
    await tg.channel.handle(created('s1'));
    await tg.channel.handle(
      ev('message.assistant', 's1', {
        entryId: 'e1',
        text: 'Hello <system-reminder>secret</system-reminder>from Claude',
      }),
    );
    await tg.channel.handle(created('s2'));
    const topics = tg.fake.callsOf('createForumTopic');
    expect(topics.map((c) => c.payload.name)).toEqual(['proj-s1', 'proj-s2']);
    const texts = tg.fake.callsOf('sendMessage').map((c) => [c.payload.message_thread_id, c.payload.text]);
    expect(texts).toContainEqual([tg.threadOf('s1'), 'Hello from Claude']);
    expect(tg.threadOf('s1')).not.toBe(tg.threadOf('s2'));
    expect(JSON.parse(await readFile(tg.topicsFile, 'utf8')).topics).toHaveLength(2);

    await tg.channel.stop();
    tg.channel = tg.makeChannel();
    await tg.channel.start();
    await tg.channel.handle(ev('session.stalled', 's1', { since: 0, reason: 'no output for 5 min' }));
    expect(tg.fake.callsOf('createForumTopic')).toHaveLength(2);
    expect(tg.fake.callsOf('sendMessage').at(-1)!.payload.message_thread_id).toBe(tg.threadOf('s1'));
  });

  it('buffers events while the topic cannot be created, then sends them in order', async () => {
    tg.fake.failNext('createForumTopic', { error_code: 400, description: 'Bad Request: not enough rights' });
    await expect(tg.channel.handle(created('s3'))).rejects.toThrow(/not enough rights/);
    await tg.channel.handle(ev('message.user', 's3', { entryId: 'u1', text: 'do the thing', queued: false }));
    const sent = tg.fake.callsOf('sendMessage').filter((c) => c.payload.message_thread_id === tg.threadOf('s3'));
    expect(sent.map((c) => c.payload.text)).toEqual([expect.stringContaining('proj-s3'), '👤 <i>do the thing</i>']);
  });

  it('splits long assistant text at Telegram’s limit', async () => {
    await tg.channel.handle(created('s4'));
    const long = 'word '.repeat(2000);
    await tg.channel.handle(ev('message.assistant', 's4', { entryId: 'e', text: long }));
    const parts = tg.fake
      .callsOf('sendMessage')
      .slice(1)
      .map((c) => c.payload.text as string);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(long.trim());
  });

  it('edits one tool-activity card in place', async () => {
    await tg.channel.handle(created('s5'));
    await tg.channel.handle(
      ev('tool.use', 's5', { entryId: 't1', toolUseId: 'tu1', name: 'Bash', input: { command: 'ls -la' } }),
    );
    await tg.channel.handle(ev('tool.result', 's5', { entryId: 't2', toolUseId: 'tu1', isError: false, text: 'ok' }));
    await tg.channel.handle(
      ev('tool.use', 's5', { entryId: 't3', toolUseId: 'tu2', name: 'Read', input: { file_path: '/w/a.ts' } }),
    );
    const cards = tg.fake.callsOf('sendMessage').filter((c) => String(c.payload.text).includes('Tools'));
    expect(cards).toHaveLength(1);
    const edits = tg.fake.callsOf('editMessageText');
    expect(edits).toHaveLength(2);
    expect(edits.at(-1)!.payload.text).toBe(
      '🔧 <b>Tools</b>\n✅ Bash: <code>ls -la</code>\n⏳ Read: <code>/w/a.ts</code>',
    );
  });

  it('honours a 429 retry_after (grammY auto-retry)', async () => {
    await tg.channel.handle(created('s11'));
    tg.fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await tg.channel.handle(ev('session.ended', 's11', { reason: 'killed', code: null, signal: null }));
    const all = tg.fake.callsOf('sendMessage', true).slice(-2);
    expect(all.map((c) => c.ok)).toEqual([false, true]);
    expect(all[1]!.payload.text).toContain('Session ended');
    expect(all[1]!.at - all[0]!.at).toBeGreaterThanOrEqual(990); // waited retry_after (a lower bound, not a timing)
  });
});
