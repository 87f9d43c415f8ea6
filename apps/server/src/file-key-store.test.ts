import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileKeyStore } from './file-key-store.js';
import { describeKeyStore } from './testing/key-store.contract.js';
import { generateKey } from './key-store.js';

const dir = () => mkdtemp(join(tmpdir(), 'aegis-keys-'));

describeKeyStore('FileKeyStore', async () => {
  const d = await dir();
  return { store: await FileKeyStore.open(d), reopen: () => FileKeyStore.open(d) };
});

describe('FileKeyStore', () => {
  it('writes keys.json 0600 with hashes only, and nothing before the first key', async () => {
    const d = join(await dir(), 'state');
    const store = await FileKeyStore.open(d);
    await expect(stat(d)).rejects.toMatchObject({ code: 'ENOENT' });
    const g = generateKey();
    await store.add({ name: 'ci', role: 'operator', hash: g.hash, prefix: g.prefix, createdAt: 1 });
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    const text = await readFile(store.path, 'utf8');
    expect(text).toContain(g.hash);
    expect(text).not.toContain(g.key);
  });
  it('keys are aegis_ + 43 base64url characters, each different', () => {
    const a = generateKey();
    expect(a.key).toMatch(/^aegis_[A-Za-z0-9_-]{43}$/);
    expect(a.prefix).toBe(a.key.slice(0, 12));
    expect(generateKey().key).not.toBe(a.key);
  });
  it('a damaged keys file stops the open with its path', async () => {
    const d = await dir();
    await writeFile(join(d, 'keys.json'), '{"version":1,"keys":[{"id":1}]}');
    await expect(FileKeyStore.open(d)).rejects.toThrow(/keys.json is not a valid keys file/);
  });
});
