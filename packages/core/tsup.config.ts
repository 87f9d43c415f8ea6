import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.ts';

// `./testing`: the storage contract suite other stores (e.g. @aegis/store-postgres) must pass; vitest is the caller's.
export default defineConfig({
  ...baseConfig,
  entry: ['src/index.ts', 'src/testing/storage-contract.ts'],
  external: ['vitest'],
});
