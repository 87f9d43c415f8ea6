import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, DEFAULT_TEXT, tempDir, type FakeModel } from '@aegis/testkit';
import { cli, newest } from './testing/run-cli.js';
import { startRealServer, stopRealServer, type Env, type RealServer } from './testing/real-server.js';

const TOKEN = 'cli-e2e-token';
const version = newest(CLAUDE_VERSIONS);

describe(`aegis-bridge pipeline commands against a real server (Claude Code ${version})`, () => {
  const socket = `aegis-test-cli-pipe-${process.pid}`;
  let real: RealServer | undefined;
  let fake: FakeModel;
  let env: Env;

  beforeAll(async () => {
    real = await startRealServer({ version, socket, token: TOKEN });
    ({ fake, env } = real);
  });
  afterAll(() => stopRealServer(real, socket));

  it('pipeline create (stdin), ls, show, cancel', async () => {
    const workDir = await tempDir('aegis-cli-pipe-');
    const spec = {
      name: 'cli-pipe',
      workDir,
      stages: [
        { name: 'plan', prompt: 'plan it' },
        { name: 'build', prompt: 'build on: {{stages.plan.lastMessage}}', dependsOn: ['plan'] },
      ],
    };
    const created = await cli(['pipeline', 'create', '-', '--json'], env, { stdin: JSON.stringify(spec) });
    expect(created.code, created.stderr).toBe(0);
    const id = created.json().id as string;
    await expect
      .poll(async () => (await cli(['pipeline', 'show', id, '--json'], env)).json().status, {
        timeout: 120_000,
        interval: 500,
      })
      .toBe('succeeded');
    expect(fake.prompts().map((p) => p.humanText)).toContain(`build on: ${DEFAULT_TEXT}`);
    const shown = await cli(['pipeline', 'show', id], env);
    expect(shown.stdout).toMatch(/status\s+succeeded/);
    expect(shown.stdout).toMatch(/^build\s+succeeded\s+1\s/m);
    const ls = await cli(['pipeline', 'ls'], env);
    expect(ls.stdout).toMatch(new RegExp(`^${id}\\s+cli-pipe\\s+succeeded\\s+2/2`, 'm'));

    const slow = await cli(['pipeline', 'create', '-', '--json'], env, {
      stdin: JSON.stringify({ name: 'slow', workDir, stages: [{ name: 'wait', prompt: 'KWSLOW30 take your time' }] }),
    });
    const slowId = slow.json().id as string;
    await expect
      .poll(async () => (await cli(['pipeline', 'show', slowId, '--json'], env)).json().stages[0].status, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('running');
    const cancelled = await cli(['pipeline', 'cancel', slowId], env);
    expect(cancelled.stdout).toBe(`cancelled pipeline ${slowId}\n`);
    expect(
      (await cli(['pipeline', 'ls', '--status', 'cancelled', '--json'], env))
        .json()
        .pipelines.map((p: { id: string }) => p.id),
    ).toEqual([slowId]);
    const bad = await cli(['pipeline', 'create', '-'], env, {
      stdin: JSON.stringify({ name: 'x', workDir, stages: [{ name: 'a', prompt: 'x', dependsOn: ['a'] }] }),
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('INVALID_INPUT');
  });
});
