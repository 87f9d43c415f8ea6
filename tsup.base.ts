import type { Options } from 'tsup';

/** Shared build: ESM only, with declarations, one entry per public subpath. */
export const baseConfig: Options = {
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
};
