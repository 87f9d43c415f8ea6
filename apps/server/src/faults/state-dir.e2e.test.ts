// Fault suite (issue #11), case 6: the state folder read-only or full → a clear error at start, never a silent loss.
// Tests may run as root, whom `chmod` does not stop: "read-only" is then a state folder that cannot be created (its
// parent is a file); "full" is a file-size limit on the server process (prlimit --fsize: writes past it fail with
// EFBIG, as they fail with ENOSPC on a full disk). Claude Code runs in a tmux server started beforehand, without it.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, startFakeModel, tempDir, type FakeModel } from '@aegis/testkit';
import {
  api,
  failingStart,
  faultEnv,
  killTmux,
  received,
  spawnServer,
  stopServer,
  tmux,
  writeConfig,
  type FaultEnv,
  type ServerProcess,
} from '../testing/fault-harness.js';

const isRoot = process.getuid?.() === 0;
const clearStartError = (r: { code: number | null; output: string }, path: string, why: RegExp) => {
  expect(r.code).toBe(1);
  expect(r.output).toContain(`aegis: the state folder ${path} cannot be written`);
  expect(r.output).toMatch(why);
  expect(r.output).not.toMatch(/^\s+at /m); // a sentence, not a stack trace
};

describe.each(CLAUDE_VERSIONS)('faults with Claude Code %s: the state folder', (version) => {
  let fake: FakeModel;
  let f: FaultEnv;
  let server: ServerProcess | undefined;
  const a = api(() => server!.url);

  beforeAll(async () => {
    fake = await startFakeModel();
    f = await faultEnv(version, fake, 'state');
  });
  afterAll(async () => {
    await stopServer(server);
    killTmux(f?.socket);
    await fake?.close();
  });

  it('6a. a state folder that cannot be created: exit 1 with a clear message', async () => {
    const root = await tempDir('aegis-fault-ro-');
    await writeFile(join(root, 'a-file'), 'not a folder');
    const stateDir = join(root, 'a-file', 'aegis');
    const configFile = join(root, 'config.json');
    writeConfig(configFile, { port: 0, host: '127.0.0.1', stateDir, tmuxSocket: f.socket, claudeBin: 'claude' });
    clearStartError(await failingStart({ env: f.env, configFile }), join(stateDir, 'state'), /ENOTDIR|not a directory/);
  });

  it.skipIf(isRoot)('6b. a read-only state folder (chmod 500): exit 1 with a clear message', async () => {
    const root = await tempDir('aegis-fault-ro-');
    const stateDir = join(root, 'aegis');
    await mkdir(join(stateDir, 'state'), { recursive: true });
    await chmod(join(stateDir, 'state'), 0o500);
    const configFile = join(root, 'config.json');
    writeConfig(configFile, { port: 0, host: '127.0.0.1', stateDir, tmuxSocket: f.socket, claudeBin: 'claude' });
    clearStartError(
      await failingStart({ env: f.env, configFile }),
      join(stateDir, 'state'),
      /EACCES|permission denied/,
    );
  });

  it('6c. a full state folder at start: exit 1 with a clear message', async () => {
    const r = await failingStart(f, ['prlimit', '--fsize=0']);
    clearStartError(r, join(f.stateDir, 'state'), /EFBIG|too large/);
  });

  it('6d. the state folder fills up while running: health degraded with the reason, sends refused (507), none lost', async () => {
    // the tmux server (and so Claude Code) must not inherit the limit: start it first
    tmux(f.socket, ['new-session', '-d', '-s', 'keep', 'sleep', '600']);
    server = await spawnServer(f, { wrap: ['prlimit', '--fsize=24000'] });
    const created = await a.call('POST', '/v1/sessions', { workDir: await tempDir('aegis-fault-work-'), reuse: false });
    const id = created.body.id as string;
    await a.until(id, 'idle');
    expect((await a.call('GET', '/v1/health')).body).toMatchObject({ status: 'ok', storage: { ok: true } });
    const delivered: string[] = [];
    let refused: { status: number; body: any } | undefined;
    for (let n = 0; n < 30 && !refused; n++) {
      const text = `KWFULL ${n} ${'x'.repeat(1500)}`;
      const r = await a.call('POST', `/v1/sessions/${id}/send`, { text });
      if (r.status === 507) refused = r;
      else {
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        delivered.push(text);
        await a.until(id, 'idle');
      }
    }
    expect(refused?.body).toMatchObject({
      code: 'STATE_UNWRITABLE',
      message: expect.stringMatching(/cannot be written.*(EFBIG|too large)/),
    });
    expect(delivered.length).toBeGreaterThan(0);
    const health = (await a.call('GET', '/v1/health')).body;
    expect(health).toMatchObject({
      status: 'degraded',
      storage: { ok: false, error: expect.stringMatching(/EFBIG|too large/) },
    });
    await expect.poll(() => received(fake, 'KWFULL'), { timeout: 30_000 }).toEqual(delivered);
  });
});
