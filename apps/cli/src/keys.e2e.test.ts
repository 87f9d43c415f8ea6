import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, killTmuxServer } from '@aegis/testkit';
import { parseConfig, startServer, type RunningServer } from '@aegis/server';
import { cli, runBin } from './testing/run-cli.js';

const TOKEN = 'cli-keys-token';

// No Claude Code needed: keys are the server's business (the server starts with a warning about claude).
describe('aegis-bridge keys create|ls|revoke against a real server (and the built bin)', () => {
  const socket = `aegis-test-cli-keys-${process.pid}`;
  let server: RunningServer;
  let stateDir: string;
  let admin: Record<string, string | undefined>;

  beforeAll(async () => {
    stateDir = await tempDir('aegis-cli-keys-state-');
    server = await startServer(
      parseConfig({
        port: 0,
        host: '127.0.0.1',
        stateDir,
        tmuxSocket: socket,
        claudeBin: 'no-such-claude',
        authToken: TOKEN,
      }),
      {
        logger: false,
        warn: () => undefined,
      },
    );
    admin = {
      PATH: process.env.PATH,
      HOME: await tempDir('aegis-cli-keys-home-'),
      AEGIS_URL: server.url,
      AEGIS_AUTH_TOKEN: TOKEN,
    };
  });
  afterAll(async () => {
    await server?.close();
    killTmuxServer(socket);
  });

  it('creates a key printed once, lists it by prefix only, the key works with its role, revoke ends it', async () => {
    const made = await runBin(['keys', 'create', '--role', 'operator', '--name', 'ci'], admin);
    expect(made.code, made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(/^aegis_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toMatch(/created operator key "ci" \(key_\w+\): it is shown this once/);

    const ls = await cli(['keys', 'ls'], admin);
    expect(ls.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED/);
    expect(ls.stdout).toMatch(new RegExp(`key_\\w+\\s+ci\\s+operator\\s+${key.slice(0, 12)}…`));
    expect(ls.stdout).not.toContain(key);
    expect(readFileSync(join(stateDir, 'keys.json'), 'utf8')).not.toContain(key);
    const listed = (await cli(['keys', 'ls', '--json'], admin)).json().keys;
    expect(listed).toEqual([expect.objectContaining({ name: 'ci', role: 'operator', lastUsedAt: null })]);

    // the key as AEGIS_API_KEY (it wins over AEGIS_AUTH_TOKEN): sessions yes, key management no
    const asCi = { ...admin, AEGIS_API_KEY: key };
    expect((await cli(['ls', '--json'], asCi)).code).toBe(0);
    const refused = await cli(['keys', 'ls'], asCi);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('FORBIDDEN: this route needs the admin role; key "ci" has operator');

    const wrongRole = await cli(['keys', 'create', '--role', 'root', '--name', 'x'], admin);
    expect(wrongRole.code).not.toBe(0);
    expect(wrongRole.stderr).toMatch(/Allowed choices are viewer, operator, admin/);

    const revoked = await runBin(['keys', 'revoke', 'ci'], admin);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/^revoked operator key "ci" \(key_\w+\)/);
    const after = await cli(['ls'], asCi);
    expect(after.stderr).toContain('UNAUTHORIZED: invalid or revoked API key');
    expect((await cli(['keys', 'ls'], admin)).stdout).toBe('no keys\n');
    expect((await cli(['keys', 'revoke', 'ci'], admin)).stderr).toContain('KEY_NOT_FOUND');
  });
});
