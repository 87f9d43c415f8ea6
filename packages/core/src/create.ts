import type { z } from 'zod';
import { AegisError } from './errors.js';
import type { FileSystem } from './io.js';
import { CreateSessionSchema, envKeyDenied, type CreateSessionInput } from './schemas.js';
import type { SessionInfo } from './session-info.js';
import { assertLiteralMessage } from './input-policy.js';
import { parseOrThrow } from './validate.js';
import { resolveWorkDir } from './workdir-policy.js';

export type CreateParsed = z.output<typeof CreateSessionSchema>;

export interface CreateResult {
  session: SessionInfo;
  /** True when an idle session in the same folder was reused (servers: 200 instead of 201). */
  reused: boolean;
  /** The first prompt's receipt (delivered once the session is really idle). */
  prompt: { id: string; position: number } | null;
}

/** Validates a create: the schema, the env keys a caller may set, and the folder (its realpath, inside the roots). */
export async function parseCreate(
  input: CreateSessionInput,
  fs: FileSystem,
  workDirRoots: readonly string[],
): Promise<{ c: CreateParsed; workDir: string }> {
  const c = parseOrThrow(CreateSessionSchema, input);
  if (c.prompt) assertLiteralMessage(c.prompt); // refused before a session is launched
  for (const key of Object.keys(c.env ?? {})) {
    const why = envKeyDenied(key);
    if (why) throw new AegisError('ENV_DENIED', `env ${key} is not allowed (${why})`, { key });
  }
  return { c, workDir: await resolveWorkDir(fs, workDirRoots, c.workDir) };
}
