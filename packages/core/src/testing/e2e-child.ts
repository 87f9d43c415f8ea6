// Run by lifecycle.e2e.test.ts as a separate Aegis process (then SIGKILLed): starts a manager, creates a session, prints its id.
import { SessionManager } from '../index.js';

const [stateDir, socketName, claudePath, workDir] = process.argv.slice(2) as [string, string, string, string];
const m = await SessionManager.start({ stateDir, socketName, claudePath });
const { session } = await m.create({ workDir });
await m.waitFor(session.id, 'idle', 60_000);
await m.events.flush();
process.stdout.write(JSON.stringify({ id: session.id, port: m.hookPort, pid: session.panePid }) + '\n');
setInterval(() => undefined, 1000); // stay alive until killed
