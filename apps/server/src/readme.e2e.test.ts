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

it("the README's example runs as written (embedded defaults, `claude` on PATH)", async () => {
  const run = await runReadmeExample({ packageDir, env: user.env, cwd: await tempDir('aegis-server-readme-wd-') });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^201 \S+ \{/);
  expect(run.stdout).toContain('delivered: true');
  expect(fake.prompts().map((p) => p.humanText)).toEqual(['List the files here']);
}, 120_000);
