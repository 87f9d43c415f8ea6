import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../testing/stub-manager.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
const create = (body: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v1/keys', payload: body, headers });

describe('/v1/keys', () => {
  it('creates a key shown once, lists keys without it, and revokes by name or id', async () => {
    let stateDir: string;
    ({ app, stateDir } = await testApp());
    // an open loopback server (no key, no token): anonymous is admin, and the first key must be an admin
    expect((await create({ name: 'ci', role: 'operator' })).json()).toMatchObject({ code: 'KEY_CONFLICT' });
    const admin = await create({ name: 'me', role: 'admin' });
    expect(admin.statusCode).toBe(201);
    const me = admin.json();
    expect(me).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: 'me',
      role: 'admin',
      key: expect.stringMatching(/^aegis_/),
      lastUsedAt: null,
    });
    expect(me.prefix).toBe(me.key.slice(0, 12));
    // from now on a key is needed
    expect((await create({ name: 'ci', role: 'operator' })).statusCode).toBe(401);
    const ci = (await create({ name: 'ci', role: 'operator' }, bearer(me.key))).json();
    expect((await create({ name: 'ci', role: 'viewer' }, bearer(me.key))).json()).toMatchObject({
      code: 'KEY_CONFLICT',
    });
    expect((await create({ name: 'bad name', role: 'viewer' }, bearer(me.key))).json()).toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect((await create({ name: 'x', role: 'root' }, bearer(me.key))).json()).toMatchObject({ code: 'INVALID_INPUT' });

    const list = await app.inject({ method: 'GET', url: '/v1/keys', headers: bearer(me.key) });
    expect(list.json().keys.map((k: { name: string; role: string }) => `${k.name}:${k.role}`)).toEqual([
      'me:admin',
      'ci:operator',
    ]);
    expect(list.json().keys[0].lastUsedAt).toEqual(expect.any(Number));
    const file = readFileSync(join(stateDir, 'keys.json'), 'utf8');
    for (const secret of [me.key, ci.key]) {
      expect(list.body).not.toContain(secret);
      expect(file).not.toContain(secret);
    }
    // the operator works until revoked, then is refused at once
    expect((await app.inject({ method: 'GET', url: '/v1/sessions', headers: bearer(ci.key) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/keys', headers: bearer(ci.key) })).statusCode).toBe(403);
    const revoked = await app.inject({ method: 'DELETE', url: '/v1/keys/ci', headers: bearer(me.key) });
    expect(revoked.json()).toMatchObject({ id: ci.id, name: 'ci' });
    expect((await app.inject({ method: 'GET', url: '/v1/sessions', headers: bearer(ci.key) })).json()).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'invalid or revoked API key',
    });
    expect((await app.inject({ method: 'DELETE', url: '/v1/keys/ci', headers: bearer(me.key) })).json()).toMatchObject({
      code: 'KEY_NOT_FOUND',
    });
    // the last admin key cannot go while others remain (nobody could manage keys), but can when it is the last key
    await create({ name: 'phone', role: 'viewer' }, bearer(me.key));
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/keys/${me.id}`, headers: bearer(me.key) })).json(),
    ).toMatchObject({ code: 'KEY_CONFLICT' });
    await app.inject({ method: 'DELETE', url: '/v1/keys/phone', headers: bearer(me.key) });
    expect((await app.inject({ method: 'DELETE', url: `/v1/keys/${me.id}`, headers: bearer(me.key) })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/v1/keys' })).json()).toEqual({ keys: [] }); // open again
  });

  it('with AEGIS_AUTH_TOKEN any first key is fine (the token stays admin)', async () => {
    ({ app } = await testApp({ authToken: 'root' }));
    expect((await create({ name: 'ci', role: 'viewer' })).statusCode).toBe(401);
    expect((await create({ name: 'ci', role: 'viewer' }, bearer('root'))).statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: '/v1/keys/ci', headers: bearer('root') })).statusCode).toBe(200);
  });
});
