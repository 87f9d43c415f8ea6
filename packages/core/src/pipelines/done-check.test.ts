import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../io.js';
import { doneChecker, MATCH_WINDOW } from './done-check.js';
import { nodeCommandRunner } from '../command-runner.js';

describe('doneChecker', () => {
  let root: string;
  let work: string;
  const check = doneChecker({ fs: nodeFileSystem, runner: nodeCommandRunner });
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'aegis-check-'));
    work = join(root, 'work');
    await mkdir(work);
    await writeFile(join(work, 'out.txt'), 'x');
    await writeFile(join(root, 'secret.txt'), 'x');
    await symlink(join(root, 'secret.txt'), join(work, 'link.txt'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  const ctx = (lastMessage = '') => ({ workDir: work, lastMessage });

  it('fileExists: inside the workDir only, also through symlinks', async () => {
    expect(await check({ fileExists: 'out.txt' }, ctx())).toMatchObject({ ok: true });
    expect(await check({ fileExists: 'missing.txt' }, ctx())).toMatchObject({
      ok: false,
      reason: 'missing.txt does not exist',
    });
    expect(await check({ fileExists: '../secret.txt' }, ctx())).toMatchObject({
      ok: false,
      reason: '../secret.txt is outside the workDir',
    });
    expect(await check({ fileExists: join(root, 'secret.txt') }, ctx())).toMatchObject({ ok: false });
    expect(await check({ fileExists: 'link.txt' }, ctx())).toMatchObject({
      ok: false,
      reason: 'link.txt leads outside the workDir',
    });
  });

  it('command: argv in the workDir, exit 0 passes; no shell', async () => {
    expect(await check({ command: ['test', '-f', 'out.txt'] }, ctx())).toMatchObject({ ok: true });
    expect(await check({ command: ['test', '-f', 'nope.txt'] }, ctx())).toEqual({ ok: false, reason: 'test exited 1' });
    expect(await check({ command: ['echo $(touch pwned)'] }, ctx())).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ENOENT'),
    });
  });

  it('command: killed after its timeout', async () => {
    expect(await check({ command: ['sleep', '30'], timeoutMs: 200 }, ctx())).toEqual({
      ok: false,
      reason: 'sleep timed out after 200 ms',
    });
  });

  it('lastMessageMatches: on the tail of the answer', async () => {
    expect(await check({ lastMessageMatches: 'all tests pass', flags: 'i' }, ctx('OK: ALL TESTS PASS'))).toMatchObject({
      ok: true,
    });
    expect(await check({ lastMessageMatches: '^START' }, ctx('START' + 'x'.repeat(MATCH_WINDOW)))).toMatchObject({
      ok: false,
    });
  });
});
