import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_TEXT, runReadmeExampleAsUser } from '@aegis/testkit';

it("the README's example runs as written (defaults: ~/.aegis, socket `aegis`, `claude` on PATH)", async () => {
  const run = await runReadmeExampleAsUser({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('confirmedBy');
  expect(run.stdout).toContain(DEFAULT_TEXT);
  expect(run.prompts.map((p) => p.humanText)).toEqual(['List the files here', 'Now count them']);
}, 120_000);
