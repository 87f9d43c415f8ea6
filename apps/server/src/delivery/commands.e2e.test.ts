import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, tempDir, type FakeModel } from '@aegis/testkit';
import { sessionWaits, startRealServer, type RealServer } from '../testing/real-server.js';

const TOKEN = 'commands-token';

describe.each(CLAUDE_VERSIONS)('commands and the no-wedge rule on Claude Code %s', (version) => {
  let real: RealServer | undefined;
  let fake: FakeModel;
  let workDir: string;
  const socket = `aegis-test-commands-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    workDir = await tempDir('aegis-commands-work-');
    real = await startRealServer({ version, socket, token: TOKEN, config: { allowShellMode: true } });
    fake = real.fake;
  });
  afterAll(() => real?.stop());

  const call: RealServer['call'] = (...a) => real!.call(...a);
  const { status, until } = sessionWaits(call);
  const got = (text: string) => fake.prompts().filter((p) => p.humanText === text).length;

  it('/help through /command opens a dialog; a queued send waits (not typed into it); escape frees it: delivered once', async () => {
    const id = (await call('POST', '/v1/sessions', { workDir })).body.id as string;
    await until(id, 'idle');
    const help = await call('POST', `/v1/sessions/${id}/command`, { command: '/help' });
    expect(help.status).toBe(200);
    expect(help.body.screen).toMatch(/Shortcuts|for shell mode/);
    await until(id, 'dialog');
    const health = (await call('GET', `/v1/sessions/${id}/health`)).body;
    expect(health.hints.join(' ')).toMatch(/escape/);
    const sent = await call('POST', `/v1/sessions/${id}/send`, { text: 'after the help screen KWWEDGE' });
    expect(sent.status).toBe(202);
    await new Promise((r) => setTimeout(r, 2000));
    expect(got('after the help screen KWWEDGE')).toBe(0);
    expect(await status(id)).toBe('dialog');
    expect((await call('POST', `/v1/sessions/${id}/escape`)).status).toBe(200);
    await expect.poll(() => got('after the help screen KWWEDGE'), { timeout: 60_000 }).toBe(1);
    await until(id, 'idle');
    expect(got('after the help screen KWWEDGE')).toBe(1);
    // a send starting with / is refused before anything is typed; the session stays idle
    expect((await call('POST', `/v1/sessions/${id}/send`, { text: '/help me with this' })).body.code).toBe(
      'INPUT_NOT_LITERAL',
    );
    expect(await status(id)).toBe('idle');
  });

  it('/bash runs the command in shell mode (allowShellMode on)', async () => {
    const id = (await call('POST', '/v1/sessions', { workDir })).body.id as string;
    await until(id, 'idle');
    const r = await call('POST', `/v1/sessions/${id}/bash`, { command: 'echo KWSHELL-$((40+2))' });
    expect(r.status).toBe(200);
    expect(r.body.screen).toContain('KWSHELL-42');
    await until(id, 'idle');
  });
});
