import { describe, expect, it } from 'vitest';
import { nodeCommandRunner, type CommandOptions, type CommandRunner } from '../command-runner.js';
import { Git } from './git.js';

describe('Git', () => {
  it('runs `git -C <dir> …` as an argument array, never prompting, without the caller GIT_DIR', async () => {
    const calls: { argv: readonly string[]; o: CommandOptions }[] = [];
    const runner: CommandRunner = {
      run: async (argv, o) => {
        calls.push({ argv, o });
        return {
          code: argv.includes('fail') ? 1 : 0,
          signal: null,
          timedOut: false,
          stdout: 'out',
          stderr: 'fatal: nope\n',
          truncated: false,
        };
      },
    };
    const git = new Git({ runner, env: { PATH: '/bin', GIT_DIR: '/elsewhere', HOME: '/h' } });
    expect(await git.ok('/repo', ['status', '$(rm -rf /)'])).toBe('out');
    expect(calls[0]!.argv).toEqual(['git', '-C', '/repo', 'status', '$(rm -rf /)']);
    expect(calls[0]!.o.env).toMatchObject({
      PATH: '/bin',
      HOME: '/h',
      GIT_TERMINAL_PROMPT: '0',
      GIT_EDITOR: 'true',
      LC_ALL: 'C',
    });
    expect(calls[0]!.o.env).not.toHaveProperty('GIT_DIR');
    await expect(git.ok('/repo', ['fail'])).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: 'git fail failed: fatal: nope',
      details: { args: ['fail'], cwd: '/repo' },
    });
    expect((await git.run('/repo', ['fail'])).code).toBe(1);
  });

  it('nodeCommandRunner stops reading at maxOutput and reports a command that cannot start', async () => {
    const r = await nodeCommandRunner.run(['yes'], { cwd: '/', maxOutput: 1000 });
    expect(r).toMatchObject({ truncated: true, code: 0 });
    expect(r.stdout).toHaveLength(1000);
    expect(await nodeCommandRunner.run(['/no/such/binary'], { cwd: '/' })).toMatchObject({
      code: null,
      error: expect.stringContaining('ENOENT'),
    });
  });
});
