import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@aegis/testkit';
import { nodeFileSystem } from './io.js';
import { resolveWorkDir, workDirRefusal } from './workdir-policy.js';

async function reason(p: Promise<unknown>): Promise<string> {
  const e = (await p.then(
    () => null,
    (x: unknown) => x,
  )) as { code?: string; message: string } | null;
  expect(e?.code).toBe('INVALID_WORKDIR');
  return e!.message;
}

describe('workDir policy', () => {
  it('/, /proc, /sys, /dev (and what lies under them) are never a workDir, roots or not', async () => {
    for (const p of ['/', '/proc', '/proc/self', '/proc/self/root', '/proc/1/root/etc/..', '/sys', '/dev', '/dev/shm'])
      expect(await reason(resolveWorkDir(nodeFileSystem, [], p)), p).toMatch(/not allowed|not an existing folder/);
    expect(workDirRefusal('/', [])).toMatch(/root folder/);
    expect(workDirRefusal('/proc/1', [])).toBe('/proc is never a workDir');
    expect(workDirRefusal('/processes', [])).toBeNull();
    expect(workDirRefusal('/devel/x', [])).toBeNull();
  });

  it('with roots: only folders whose realpath lies inside one; `..` and symlinks out of a root do not get past', async () => {
    const base = await tempDir('aegis-workdir-');
    const root = join(base, 'projects');
    const outside = join(base, 'secrets');
    await mkdir(join(root, 'app', 'src'), { recursive: true });
    await mkdir(outside);
    await symlink(outside, join(root, 'app', 'link-out'));
    await symlink(join(root, 'app'), join(base, 'link-in'));
    const roots = [root];
    const real = await nodeFileSystem.realpath(root);
    await expect(resolveWorkDir(nodeFileSystem, roots, join(root, 'app', 'src'))).resolves.toBe(
      join(real, 'app', 'src'),
    );
    await expect(resolveWorkDir(nodeFileSystem, roots, root)).resolves.toBe(real);
    await expect(resolveWorkDir(nodeFileSystem, roots, join(base, 'link-in'))).resolves.toBe(join(real, 'app')); // a link into a root is fine
    expect(await reason(resolveWorkDir(nodeFileSystem, roots, join(root, 'app', '..', '..', 'secrets')))).toMatch(
      /outside the allowed roots/,
    );
    expect(await reason(resolveWorkDir(nodeFileSystem, roots, join(root, 'app', 'link-out')))).toMatch(
      /outside the allowed roots/,
    );
    expect(await reason(resolveWorkDir(nodeFileSystem, roots, `${root}-evil`))).toMatch(/not an existing folder/);
    await mkdir(`${root}-evil`);
    expect(await reason(resolveWorkDir(nodeFileSystem, roots, `${root}-evil`))).toMatch(/outside the allowed roots/); // a prefix is not a parent
    expect(await reason(resolveWorkDir(nodeFileSystem, roots, '/etc'))).toMatch(/outside the allowed roots/);
  });
});
