import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, startServer, type RunningServer } from '@aegis/server';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  runReadmeExample,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';

const TOKEN = 'client-readme-token';

function killTmux(socket: string): void {
  try {
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

// The quick start as written, against a real server (the real Claude Code, the scripted model): `KWBASH` makes the
// model run `echo hi > out.txt` through Bash, which asks for permission.
describe.each(CLAUDE_VERSIONS)("the README's quick start against a server running Claude Code %s", (version) => {
  let fake: FakeModel;
  let server: RunningServer;
  const socket = `aegis-test-client-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    fake = await startFakeModel();
    const configDir = await createClaudeConfigDir({ version });
    const stateDir = await tempDir('aegis-client-state-');
    const config = parseConfig({
      port: 0,
      host: '127.0.0.1',
      stateDir,
      tmuxSocket: socket,
      claudeBin: claudeBinary(version),
      authToken: TOKEN,
    });
    server = await startServer(config, {
      env: { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) },
      logger: false,
      warn: () => undefined,
    });
  });
  afterAll(async () => {
    await server?.manager.shutdown({ killSessions: true }).catch(() => undefined);
    await server?.close();
    killTmux(socket);
    await fake?.close();
  });

  it('creates, follows events, approves, sends, reads and kills', async () => {
    const cwd = await tempDir('aegis-client-work-');
    const run = await runReadmeExample({
      packageDir: fileURLToPath(new URL('..', import.meta.url)),
      cwd,
      args: ['KWBASH: write hi into out.txt with the shell'],
      env: { ...process.env, AEGIS_URL: server.url, AEGIS_AUTH_TOKEN: TOKEN },
      timeoutMs: 170_000,
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^created \S+ true$/);
    expect(lines).toContain('asked true permission_prompt');
    expect(lines).toContain('approved true');
    expect(lines).toContain('sent true hook');
    expect(lines.find((l) => l.startsWith('read '))).toContain('Done running the command.');
    expect(lines.find((l) => l.startsWith('events '))?.split(' ')).toEqual(
      expect.arrayContaining([
        'session.created',
        'prompt.answered',
        'message.delivered',
        'session.status',
        'session.ended',
      ]),
    );
    expect(lines.at(-1)).toBe('error 410 SESSION_EXITED');
    expect(existsSync(join(cwd, 'out.txt'))).toBe(true);
    expect(fake.prompts().map((p) => p.humanText)).toEqual(
      expect.arrayContaining(['KWBASH: write hi into out.txt with the shell', 'Thanks, that is all']),
    );
  });
});
