import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExample } from './readme-example.js';

// @aegis/scripted-model cannot depend on the test kit (the kit depends on it), so its README example runs here.
it("@aegis/scripted-model's README example runs as written", async () => {
  const run = await runReadmeExample({ packageDir: fileURLToPath(new URL('../../scripted-model', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("pong [ 'ping' ]");
});
