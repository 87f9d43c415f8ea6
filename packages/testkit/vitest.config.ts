import { defineConfig } from 'vitest/config';

// The e2e tests run the real CLI (`claude -p`) and README examples through tsx: seconds each, more on a loaded machine.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
