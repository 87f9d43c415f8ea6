import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, DEFAULT_TEXT, runReadmeExample, startFakeModel, tempDir, userEnvironment, type FakeModel, type UserEnvironment } from '@aegis/testkit';

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

it("the README's example runs as written (defaults: ~/.aegis, socket `aegis`, `claude` on PATH)", async () => {
  const run = await runReadmeExample({ packageDir, env: user.env, cwd: await tempDir('aegis-core-readme-wd-') });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('confirmedBy');
  expect(run.stdout).toContain(DEFAULT_TEXT);
  expect(fake.prompts().map((p) => p.humanText)).toEqual(['List the files here', 'Now count them']);
}, 120_000);
