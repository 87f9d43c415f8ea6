import { join } from 'node:path';
import { AegisError } from './errors.js';
import type { FileSystem } from './io.js';

/** Why state cannot be written, as a typed error (start, or a send refused while writes fail). */
export function stateUnwritable(stateDir: string, cause: unknown): AegisError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AegisError(
    'STATE_UNWRITABLE',
    `the state folder ${stateDir} cannot be written (${why}): free space or fix its permissions, or choose another state folder`,
    { stateDir },
    { cause },
  );
}

/** Sends are refused while the shared database cannot be written; accepted writes are retried until it is back. */
export function storeUnavailable(cause: unknown): AegisError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AegisError(
    'STORE_UNAVAILABLE',
    `the database cannot be written (${why}); what was accepted is kept and written when it is back`,
    {},
    { cause },
  );
}

/**
 * Creates the state folder and proves it takes a write (temp file + rename, like every record write): a read-only
 * or full folder fails the start with STATE_UNWRITABLE instead of losing records and events silently later.
 */
export async function checkStateDir(fs: FileSystem, stateDir: string): Promise<void> {
  const probe = join(stateDir, '.write-probe');
  try {
    await fs.mkdir(stateDir);
    await fs.writeFileAtomic(probe, 'aegis\n', 0o600);
    await fs.rm(probe);
  } catch (cause) {
    throw stateUnwritable(stateDir, cause);
  }
}
