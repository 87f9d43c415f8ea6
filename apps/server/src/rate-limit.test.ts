import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from './testing/stub-manager.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

describe('rate limits', () => {
  it('per key: over rateLimitMax a 429 RATE_LIMITED with retry-after; other keys and addresses go on', async () => {
    ({ app } = await testApp({ authToken: 'root', rateLimitMax: 3, rateLimitWindowMs: 60_000 }));
    const viewer = (
      await app.inject({
        method: 'POST',
        url: '/v1/keys',
        headers: bearer('root'),
        payload: { name: 'v', role: 'viewer' },
      })
    ).json().key;
    const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
      app.inject({ method: 'GET', url: '/v1/sessions', headers, remoteAddress });
    for (let i = 0; i < 3; i++) expect((await get(bearer(viewer))).statusCode).toBe(200);
    const r = await get(bearer(viewer));
    expect(r.statusCode).toBe(429);
    expect(r.json()).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^rate limit exceeded: 3 requests per 1 minute; retry in \d+ s$/),
      requestId: expect.any(String),
    });
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    // the token is its own bucket (it made one call above), and so is each address without a key
    expect((await get(bearer('root'))).statusCode).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await app.inject({ method: 'GET', url: '/v1/health', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/health', remoteAddress: '10.0.0.1' })).statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/v1/health', remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
  });
});
