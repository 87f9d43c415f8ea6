import { defineConfig } from 'vitest/config';

// The e2e drives the real CLI in tmux on a loaded machine: conditions are polled with generous timeouts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
