// The behaviour every KeyStore must have (file now, a database later): `describeKeyStore(name, open)`.
import { describe, expect, it } from 'vitest';
import { generateKey, hashKey, type KeyStore, type NewKey } from '../key-store.js';

/** `open()` gives a store over a fresh place; `reopen()` another store over the same place (a restart). */
export interface KeyStoreHarness {
  store: KeyStore;
  reopen(): Promise<KeyStore>;
}

const newKey = (name: string, role: NewKey['role'] = 'viewer', createdAt = 1000): NewKey & { key: string } => {
  const g = generateKey();
  return { name, role, hash: g.hash, prefix: g.prefix, createdAt, key: g.key };
};

export function describeKeyStore(name: string, open: () => Promise<KeyStoreHarness>): void {
  describe(`KeyStore contract: ${name}`, () => {
    it('adds keys with unique ids, lists them oldest first without hashes, finds them by hash', async () => {
      const { store } = await open();
      expect(await store.count()).toBe(0);
      const a = newKey('ci', 'operator');
      const b = newKey('phone', 'viewer', 2000);
      const ia = await store.add(a);
      const ib = await store.add(b);
      expect(ia).toEqual({
        id: expect.any(String),
        name: 'ci',
        role: 'operator',
        prefix: a.prefix,
        createdAt: 1000,
        lastUsedAt: null,
      });
      expect(ia.id).not.toBe(ib.id);
      expect(await store.count()).toBe(2);
      expect((await store.list()).map((k) => k.name)).toEqual(['ci', 'phone']);
      expect(JSON.stringify(await store.list())).not.toContain(a.hash);
      expect(JSON.stringify(await store.list())).not.toContain(a.key);
      expect(await store.findByHash(hashKey(a.key))).toEqual(ia);
      expect(await store.findByHash(hashKey('aegis_wrong'))).toBeNull();
    });
    it('refuses a second key with a taken name (KEY_CONFLICT)', async () => {
      const { store } = await open();
      await store.add(newKey('ci'));
      await expect(store.add(newKey('ci'))).rejects.toMatchObject({ code: 'KEY_CONFLICT' });
      expect(await store.count()).toBe(1);
    });
    it('removes by id or by name; an unknown one is null; a removed key is found no more', async () => {
      const { store } = await open();
      const a = newKey('a');
      const ia = await store.add(a);
      await store.add(newKey('b'));
      expect(await store.remove(ia.id)).toEqual(ia);
      expect(await store.findByHash(a.hash)).toBeNull();
      expect((await store.remove('b'))?.name).toBe('b');
      expect(await store.remove('b')).toBeNull();
      expect(await store.count()).toBe(0);
    });
    it('records the last use', async () => {
      const { store } = await open();
      const ia = await store.add(newKey('a'));
      await store.touch(ia.id, 5000);
      expect((await store.list())[0]!.lastUsedAt).toBe(5000);
      await store.touch('key_unknown', 6000); // a key revoked meanwhile: nothing to record
    });
    it('keeps keys and their first use across a reopen', async () => {
      const { store, reopen } = await open();
      const a = newKey('a', 'admin');
      const ia = await store.add(a);
      await store.touch(ia.id, 7000);
      const again = await reopen();
      expect(await again.findByHash(a.hash)).toEqual({ ...ia, lastUsedAt: 7000 });
    });
  });
}
