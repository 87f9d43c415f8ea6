import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh empty folder under the OS temp dir, returned as its real path (no symlinks, e.g. macOS /private/var). */
export async function tempDir(prefix = 'aegis-'): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), prefix)));
}
