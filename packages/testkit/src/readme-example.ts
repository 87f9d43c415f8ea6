import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { claudeEnv, startFakeModel, tempDir, type FakeModelRequest } from '@aegis/scripted-model';
import { createClaudeConfigDir } from './claude-config.js';
import { CLAUDE_VERSIONS } from './versions.js';
import { claudeBinary } from './install.js';

/** The `index`th fenced ```ts block of a markdown file (0-based). */
export function readmeExample(readmePath: string, index = 0): string {
  const blocks = [...readFileSync(readmePath, 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const block = blocks[index];
  if (block === undefined) throw new Error(`${readmePath} has ${blocks.length} ts blocks, not ${index + 1}`);
  return block;
}

export interface ReadmeExampleOptions {
  /** The package whose README it is: the example is saved there, so its imports resolve as in a user's project. */
  packageDir: string;
  /** Which ```ts block (0-based). Default 0. */
  block?: number;
  env?: Record<string, string | undefined>;
  /** Default: the package folder. */
  cwd?: string;
  args?: string[];
  /** Default 120 s. */
  timeoutMs?: number;
}

export interface ExampleRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a README's TypeScript example exactly as written (through tsx, in a child process). */
export async function runReadmeExample(o: ReadmeExampleOptions): Promise<ExampleRun> {
  const file = join(o.packageDir, `.readme-example-${process.pid}-${o.block ?? 0}.ts`);
  await writeFile(file, readmeExample(join(o.packageDir, 'README.md'), o.block));
  try {
    return await new Promise((resolve) => {
      const tsx = import.meta.resolve('tsx');
      execFile(
        process.execPath,
        ['--import', tsx, file, ...(o.args ?? [])],
        {
          cwd: o.cwd ?? o.packageDir,
          env: (o.env ?? process.env) as NodeJS.ProcessEnv,
          timeout: o.timeoutMs ?? 120_000,
          maxBuffer: 16 << 20,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  } finally {
    await rm(file, { force: true });
  }
}

/** A user's machine in miniature, for examples that run on defaults. */
export interface UserEnvironment {
  /** HOME (so `~/.aegis` is fresh), TMUX_TMPDIR (so tmux's default-named sockets are private), `claude` first on
   * PATH (the pinned `version`), and Claude Code pointed at the scripted model. */
  env: Record<string, string | undefined>;
  home: string;
  /** Kills every tmux server started under it and removes its folders. */
  dispose(): Promise<void>;
}

export async function userEnvironment(o: { version: string; modelUrl: string }): Promise<UserEnvironment> {
  const [home, tmuxTmp, bin] = [
    await tempDir('aegis-user-home-'),
    await tempDir('aegis-user-tmux-'),
    await tempDir('aegis-user-bin-'),
  ];
  await symlink(claudeBinary(o.version), join(bin, 'claude'));
  const configDir = await createClaudeConfigDir({ version: o.version });
  const env = {
    ...process.env,
    HOME: home,
    TMUX_TMPDIR: tmuxTmp,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    ...claudeEnv({ modelUrl: o.modelUrl, configDir }),
  };
  return {
    env,
    home,
    async dispose() {
      const sockets = join(tmuxTmp, `tmux-${process.getuid?.() ?? 0}`);
      for (const name of existsSync(sockets) ? readdirSync(sockets) : []) {
        try {
          execFileSync('tmux', ['-S', join(sockets, name), 'kill-server'], { stdio: 'ignore' });
        } catch {
          /* already gone */
        }
      }
      // Claude may still be writing while its tmux server goes down: retry ENOTEMPTY
      await Promise.all(
        [home, tmuxTmp, bin, configDir].map((d) =>
          rm(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
        ),
      );
    },
  };
}

/**
 * Runs a README example as a user with Claude Code on PATH would ({@link userEnvironment}, the scripted model as the
 * Anthropic API, a fresh folder as the working directory), then cleans up. `env` adds variables.
 */
export async function runReadmeExampleAsUser(
  o: Omit<ReadmeExampleOptions, 'env' | 'cwd'> & { env?: Record<string, string>; version?: string },
): Promise<ExampleRun & { prompts: FakeModelRequest[] }> {
  const fake = await startFakeModel();
  const user = await userEnvironment({ version: o.version ?? CLAUDE_VERSIONS.at(-1)!, modelUrl: fake.url });
  const cwd = await tempDir('aegis-readme-work-');
  try {
    const run = await runReadmeExample({ ...o, env: { ...user.env, ...o.env }, cwd });
    return { ...run, prompts: fake.prompts() };
  } finally {
    await user.dispose();
    await fake.close();
    await rm(cwd, { recursive: true, force: true });
  }
}
