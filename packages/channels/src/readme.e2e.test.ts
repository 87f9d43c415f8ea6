import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, runReadmeExample, startFakeModel, tempDir, userEnvironment, type FakeModel, type UserEnvironment } from '@aegis/testkit';
import { SIGNATURE_HEADER, verifySignature } from './index.js';
import { startReceiver } from './test-support/receiver.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'readme-example-secret';
let fake: FakeModel;
let user: UserEnvironment;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  fake = await startFakeModel();
  user = await userEnvironment({ version: CLAUDE_VERSIONS.at(-1)!, modelUrl: fake.url });
  receiver = await startReceiver((_n, res) => res.writeHead(204).end());
});
afterAll(async () => {
  await receiver?.close();
  await user?.dispose();
  await fake?.close();
});

it("the README's example runs as written: a real session's events reach a signed webhook", async () => {
  const env = { ...user.env, AEGIS_WEBHOOKS: receiver.url, AEGIS_WEBHOOK_SECRET: SECRET };
  const run = await runReadmeExample({ packageDir, env, cwd: await tempDir('aegis-channels-readme-wd-') });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("'webhook:0'");
  for (const r of receiver.received) expect(verifySignature({ secret: SECRET, header: r.headers[SIGNATURE_HEADER.toLowerCase()] as string, body: r.body })).toBe(true);
  const types = receiver.received.map((r) => JSON.parse(r.body).event as string);
  expect(types).toEqual(expect.arrayContaining(['session.created', 'message.user', 'message.assistant', 'session.ended']));
}, 120_000);
