import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExampleAsUser } from '@aegis/testkit';

it("the README's example runs as written (embedded defaults, `claude` on PATH)", async () => {
  const run = await runReadmeExampleAsUser({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^201 \S+ \{/);
  expect(run.stdout).toContain('delivered: true');
}, 120_000);
