import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExample } from './readme-example.js';

it("the README's example runs as written: the real Claude Code answered by the scripted model", async () => {
  const run = await runReadmeExample({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("pong [ 'ping' ]");
}, 120_000);
