import { processIo } from './io.js';
import { runCli } from './program.js';

// Ctrl-C stops streaming commands cleanly (`read --follow`); `serve` and `mcp` handle their own signals.
const controller = new AbortController();
const io = { ...processIo(), signal: controller.signal };
const args = process.argv.slice(2);
if (args.includes('read')) process.once('SIGINT', () => controller.abort());

runCli(args, { io }).then(
  // Exit once stdout is flushed: client commands may leave idle keep-alive sockets behind.
  (code) => void process.stdout.write('', () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(`aegis-bridge: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
