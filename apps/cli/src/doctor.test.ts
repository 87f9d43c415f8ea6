import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { doctor } from './commands/doctor.js';

it('doctor says where the webhook secret is: the environment, the generated file, or where it will be generated', async () => {
  const home = await mkdtemp(join(tmpdir(), 'aegis-doctor-'));
  const stateDir = join(home, 'state');
  const io = (env: Record<string, string>) => ({
    env: {
      PATH: process.env.PATH,
      HOME: home,
      AEGIS_PORT: '0',
      AEGIS_STATE_DIR: stateDir,
      AEGIS_WEBHOOKS: 'https://hooks.example.com/aegis',
      ...env,
    },
    stdout: () => undefined,
    stderr: () => undefined,
    stdin: Readable.from([]),
    cwd: home,
  });
  const detail = async (env: Record<string, string> = {}) =>
    (await doctor(io(env), {})).checks.find((c) => c.name === 'webhookSecret')?.detail;
  const file = join(stateDir, 'webhook-secret');
  expect(await detail()).toBe(`webhooks are signed with a secret generated at the first start, kept in ${file}`);
  expect(await detail({ AEGIS_WEBHOOK_SECRET: 'x'.repeat(16) })).toBe(
    'webhooks are signed with AEGIS_WEBHOOK_SECRET (from the environment)',
  );
  await mkdir(stateDir);
  await writeFile(file, 'generated-secret-0123456789\n', { mode: 0o600 });
  expect(await detail()).toBe(`webhooks are signed with the generated secret in ${file}`);
  expect(await detail({ AEGIS_WEBHOOKS: '' })).toBeUndefined();
});
