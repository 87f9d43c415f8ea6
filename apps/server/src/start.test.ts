import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactToken } from './app.js';
import { tokensEqual } from './auth.js';
import { parseConfig } from './config.js';
import { startServer } from './start.js';

const stateDir = () => mkdtemp(join(tmpdir(), 'aegis-server-start-'));

describe('startServer', () => {
  it('refuses to start without tmux, with a clear message', async () => {
    const config = parseConfig({ port: 0, stateDir: await stateDir(), tmuxSocket: `aegis-test-start-${process.pid}` });
    await expect(
      startServer(config, { env: { PATH: '/nonexistent' }, logger: false, warn: () => undefined }),
    ).rejects.toThrow(/tmux is not installed/);
  });
  it('refuses a port that is taken; warns when claude is missing', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const warnings: string[] = [];
    const config = parseConfig({
      port,
      host: '0.0.0.0',
      authToken: 't',
      stateDir: await stateDir(),
      claudeBin: 'no-such-claude',
      tmuxSocket: `aegis-test-start-${process.pid}`,
    });
    await expect(startServer(config, { logger: false, warn: (m) => warnings.push(m) })).rejects.toThrow(
      /port \d+ on 0.0.0.0 is already in use/,
    );
    expect(warnings.join()).toMatch(/no-such-claude.*not found/);
    expect(warnings.join()).toMatch(/name this machine's address or DNS name in allowedHosts/);
    await new Promise((r) => blocker.close(r));
  });
  it('refuses a non-loopback address with no API key and no AEGIS_AUTH_TOKEN, in one line', async () => {
    const config = parseConfig({
      port: 0,
      host: '0.0.0.0',
      stateDir: await stateDir(),
      tmuxSocket: `aegis-test-start-${process.pid}`,
    });
    const err = await startServer(config, { logger: false, warn: () => undefined }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /^refusing to listen on 0.0.0.0 with no API key and no AEGIS_AUTH_TOKEN .*aegis-bridge keys create/,
    );
    expect((err as Error).message).not.toContain('\n');
  });
  it('a damaged keys.json stops the start with its path', async () => {
    const dir = await stateDir();
    writeFileSync(join(dir, 'keys.json'), 'not json');
    const config = parseConfig({ port: 0, stateDir: dir, tmuxSocket: `aegis-test-start-${process.pid}` });
    await expect(startServer(config, { logger: false, warn: () => undefined })).rejects.toThrow(
      /^cannot read the API keys: .*keys.json/,
    );
  });
  it('starts, serves and stops', async () => {
    const socket = `aegis-test-start-${process.pid}`;
    const webhook = 'http://127.0.0.1:9/aegis-events';
    const dir = await stateDir();
    const config = parseConfig({
      port: 0,
      stateDir: dir,
      tmuxSocket: socket,
      webhooks: [webhook],
      webhookAllowPrivate: true,
    });
    // webhook URLs alone start the server: a secret is generated once, kept 0600 in the state dir, and named at start
    const notices: string[] = [];
    const first = await startServer(config, {
      logger: false,
      warn: () => undefined,
      notice: (m) => notices.push(m),
      env: { ...process.env, AEGIS_WEBHOOK_SECRET: undefined },
    });
    await first.close();
    const file = join(dir, 'webhook-secret');
    expect(notices).toEqual([
      `aegis: webhooks are signed (X-Aegis-Signature) with the new secret in ${file} (or set AEGIS_WEBHOOK_SECRET)`,
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[\w-]{43}$/);
    const env = { ...process.env, AEGIS_WEBHOOK_SECRET: 'a-test-secret-of-16+-chars' };
    const s = await startServer(config, { logger: false, warn: () => undefined, notice: (m) => notices.push(m), env });
    expect(notices).toHaveLength(1); // the user's own secret: nothing to say
    try {
      const r = await fetch(`${s.url}/v1/health`);
      expect(await r.json()).toMatchObject({ status: 'ok', tmux: { available: true } });
      // the configured webhook runs as a channel beside the API
      const channels = (await (await fetch(`${s.url}/v1/channels/health`)).json()) as {
        ok: boolean;
        channels: { name: string; circuit: string }[];
      };
      expect(channels).toMatchObject({ ok: true, channels: [{ circuit: 'closed' }] });
      expect(channels.channels[0]!.name).toBe('webhook:0');
    } finally {
      await s.close();
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        /* never started */
      }
    }
  });
});

describe('main (node dist/main.js)', () => {
  it('reads --config, listens, and stops cleanly on SIGTERM', async () => {
    const dir = await stateDir();
    const socket = `aegis-test-main-${process.pid}`;
    const configFile = join(dir, 'cfg.json');
    writeFileSync(configFile, JSON.stringify({ port: 0, stateDir: dir, tmuxSocket: socket }));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), '--config', configFile],
      {
        env: { ...process.env, AEGIS_PORT: '1' }, // the file wins over the environment
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await expect
      .poll(
        () => /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? (child.exitCode !== null ? `exited: ${err}` : undefined),
        { timeout: 60_000 },
      )
      .toMatch(/^http/);
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(out).toMatch(/SIGTERM, shutting down \(sessions keep running in tmux\)/);
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      /* never started */
    }
  });
});

describe('helpers', () => {
  it('tokensEqual compares in constant time, any lengths', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
  });
  it('logged URLs never carry the SSE token', () => {
    expect(redactToken('/v1/events?lastEventId=3&token=s3cret')).toBe('/v1/events?lastEventId=3&token=[redacted]');
  });
});
