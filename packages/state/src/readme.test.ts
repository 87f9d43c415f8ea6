import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExample } from '@aegis/testkit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it("the README's example runs as written (on the repository's 2.1.197 fixtures)", async () => {
  const run = await runReadmeExample({ packageDir, cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("[ '1 yes (allow)', '2 yes_always_allow (allow_always)', '3 no (deny)' ]");
  expect(run.stdout).toContain('approve → 1');
}, 60_000);
