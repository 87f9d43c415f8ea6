import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, runReadmeExample, startFakeModel, tempDir, userEnvironment, type FakeModel, type UserEnvironment } from '@aegis/testkit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let fake: FakeModel;
let user: UserEnvironment;
beforeAll(async () => {
  fake = await startFakeModel();
  user = await userEnvironment({ version: CLAUDE_VERSIONS.at(-1)!, modelUrl: fake.url });
});
afterAll(async () => {
  await user?.dispose();
  await fake?.close();
});

it("the README's example runs as written: wait_for_state idle returns after the prompt's turn", async () => {
  const run = await runReadmeExample({ packageDir, env: user.env, cwd: await tempDir('aegis-mcp-readme-wd-') });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("reached: true, status: 'idle', pendingPrompt: null, queueLength: 0");
  expect(fake.prompts().map((p) => p.humanText)).toEqual(['Say hello']);
  expect(fake.prompts()[0]!.finishedAt).toBeDefined();
}, 120_000);
