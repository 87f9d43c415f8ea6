import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExampleAsUser } from '@aegis/testkit';

it("the README's example runs as written: wait_for_state idle returns after the prompt's turn", async () => {
  const run = await runReadmeExampleAsUser({ packageDir: fileURLToPath(new URL('..', import.meta.url)) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("reached: true, status: 'idle', pendingPrompt: null, queueLength: 0");
  expect(run.prompts.map((p) => p.humanText)).toEqual(['Say hello']);
}, 120_000);
