import type { Readable } from 'node:stream';

/** Where a command reads and writes: the real process by default, captured in tests. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: Readable;
  /** Working directory (relative paths, `./aegis.config.json`). */
  cwd: string;
  /** Cancels streaming commands (`read --follow`); Ctrl-C in the real process. */
  signal?: AbortSignal;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdin: process.stdin,
    cwd: process.cwd(),
  };
}

/** An error meant for people: printed as is, with the exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
