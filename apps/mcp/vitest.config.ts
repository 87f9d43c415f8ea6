import { defineConfig } from 'vitest/config';

// The e2e suite spawns the built server, which drives the real CLI in tmux: give each test room.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
