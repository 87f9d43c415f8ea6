import { describe, expect, it } from 'vitest';
import { useFakeServer } from '../testing/fake-server.js';
import { cli } from '../testing/run-cli.js';

const fakeServer = useFakeServer();

describe('explicit commands: command and bash', () => {
  it('command <id> /compact posts the slash command and prints the screen it left', async () => {
    const { env, requests } = await fakeServer(() => [200, { status: 'idle', screen: 'Compacted.\n❯ \n\n' }]);
    const r = await cli(['command', 's1', '/compact'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Compacted.\n❯ \n(session s1 is idle)\n');
    const json = await cli(['command', 's1', '/compact', '--json'], env);
    expect(json.json()).toEqual({ status: 'idle', screen: 'Compacted.\n❯ \n\n' });
    expect(requests).toEqual([
      ['POST', '/v1/sessions/s1/command', { command: '/compact' }],
      ['POST', '/v1/sessions/s1/command', { command: '/compact' }],
    ]);
  });

  it('bash <id> "…" posts the command line as is; a refusal prints its code', async () => {
    const { env, requests } = await fakeServer((_method, url) =>
      url.endsWith('/s2/bash')
        ? [403, { code: 'SHELL_MODE_DISABLED', message: 'shell mode is off (allowShellMode)', requestId: '1' }]
        : [200, { status: 'idle', screen: '! ls -la "a b"\n  a b\n' }],
    );
    const r = await cli(['bash', 's1', 'ls -la "a b"'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('! ls -la "a b"\n  a b\n(session s1 is idle)\n');
    const refused = await cli(['bash', 's2', 'ls'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SHELL_MODE_DISABLED');
    expect(requests).toEqual([
      ['POST', '/v1/sessions/s1/bash', { command: 'ls -la "a b"' }],
      ['POST', '/v1/sessions/s2/bash', { command: 'ls' }],
    ]);
  });
});
