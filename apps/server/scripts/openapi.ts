// Writes the committed contract `openapi.json` (`pnpm --filter @aegis/server openapi`); openapi.test.ts diffs it.
import { writeFileSync } from 'node:fs';
import { openapiDocument } from '../src/openapi-doc.js';

writeFileSync(new URL('../openapi.json', import.meta.url), JSON.stringify(await openapiDocument(), null, 2) + '\n');
