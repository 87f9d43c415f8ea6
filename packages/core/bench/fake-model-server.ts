// The scripted model in its own process (core.bench.ts's load run): its CPU must not count as Aegis's.
// Prints its URL on stdout, stops on SIGTERM.
import { startFakeModel } from '@aegis/testkit';

const fake = await startFakeModel();
process.stdout.write(`${fake.url}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
