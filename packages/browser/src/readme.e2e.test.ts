import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExample } from '@aegis/testkit';

it.skipIf(!existsSync('/usr/bin/chromium'))("the README's example runs as written", async () => {
  const run = await runReadmeExample({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/pane: \d+ bytes of PNG/);
  expect(run.stdout).toContain('URL_NOT_ALLOWED 169.254.169.254 is linkLocal: never allowed');
});
