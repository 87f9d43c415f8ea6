import { defineConfig } from 'vitest/config';

// Real tmux on a loaded machine: conditions are polled with generous timeouts, so give each test room.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
