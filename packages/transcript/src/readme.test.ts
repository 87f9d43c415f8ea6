import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runReadmeExample, tempDir } from '@aegis/testkit';
import { transcriptPath } from './index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const ID = 'aaaaaaaa-1111-4111-8111-000000000001';
const FIXTURE = fileURLToPath(
  new URL(`../../../fixtures/claude-code/2.1.197/jsonl/session-a-tools-and-permissions/${ID}.jsonl`, import.meta.url),
);
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

it("the README's example runs as written (on a transcript of the real 2.1.197)", async () => {
  const [configDir, workDir] = [
    await tempDir('aegis-transcript-readme-cfg-'),
    await tempDir('aegis-transcript-readme-wd-'),
  ];
  dirs.push(configDir, workDir);
  const env = { ...process.env, CLAUDE_CONFIG_DIR: configDir };
  const path = await transcriptPath(workDir, ID, { env });
  await mkdir(join(path, '..'), { recursive: true });
  await copyFile(FIXTURE, path);
  const run = await runReadmeExample({ packageDir, env, args: [workDir, ID] });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('Running two things.'); // an assistant_text entry
  expect(run.stdout).toMatch(/^7 0\.01\d* Hello from the fake model\.$/m); // turns, cost estimate, last answer
}, 60_000);
