import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runReadmeExample, tempDir } from '@aegis/testkit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let tmuxTmp: string | undefined;
afterAll(() => tmuxTmp && rmSync(tmuxTmp, { recursive: true, force: true }));

it("the README's example runs as written", async () => {
  tmuxTmp = await tempDir('aegis-tmux-readme-'); // its own tmux server: the example's socket lives here
  const run = await runReadmeExample({ packageDir, env: { ...process.env, TMUX_TMPDIR: tmuxTmp } });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('first line');
  expect(run.stdout).toContain('second line');
});
