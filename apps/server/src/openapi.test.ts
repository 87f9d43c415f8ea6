import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openapiDocument } from './openapi-doc.js';
import { ROUTES } from './testing/route-list.js';
import { testApp } from './testing/stub-manager.js';

describe('GET /v1/openapi.json', () => {
  it('lists every route and validates as OpenAPI 3.1', async () => {
    const { app } = await testApp({ authToken: 't' });
    const r = await app.inject({ method: 'GET', url: '/v1/openapi.json', headers: { authorization: 'Bearer t' } });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(listed.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
    const v = new Validator();
    const res = await v.validate(doc);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    // documented errors use the one error shape
    const send = doc.paths['/v1/sessions/{id}/send'].post;
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '404', '409']));
    expect(JSON.stringify(send.responses['404'])).toContain('#/components/schemas/Error');
    expect(Object.keys(doc.components.schemas.Error.properties)).toEqual(['code', 'message', 'details', 'requestId']);
    await app.close();
  });
  it('matches the committed contract openapi.json (regenerate with `pnpm openapi` after an intended change)', async () => {
    const committed = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
    expect(await openapiDocument()).toEqual(committed);
  });
});
