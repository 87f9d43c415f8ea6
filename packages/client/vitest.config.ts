import { defineConfig } from 'vitest/config';

// The e2e test drives a real server, tmux and Claude Code: generous timeouts, one file at a time.
export default defineConfig({
  test: {
    fileParallelism: false,
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
