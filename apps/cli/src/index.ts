export { runCli, type RunOptions } from './program.js';
export { serverUrl, DEFAULT_URL } from './client.js';
export { CliError, processIo, type CliIo } from './io.js';
export { doctor, doctorText, type Check, type DoctorReport } from './commands/doctor.js';
export { attachArgs, attachEnv, type Spawner } from './commands/attach.js';
export { VERSION } from './version.js';
