import { defineConfig } from 'vitest/config';

// real Chromium on a loaded machine: give each test room
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 } });
