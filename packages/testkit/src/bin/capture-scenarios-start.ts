/** Start-up screens (onboarding, API key, trust), the default-mode session and the 80x24 session. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureContext } from './capture-context.js';
import { all, any, busy, dead, has, idle, optionDigit, selectedOption, waiting } from './capture-cues.js';
import {
  footer,
  idleAgain,
  moveCursorTo,
  sessionId,
  turn,
  withPane,
  workspace,
  type Scenario,
} from './capture-scenario.js';

const trustCue = has(/trust this folder|Accessing workspace|trust the files/i);

export const onboarding: Scenario = {
  name: 'onboarding',
  async run(ctx: CaptureContext) {
    const cwd = await ctx.workDir('onboarding');
    const configDir = await ctx.workDir('config-empty'); // no .claude.json at all
    await withPane(
      ctx,
      'onboarding',
      { cols: 120, rows: 40, cwd, configDir },
      async (p) => {
        const snap = await p.settle(2500, 20_000);
        await p.shot(
          '00-onboarding-and-api-key',
          snap.dead ? 'onboarding-empty-config-after-exit' : 'onboarding-empty-config',
        );
        if (!snap.dead)
          ctx.note('empty config dir: onboarding screen stays up (process alive) after 2.5 s without changes');
      },
      { transcripts: false },
    );
  },
};

export const apiKey: Scenario = {
  name: 'api-key',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'apikey');
    const file = join(configDir, '.claude.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete config.customApiKeyResponses; // not approved: Claude Code should ask about the key
    await writeFile(file, JSON.stringify(config, null, 2) + '\n');
    await withPane(
      ctx,
      'api-key',
      { cols: 120, rows: 40, cwd, configDir, args: ['--session-id', sessionId(2)] },
      async (p) => {
        const snap = await p.until(
          'API-key question or idle',
          '00-onboarding-and-api-key',
          any(has(/API key/i), idle),
          { timeoutMs: 20_000, stableMs: 1000 },
        );
        if (!/API key/i.test(snap.screen)) {
          ctx.note('config without an approved key: no API-key question, Claude went straight to the idle prompt');
          await p.shot('00-onboarding-and-api-key', 'no-api-key-question-idle');
          return;
        }
        await p.shot('00-onboarding-and-api-key', 'api-key-question');
        const yes = optionDigit(snap.screen, /^Yes/);
        if (yes) await p.keys(yes);
        else {
          ctx.note(
            `API-key question: keys to reach "Yes": ${(await moveCursorTo(p, 'API-key question', '00-onboarding-and-api-key', /^Yes/)).join(' ')}`,
          );
          await p.shot('00-onboarding-and-api-key', 'api-key-question-cursor-on-yes');
          await p.keys('Enter');
        }
        await idleAgain(p, 'idle after accepting the key', '00-onboarding-and-api-key');
        await p.shot('00-onboarding-and-api-key', yes ? `api-key-after-${yes}-yes` : 'api-key-after-enter-on-yes');
      },
    );
  },
};

export const trust: Scenario = {
  name: 'trust',
  async run(ctx) {
    const folder = '01-trust-dialog';
    const a = await workspace(ctx, 'trust', false);
    await withPane(
      ctx,
      'trust',
      { cols: 120, rows: 40, cwd: a.cwd, configDir: a.configDir, args: ['--session-id', sessionId(3)] },
      async (p) => {
        await p.until(
          'trust dialog',
          folder,
          all(trustCue, (s) => !s.dead),
          { timeoutMs: 20_000, stableMs: 500 },
        );
        const first = await p.snapshot();
        await p.shot(folder, '');
        ctx.note(`trust dialog: cursor starts on "${selectedOption(first.screen)}"`);
        const yes = optionDigit(first.screen, /Yes, I trust/);
        if (yes) await p.keys(yes);
        else {
          ctx.note(
            `trust dialog: keys to reach "Yes": ${(await moveCursorTo(p, 'trust dialog', folder, /Yes, I trust/)).join(' ') || 'none'}`,
          );
          await p.shot(folder, 'cursor-on-yes');
          await p.keys('Enter');
        }
        const snap = await p.until('screen after trusting', folder, any(idle, has(/API key/i)), {
          timeoutMs: 20_000,
          stableMs: 800,
        });
        await p.shot(folder, /API key/i.test(snap.screen) ? 'after-yes-api-key-question' : 'after-yes');
      },
    );
    const b = await workspace(ctx, 'trust80', false);
    await withPane(
      ctx,
      'trust-80x24',
      { cols: 80, rows: 24, cwd: b.cwd, configDir: b.configDir },
      async (p) => {
        const snap = await p.until(
          'trust dialog (80x24)',
          folder,
          all(trustCue, (s) => !s.dead),
          { timeoutMs: 20_000, stableMs: 500 },
        );
        await p.shot(folder, '');
        // Choose "No, exit": its digit where the rows are numbered (2.1.197), else move the cursor there and Enter.
        const no = optionDigit(snap.screen, /^No/);
        if (no) await p.keys(no);
        else {
          await moveCursorTo(p, 'trust dialog (80x24)', folder, /^No/);
          await p.keys('Enter');
        }
        await p.until('exit after "No"', folder, dead, { timeoutMs: 10_000 });
        await p.pause(300);
        await p.shot(folder, no ? `after-${no}-no-exit` : 'after-enter-on-no-exit');
      },
      { transcripts: false },
    );
  },
};

/** The default session (no --permission-mode): idle, streaming, tool running, interrupt, Ctrl-C, mode cycle, /exit. */
export const main: Scenario = {
  name: 'main-default-mode',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'main');
    await withPane(
      ctx,
      this.name,
      { cols: 120, rows: 40, cwd, configDir, args: ['--session-id', sessionId(4)] },
      async (p) => {
        await idleAgain(p, 'idle after start', '02-idle');
        await p.pause(1000); // let late start-up notices draw
        await p.shot('02-idle', 'fresh-start');
        const start = await p.snapshot();
        ctx.note(
          `start-up footer without --permission-mode: "${footer(start.screen)}"; status file permission fields: ${JSON.stringify(Object.fromEntries(Object.entries(start.status ?? {}).filter(([k]) => /mode|perm/i.test(k))))}`,
        );
        await p.shot('15-permission-modes', 'startup-no-flag');

        await p.type('say hello please', false);
        await p.until('typed text in the input box', '12-typed-not-submitted', has(/❯[ \u00a0]say hello please/));
        await p.pause(300);
        await p.shot('12-typed-not-submitted', '');
        await p.keys('Enter');
        await idleAgain(p, 'first reply', '02-idle', /Hello from the fake model/);
        await p.shot('02-idle', 'after-first-reply');

        await p.type('please answer KWSLOW12 slowly');
        await p.until('streaming text', '03-working', all(busy, has(/word\d+/)), { timeoutMs: 20_000 });
        await p.pause(800);
        await p.shot('03-working', 'streaming-a');
        await p.pause(2500);
        await p.shot('03-working', 'streaming-b');
        await idleAgain(p, 'idle after streaming', '03-working', /word59/);

        await p.type('please KWSLEEP now');
        await p.until('Bash sleep running', '03-working', all(busy, has(/sleep 8/)), { timeoutMs: 20_000 });
        await p.pause(1500);
        await p.shot('03-working', 'tool-running-bash');
        await p.pause(3000);
        await p.shot('03-working', 'tool-running-bash-later');
        await idleAgain(p, 'idle after sleep', '03-working', /Done sleeping/, 40_000);

        await p.type('please answer KWSLOW30 slowly');
        await p.until('streaming before interrupt', '09-interrupted', all(busy, has(/word\d+/)), { timeoutMs: 20_000 });
        await p.pause(1000);
        await p.keys('Escape');
        await idleAgain(p, 'interrupted', '09-interrupted', /Interrupted/);
        await p.shot('09-interrupted', 'after-escape');

        await p.keys('C-c');
        await p.until('Ctrl-C exit hint', '10-ctrl-c', has(/again to exit/i), { timeoutMs: 3000 });
        await p.shot('10-ctrl-c', 'idle-after-one-ctrl-c');
        await p.pause(2000);

        // In auto mode (2.1.331's default) the Bash call runs without a dialog; older versions ask (answered with 1).
        await p.type('please KWBASH now');
        const bash = await p.until(
          'Bash result or dialog',
          '15-permission-modes',
          any(all(idle, has(/Done running the command/)), waiting),
          { stableMs: 500 },
        );
        if (bash.status?.status === 'waiting') {
          ctx.note('without --permission-mode, KWBASH showed a permission dialog (no auto mode by default)');
          await p.shot('15-permission-modes', 'no-flag-bash-dialog');
          await p.keys('1');
          await idleAgain(p, 'idle after approving Bash', '15-permission-modes', /Done running the command/);
        } else await p.shot('15-permission-modes', 'default-auto-bash-without-prompt');

        const first = footer((await p.snapshot()).screen);
        for (let i = 1; i <= 6; i++) {
          await p.keys('BTab');
          await p.pause(700);
          const now = await p.settle(500, 5000);
          await p.shot('15-permission-modes', `footer-after-shift-tab-${i}`);
          ctx.note(`shift+tab ${i}: footer "${footer(now.screen)}" status=${now.status?.status}`);
          if (footer(now.screen) === first) break;
        }

        await p.type('/exit');
        await p.until('process exit after /exit', '11-after-exit', dead, { timeoutMs: 10_000 });
        await p.pause(300);
        await p.shot('11-after-exit', 'after-slash-exit');
      },
    );
  },
};

/** The 80x24 session (no --permission-mode). */
export const small: Scenario = {
  name: 'small-80x24',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'small');
    await withPane(
      ctx,
      this.name,
      { cols: 80, rows: 24, cwd, configDir, args: ['--session-id', sessionId(5)] },
      async (p) => {
        await idleAgain(p, 'idle after start', '02-idle');
        await p.pause(1000);
        await p.shot('02-idle', 'fresh-start');
        await turn(p, '02-idle', 'say hello please', /Hello from the fake model/);
        await p.shot('02-idle', 'after-first-reply');
        await p.type('please answer KWSLOW20 slowly');
        await p.until('streaming text', '03-working', all(busy, has(/word\d+/)), { timeoutMs: 20_000 });
        await p.pause(1500);
        await p.shot('03-working', 'streaming');
        await p.keys('Escape');
        await idleAgain(p, 'interrupted', '09-interrupted', /Interrupted/);
        await p.shot('09-interrupted', 'after-escape');
        await p.keys('C-c');
        await p.until('Ctrl-C exit hint', '10-ctrl-c', has(/again to exit/i), { timeoutMs: 3000 });
        await p.shot('10-ctrl-c', 'idle-after-one-ctrl-c');
        await p.pause(150);
        await p.keys('C-c');
        await p.until('process exit after Ctrl-C twice', '11-after-exit', dead, { timeoutMs: 10_000 });
        await p.pause(300);
        await p.shot('11-after-exit', 'after-ctrl-c-twice');
      },
    );
  },
};
