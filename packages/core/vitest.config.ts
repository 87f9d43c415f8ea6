import { defineConfig } from 'vitest/config';

// Real tmux and the real CLI on a loaded machine: conditions are polled with generous timeouts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
