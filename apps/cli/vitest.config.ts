import { defineConfig } from 'vitest/config';

// The e2e tests drive the real server, tmux and Claude Code, spawn the built bin and install the packed tarball:
// generous timeouts, one file at a time.
export default defineConfig({
  test: {
    fileParallelism: false,
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
