import { defineConfig } from 'vitest/config';

// Route tests use inject; e2e tests drive the real CLI (and Chromium) over real HTTP on a loaded machine: generous
// timeouts, and one file at a time so the real-CLI files do not starve each other of CPU.
export default defineConfig({
  test: {
    fileParallelism: false,
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
