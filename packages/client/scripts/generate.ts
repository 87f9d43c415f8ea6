// Regenerates src/generated/openapi.ts from apps/server/openapi.json (`pnpm --filter @aegis/client generate`);
// src/generated.test.ts fails while the two differ.
import { writeFileSync } from 'node:fs';
import { GENERATED_TYPES, renderTypes } from './openapi-types.js';

writeFileSync(GENERATED_TYPES, await renderTypes());
