import { describe, expect, it } from 'vitest';
import { createTmuxDriver } from './driver.js';
import { TmuxError } from './errors.js';
import { createNodeProcessRunner, type ProcessRunner, type RunOptions } from './runner.js';

/** A fake tmux that records which calls overlap; each call takes a few event-loop turns. */
function overlapRunner(): ProcessRunner & { maxActive: number; calls: string[][] } {
  let active = 0;
  const state = {
    maxActive: 0,
    calls: [] as string[][],
    async run(_file: string, args: readonly string[], _o: RunOptions) {
      active++;
      state.maxActive = Math.max(state.maxActive, active);
      state.calls.push([...args]);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      active--;
      return { stdout: '', stderr: '', code: 0 };
    },
  };
  return state;
}

describe('ordering and concurrency', () => {
  it('runs calls for different windows concurrently', async () => {
    const runner = overlapRunner();
    const driver = createTmuxDriver({ socketName: 'fake', runner });
    await Promise.all([driver.sendKeys('@1', ['Enter']), driver.sendKeys('@2', ['Enter']), driver.sendText('@3', 'x')]);
    expect(runner.maxActive).toBe(3);
  });

  it('serializes calls for the same window, in call order', async () => {
    const runner = overlapRunner();
    const driver = createTmuxDriver({ socketName: 'fake', runner });
    await Promise.all([
      driver.sendText('@1', 'one\ntwo'),
      driver.sendKeys('@1', ['Enter']),
      driver.sendText('@1', 'three', { mode: 'paste' }),
      driver.sendKeys('@1', ['Escape']),
    ]);
    expect(runner.maxActive).toBe(1);
    const commands = runner.calls.map((args) =>
      args
        .slice(5)
        .filter((a) => a !== ';')
        .join(' '),
    );
    expect(commands).toEqual([
      'send-keys -t @1 -l -- one send-keys -t @1 C-j send-keys -t @1 -l -- two',
      'send-keys -t @1 Enter',
      expect.stringMatching(/^load-buffer -b aegis-\d+-1 - paste-buffer -p -d -b aegis-\d+-1 -t @1$/),
      'send-keys -t @1 Escape',
    ]);
  });

  it('a failing call does not block the next one for the same window', async () => {
    let n = 0;
    const runner: ProcessRunner = {
      async run() {
        n++;
        if (n === 1) throw new TmuxError('TIMEOUT', 'fake timeout');
        return { stdout: '', stderr: '', code: 0 };
      },
    };
    const driver = createTmuxDriver({ socketName: 'fake', runner });
    const first = driver.sendKeys('@1', ['Enter']);
    const second = driver.sendKeys('@1', ['Enter']);
    await expect(first).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(second).resolves.toBeUndefined();
  });

  it('maps a non-zero exit to a code from stderr', async () => {
    const runner: ProcessRunner = {
      async run() {
        return { stdout: '', stderr: "can't find window: @7\n", code: 1 };
      },
    };
    const error = await createTmuxDriver({ socketName: 'fake', runner })
      .capture('@7')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmuxError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', stderr: "can't find window: @7", exitCode: 1 });
    expect((error as TmuxError).args).toContain('capture-pane');
  });

  it('the default runner times out with TIMEOUT and reports a missing binary as TMUX_MISSING', async () => {
    const runner = createNodeProcessRunner();
    await expect(runner.run('sleep', ['30'], { timeoutMs: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(runner.run('/nonexistent/tmux', [], { timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'TMUX_MISSING',
    });
    await expect(runner.run('cat', [], { timeoutMs: 5000, input: 'a;b ü' })).resolves.toMatchObject({
      stdout: 'a;b ü',
      code: 0,
    });
  });
});
