import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { GENERATED_TYPES, renderTypes } from '../scripts/openapi-types.js';

it('the generated types match the committed OpenAPI document (regenerate: `pnpm --filter @aegis/client generate`)', async () => {
  expect(readFileSync(GENERATED_TYPES, 'utf8')).toBe(await renderTypes());
});
