import { cpSync, existsSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.ts';

// The workspace packages (@aegis/server, @aegis/mcp, core, …) are not published: they are bundled into dist, and
// their third-party dependencies are this package's own `dependencies` (same versions). The dashboard's built
// files (@aegis/web) ship beside the bundle in dist/web, where the server looks first.
export default defineConfig({
  ...baseConfig,
  entry: ['src/main.ts', 'src/index.ts'],
  dts: { entry: ['src/index.ts'] },
  noExternal: [/^@aegis\//],
  banner: { js: '#!/usr/bin/env node' },
  onSuccess: async () => {
    if (existsSync('../web/dist/index.html')) cpSync('../web/dist', 'dist/web', { recursive: true });
  },
});
