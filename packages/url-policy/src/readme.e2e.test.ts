import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExample } from '@aegis/testkit';

it("the README's example runs as written", async () => {
  const run = await runReadmeExample({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('http://0xa9fea9fe/latest/meta-data/ → 169.254.169.254 is linkLocal: never allowed');
  expect(run.stdout).toContain('file:///etc/passwd → scheme file: is not allowed');
  expect(run.stdout).toContain(
    'http://127.0.0.1:3000/ → 127.0.0.1 is loopback: private addresses are not allowed here',
  );
  expect(run.stdout).toContain('127.0.0.1:1 allowed, then: fetch failed');
}, 60_000);
