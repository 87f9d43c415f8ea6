import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectSlug } from '@aegis/transcript';
import { describe, expect, it } from 'vitest';
import { type FakeTerminal, SCREENS, fakeManager, postHook, waitUntil } from '../testing/fake-manager.js';

/** Enter → UserPromptSubmit hook and the working screen; the turn never ends by itself. */
function fakeClaude(terminal: FakeTerminal): string[] {
  const submitted: string[] = [];
  terminal.onSubmit = (pane, text) => {
    if (!text) return;
    submitted.push(text);
    terminal.setScreen(pane, SCREENS.working);
    postHook(terminal, pane, { hook_event_name: 'UserPromptSubmit', session_id: 'c', prompt: text }).catch(
      () => undefined,
    ); // may outlive the manager
  };
  return submitted;
}

async function endTurn(terminal: FakeTerminal, pane: string): Promise<void> {
  await postHook(terminal, pane, { hook_event_name: 'Stop', session_id: 'c' });
  terminal.setScreen(pane, SCREENS.idle);
}

describe('the durable queue', () => {
  it('delivers messages still queued when the process stopped after the restart, in order, once', async () => {
    const first = await fakeManager();
    const submitted = fakeClaude(first.terminal);
    const { session } = await first.manager.create({ workDir: first.workDir });
    await first.manager.waitFor(session.id, 'idle', 2000);
    expect(await first.manager.send(session.id, 'one')).toMatchObject({ delivered: true });
    await first.manager.waitFor(session.id, 'working', 2000);
    expect(await first.manager.send(session.id, 'two')).toMatchObject({ queued: true, position: 1 });
    expect(await first.manager.send(session.id, 'three')).toMatchObject({ queued: true, position: 2 });
    // the receipt came after the queue was written: what a kill -9 would leave
    const saved = JSON.parse(await readFile(join(first.root, 'state', 'sessions.json'), 'utf8'));
    expect(saved.sessions[0].queue.map((m: { text: string }) => m.text)).toEqual(['two', 'three']);
    await first.manager.shutdown();

    const second = await fakeManager({ root: first.root, terminal: first.terminal });
    await endTurn(first.terminal, session.paneId);
    await waitUntil(() => submitted.length === 2);
    await endTurn(first.terminal, session.paneId);
    await waitUntil(() => submitted.length === 3);
    expect(submitted).toEqual(['one', 'two', 'three']);
    await waitUntil(() => second.manager.get(session.id).queueLength === 0);
    await second.manager.shutdown({ killSessions: true });
  });

  it('the message being typed at the crash: found in the transcript → delivered, never typed again', async () => {
    const first = await fakeManager({ transcriptPollMs: 50 });
    const submitted = fakeClaude(first.terminal);
    const { session } = await first.manager.create({ workDir: first.workDir });
    await first.manager.waitFor(session.id, 'idle', 2000);
    await first.manager.shutdown();
    const now = Date.now();
    const file = join(first.root, 'state', 'sessions.json');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    saved.sessions[0].queue = [
      { id: 'm-typed', text: 'typed before the crash', enqueuedAt: now, sendingSince: now },
      { id: 'm-waiting', text: 'still waiting', enqueuedAt: now },
    ];
    await writeFile(file, JSON.stringify(saved));
    const dir = join(first.configDir, 'projects', projectSlug(first.workDir));
    await mkdir(dir, { recursive: true });
    const line = {
      type: 'user',
      uuid: '22222222-2222-4222-8222-222222222222',
      parentUuid: null,
      timestamp: new Date(now + 5).toISOString(),
      sessionId: session.claudeSessionId,
      message: { role: 'user', content: 'typed before the crash' },
    };
    await writeFile(join(dir, `${session.claudeSessionId}.jsonl`), JSON.stringify(line) + '\n');

    const second = await fakeManager({ root: first.root, terminal: first.terminal, transcriptPollMs: 50 });
    await endTurn(first.terminal, session.paneId); // the turn that prompt started
    await waitUntil(() => submitted.length === 1);
    expect(submitted).toEqual(['still waiting']);
    const delivered = (await second.manager.events.replay(0))
      .filter((e) => e.type === 'message.delivered')
      .map((e) => e.data);
    expect(delivered).toContainEqual({ messageId: 'm-typed', attempts: 1, confirmedBy: 'transcript' });
    await second.manager.shutdown({ killSessions: true });
  });

  it('the message being typed at the crash: not in the transcript → typed again', async () => {
    const first = await fakeManager();
    const submitted = fakeClaude(first.terminal);
    const { session } = await first.manager.create({ workDir: first.workDir });
    await first.manager.waitFor(session.id, 'idle', 2000);
    await first.manager.shutdown();
    const file = join(first.root, 'state', 'sessions.json');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    saved.sessions[0].queue = [{ id: 'm-half', text: 'half typed', enqueuedAt: Date.now(), sendingSince: Date.now() }];
    await writeFile(file, JSON.stringify(saved));
    const second = await fakeManager({ root: first.root, terminal: first.terminal });
    await waitUntil(() => submitted.length === 1);
    expect(submitted).toEqual(['half typed']);
    await second.manager.shutdown({ killSessions: true });
  });
});
