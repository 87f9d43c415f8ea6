// The detector against the real Claude Code CLI of every pinned version: tmux (own socket) + the scripted model,
// fed like core feeds it (screen pushes, the status file, the process exit, HTTP hooks). Asserts the reported
// state kinds of one walk through the states; never timings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLAUDE_VERSIONS, startFakeModel, type FakeModel, killTmuxServer } from '@aegis/testkit';
import { createTmuxDriver, type TmuxDriver } from '@aegis/tmux';
import { startLive, type LiveSession } from './testing/live-harness.js';
import { waitUntil } from './testing/wait-until.js';
import { pickOption } from './screen/options.js';

describe.each(CLAUDE_VERSIONS)('state detector on real Claude Code %s', (version) => {
  const socket = `aegis-test-state-${version.replaceAll('.', '-')}-${process.pid}`;
  let driver: TmuxDriver;
  let fake: FakeModel;
  let live: LiveSession | undefined;

  beforeAll(async () => {
    driver = createTmuxDriver({ socketName: socket });
    fake = await startFakeModel();
  });

  afterAll(async () => {
    await live?.close();
    driver?.close();
    killTmuxServer(socket);
    await fake?.close();
  });

  // with hooks (as core wires it), and from the screen + status file + process exit alone
  test.each(['hooks', 'no-hooks'] as const)(
    'walks starting → idle → working → dialogs → error → interrupted → exited (%s)',
    { timeout: 150_000 },
    async (wiring) => {
      await live?.close();
      live = await startLive({
        driver,
        fake,
        version,
        hooks: wiring === 'hooks',
        args: ['--permission-mode', 'default'],
        env: { CLAUDE_CODE_MAX_RETRIES: '0' },
      });
      const s = live;
      const mark = () => s.transitions.length;

      // starting → idle
      expect(s.tracker.state.kind === 'starting' || s.transitions[0]?.from.kind === 'starting').toBe(true);
      await s.waitForState('idle');

      // a prompt: working → idle, never before the model's last byte (a premature idle fails here)
      let m = mark();
      const finished: number[] = [];
      const unsubscribe = fake.onReplyFinished((r) => {
        if (r.kind === 'prompt' && r.finishedAt !== undefined) finished.push(r.finishedAt);
      });
      await s.submit('please answer KWSLOW2 slowly');
      await s.waitForState('working', { from: m });
      const turnEnd = await s.waitForState('idle', { from: m });
      unsubscribe();
      expect(finished.length).toBeGreaterThan(0);
      expect(turnEnd.at).toBeGreaterThanOrEqual(Math.max(...finished));

      // Bash permission: options parsed, approve = least privilege, by identity
      m = mark();
      await s.submit('please KWBASH now');
      const perm = (await s.waitForState('permission_prompt', { from: m })).to;
      await waitUntil(
        () => s.tracker.state.kind === 'permission_prompt' && s.tracker.state.options.length >= 3 && s.tracker.state,
        'the dialog options',
      );
      const dialog = s.tracker.state;
      if (dialog.kind !== 'permission_prompt') throw new Error(dialog.kind);
      expect(perm.kind).toBe('permission_prompt');
      expect(dialog.tool).toBe('Bash');
      expect(dialog.command).toBe('echo hi > out.txt');
      expect(dialog.options.filter((o) => o.selected)).toHaveLength(1);
      const approve = pickOption(dialog.options, 'approve');
      expect(approve).toMatchObject({ id: 'yes', kind: 'allow', label: 'Yes' });
      expect(pickOption(dialog.options, 'deny')?.id).toBe('no');
      await s.choose(dialog, 'approve');
      await s.waitForState('idle', { from: m });
      await waitUntil(() => existsSync(join(s.workDir, 'out.txt')), 'out.txt');

      // AskUserQuestion → answer → idle
      m = mark();
      await s.submit('please KWASK me');
      const ask = (await s.waitForState('asking', { from: m })).to;
      expect(ask.kind).toBe('asking');
      await waitUntil(
        () => s.tracker.state.kind === 'asking' && s.tracker.state.options.length > 0,
        'the question options',
      );
      await s.chooseLabel('Red');
      await s.waitForState('idle', { from: m });

      // plan approval (Shift+Tab into plan mode) → reject with Escape → idle
      for (let i = 0; i < 8 && !(s.tracker.state.kind === 'idle' && s.tracker.state.mode === 'plan'); i++) {
        const before = s.tracker.state.kind === 'idle' ? s.tracker.state.mode : undefined;
        await s.keys(['BTab']);
        // a press always changes the mode: wait for the screen to show it (slow under load), and for the footer to
        // settle, before judging it or pressing again (a press too early cycles past plan mode)
        await waitUntil(
          () => s.tracker.state.kind === 'idle' && s.tracker.state.mode !== before,
          'the mode to change',
          10_000,
        ).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 700));
      }
      expect(s.tracker.state.kind === 'idle' && s.tracker.state.mode).toBe('plan');
      m = mark();
      await s.submit('please KWPLAN now');
      const plan = (await s.waitForState('plan_approval', { from: m, timeoutMs: 45_000 })).to;
      expect(plan.kind).toBe('plan_approval');
      await waitUntil(
        () => s.tracker.state.kind === 'plan_approval' && s.tracker.state.options.length > 0,
        'the plan options',
      );
      await s.pressUntil(['Escape'], () => s.tracker.state.kind !== 'plan_approval', 'the plan dialog to close');
      await s.waitForState('idle', { from: m });

      // API error (no retries) → error (StopFailure hook) → idle; without hooks only the screen tells: idle after an api_error
      m = mark();
      await s.submit('please KWERR500 now');
      if (wiring === 'hooks') {
        const err = (await s.waitForState('error', { from: m })).to;
        expect(err.kind).toBe('error');
        await s.waitForState('idle', { from: m, timeoutMs: 30_000 });
      } // without hooks a failed turn can be over between two status-file reads: the state may never leave idle
      await waitUntil(
        () => s.tracker.state.kind === 'idle' && s.tracker.state.lastTurn?.outcome === 'api_error',
        'the API error on the idle screen',
        10_000,
      );

      // Escape while streaming → idle (interrupted)
      m = mark();
      await s.submit('please answer KWSLOW30 slowly');
      await s.waitForState('working', { from: m });
      await waitUntil(async () => /word\d/.test(await s.capture()), 'the first words');
      await s.pressUntil(['Escape'], () => s.tracker.state.kind !== 'working', 'the interrupt');
      const after = (await s.waitForState('idle', { from: m })).to;
      expect(after.kind).toBe('idle');
      await waitUntil(
        () => s.tracker.state.kind === 'idle' && s.tracker.state.lastTurn?.outcome === 'interrupted',
        'the interrupt on screen',
        5_000,
      );

      // Ctrl-C twice → exited
      m = mark();
      for (let attempt = 0; attempt < 3 && s.tracker.state.kind !== 'exited'; attempt++) {
        await s.keys(['C-c']);
        await waitUntil(async () => /Press Ctrl-C again to exit/.test(await s.capture()), 'the exit hint', 3_000).catch(
          () => undefined,
        );
        await s.keys(['C-c']);
        await waitUntil(() => s.tracker.state.kind === 'exited', 'exit', 5_000).catch(() => undefined);
      }
      const exited = (await s.waitForState('exited', { from: m })).to;
      expect(exited.kind).toBe('exited');
      if (process.env.AEGIS_E2E_VERBOSE) console.log(version, wiring, s.transitions.map((t) => t.to.kind).join(' → '));
      const seen = [
        'idle',
        'working',
        'permission_prompt',
        'asking',
        'plan_approval',
        'exited',
        ...(wiring === 'hooks' ? ['error'] : []),
      ];
      expect(s.transitions.map((t) => t.to.kind)).toEqual(expect.arrayContaining(seen));
    },
  );
});
