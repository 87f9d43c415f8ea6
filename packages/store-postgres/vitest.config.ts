import { defineConfig } from 'vitest/config';

// A real PostgreSQL server per test file (started in a temporary folder): starting it takes seconds on a loaded machine.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
