/** API errors (final and retrying) and the HTTP-hooks session. */
import { setTimeout as sleep } from 'node:timers/promises';
import { has, working } from './capture-cues.js';
import type { Snapshot } from './capture-pane.js';
import { startHookReceiver, httpHookSettings } from './capture-hooks.js';
import { dialog, idleAgain, sessionId, turn, withPane, workspace, type Scenario } from './capture-scenario.js';

const count = (screen: string, re: RegExp) => screen.match(new RegExp(re.source, 'g'))?.length ?? 0;

/** `CLAUDE_CODE_MAX_RETRIES=0`: the final error screens of 500, 529, 429 and 400. */
export const apiErrors: Scenario = {
  name: 'api-errors',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'err');
    const f = '08-api-error';
    const env = { CLAUDE_CODE_MAX_RETRIES: '0' };
    await withPane(
      ctx,
      this.name,
      { cols: 120, rows: 40, cwd, configDir, env, args: ['--session-id', sessionId(11)] },
      async (p) => {
        await idleAgain(p, 'idle after start', f);
        for (const code of ['500', '529', '429', '400']) {
          await p.keys('C-l'); // fresh screen per error (Claude Code redraws on Ctrl-L)
          await p.pause(300);
          const before = count((await p.snapshot()).screen, /API Error/);
          await p.type(`please KWERR${code} now`);
          // Not `idle`: after an error 2.1.331 shows the placeholder "Resend your message to try again" in the input.
          const ended = (s: Snapshot) =>
            s.status?.status === 'idle' && !working(s.screen) && count(s.screen, /API Error/) > before;
          await p.until(`final ${code} error`, f, ended, { timeoutMs: 30_000, stableMs: 600 });
          await p.shot(f, `${code}-final-no-retries`);
        }
      },
    );
  },
};

/** Default retry policy: the retrying spinner for a 500, then Escape. */
export const apiRetry: Scenario = {
  name: 'api-retry',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'retry');
    const f = '08-api-error';
    await withPane(
      ctx,
      this.name,
      { cols: 120, rows: 40, cwd, configDir, args: ['--session-id', sessionId(12)] },
      async (p) => {
        await idleAgain(p, 'idle after start', f);
        await p.type('please KWERR500 now');
        await p.until('retrying 500', f, has(/Retrying|attempt \d/i), { timeoutMs: 30_000 });
        await p.pause(500);
        await p.shot(f, '500-retrying');
        await p.pause(4000);
        await p.shot(f, '500-retrying-later');
        await p.keys('Escape');
        await p.until('idle after Escape during retries', f, (s) => s.status?.status === 'idle', { stableMs: 800 });
        await p.shot(f, '500-retrying-then-escape');
        await p.keys('C-u');
      },
    );
  },
};

/** One session with an HTTP hook for every event; payloads go to hooks/payloads-http-hooks.jsonl. */
export const hooks: Scenario = {
  name: 'http-hooks',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'hooks');
    const receiver = await startHookReceiver();
    const args = [
      '--permission-mode',
      'default',
      '--session-id',
      sessionId(13),
      '--settings',
      httpHookSettings(receiver.url),
    ];
    const env = { CLAUDE_CODE_MAX_RETRIES: '0' };
    try {
      await withPane(ctx, this.name, { cols: 120, rows: 40, cwd, configDir, args, env }, async (p) => {
        await idleAgain(p, 'idle after start', '02-idle');
        await turn(p, '02-idle', 'say hello please', /Hello from the fake model/);
        await p.shot('02-idle', 'with-hooks');
        await p.type('please KWBASH now');
        await dialog(p, 'Bash dialog with hooks', '04-permission-bash', /Do you want to proceed\?/);
        await p.shot('04-permission-bash', 'with-hooks');
        await p.pause(7000); // Notification permission_prompt fires ≈6 s after an unanswered dialog
        await p.keys('1');
        await idleAgain(p, 'idle after approving Bash (hooks)', '04-permission-bash', /Done running the command/);
        await p.type('please KWASK me');
        await dialog(p, 'question with hooks', '06-ask-user-question', /Which color should the button be\?/);
        await p.shot('06-ask-user-question', 'with-hooks');
        await p.keys('1');
        await idleAgain(p, 'idle after answering (hooks)', '06-ask-user-question', /Thanks for the answer/);
        await p.type('please KWERR400 now');
        await p.until(
          '400 error with hooks',
          '08-api-error',
          (s) => s.status?.status === 'idle' && !working(s.screen) && /API Error/.test(s.screen),
          { stableMs: 600 },
        );
        await p.shot('08-api-error', '400-with-hooks');
      });
      await sleep(500);
      await ctx.write(
        'hooks/payloads-http-hooks.jsonl',
        receiver.lines.join('\n') + (receiver.lines.length ? '\n' : ''),
      );
      await ctx.write(
        'hooks/settings-http-hooks.json',
        JSON.stringify(JSON.parse(httpHookSettings('http://127.0.0.1:PORT')), null, 1) + '\n',
      );
      ctx.note(`HTTP hooks: ${receiver.lines.length} requests received`);
    } finally {
      await receiver.close();
    }
  },
};
