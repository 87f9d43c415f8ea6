#!/usr/bin/env node
import { runStdio } from './stdio.js';

// stdout is the MCP protocol: everything else goes to stderr.
runStdio().catch((e: unknown) => {
  process.stderr.write(`aegis-mcp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
