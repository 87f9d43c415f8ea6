import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';
import { parseConfig } from '../config.js';
import { startServer, type RunningServer } from '../start.js';

const TOKEN = 'commands-token';

function killTmux(socket: string): void {
  try {
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

describe.each(CLAUDE_VERSIONS)('commands and the no-wedge rule on Claude Code %s', (version) => {
  let fake: FakeModel;
  let server: RunningServer;
  let workDir: string;
  const socket = `aegis-test-commands-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    fake = await startFakeModel();
    workDir = await tempDir('aegis-commands-work-');
    const configDir = await createClaudeConfigDir({ version });
    const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const stateDir = await tempDir('aegis-commands-state-');
    const config = parseConfig({
      port: 0,
      host: '127.0.0.1',
      stateDir,
      tmuxSocket: socket,
      claudeBin: claudeBinary(version),
      authToken: TOKEN,
      allowShellMode: true,
    });
    server = await startServer(config, { env, logger: false, warn: () => undefined });
  });
  afterAll(async () => {
    await server?.manager.shutdown({ killSessions: true }).catch(() => undefined);
    await server?.close();
    killTmux(socket);
    await fake?.close();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const status = async (id: string) => (await call('GET', `/v1/sessions/${id}`)).body.status as string;
  const until = (id: string, want: string) =>
    expect.poll(() => status(id), { timeout: 60_000, interval: 200 }).toBe(want);
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
