/** Dialog screens: permissions (Bash, Write, Edit), AskUserQuestion, plan approval. */
import { all, any, has, idle, optionDigit, selectedOption, waiting, working } from './capture-cues.js';
import { dialog, idleAgain, sessionId, withPane, workspace, type Scenario } from './capture-scenario.js';

const PROCEED = /Do you want to proceed\?/;

/** `--permission-mode default`: the classic permission dialogs (the newest versions otherwise start in auto mode). */
export const permissions: Scenario = {
  name: 'permissions-default-mode',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'perm');
    const args = ['--permission-mode', 'default', '--session-id', sessionId(6)];
    await withPane(ctx, this.name, { cols: 120, rows: 40, cwd, configDir, args }, async (p) => {
      const bash = '04-permission-bash';
      await idleAgain(p, 'idle after start', '15-permission-modes');
      await p.pause(800);
      await p.shot('15-permission-modes', 'startup-default');

      await p.type('please KWBASH now');
      await dialog(p, 'Bash permission dialog', bash, PROCEED);
      await p.shot(bash, '');
      await p.resize(80, 24);
      await p.shot(bash, 'after-resize');
      await p.resize(120, 40);
      await p.keys('Down');
      await p.pause(400);
      await p.shot(bash, 'cursor-on-option2');
      await p.keys('Up');
      await p.pause(400);
      await p.keys('1');
      await idleAgain(p, 'idle after approving Bash', bash, /Done running the command/);
      await p.shot(bash, 'after-approve-1');

      const again = await (async () => {
        await p.type('please KWBASH again');
        return dialog(p, 'second Bash dialog', bash, PROCEED);
      })();
      const no = optionDigit(again, /^No\b/) ?? '3';
      await p.keys(no);
      await idleAgain(p, 'idle after rejecting Bash', bash);
      await p.shot(bash, `after-${no}-no`);

      await p.type('please KWBASH once more');
      await dialog(p, 'third Bash dialog', bash, PROCEED);
      await p.keys('Escape');
      await idleAgain(p, 'idle after Escape on Bash dialog', bash);
      await p.shot(bash, 'after-escape-reject');

      const we = '05-permission-write-edit';
      await p.type('please KWWRITE a file');
      await dialog(p, 'Write permission dialog', we, /Do you want to create/);
      await p.shot(we, 'write-new-file');
      await p.keys('1');
      await idleAgain(p, 'idle after approving Write', we, /File written/);
      await p.shot(we, 'write-after-approve-1');

      await p.type('please KWEDIT notes');
      const edit = await dialog(p, 'Edit permission dialog', we, /Do you want to make this edit/);
      await p.shot(we, 'edit-diff');
      await p.resize(80, 24);
      await p.shot(we, 'edit-diff-after-resize');
      await p.resize(120, 40);
      const allEdits = optionDigit(edit, /allow all edits/i) ?? '2';
      await p.keys(allEdits);
      await idleAgain(p, 'idle after approving Edit', we, /Edit finished/);
      await p.shot(we, `edit-after-${allEdits}-allow-all-edits`);
    });
  },
};

/** 80x24 permission dialogs (`--permission-mode default`). */
export const permissionsSmall: Scenario = {
  name: 'permissions-80x24',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'perm80');
    const args = ['--permission-mode', 'default', '--session-id', sessionId(7)];
    await withPane(ctx, this.name, { cols: 80, rows: 24, cwd, configDir, args }, async (p) => {
      await idleAgain(p, 'idle after start', '04-permission-bash');
      await p.type('please KWBASH now');
      await dialog(p, 'Bash permission dialog (80x24)', '04-permission-bash', PROCEED);
      await p.shot('04-permission-bash', '');
      await p.keys('1');
      await idleAgain(p, 'idle after approving Bash', '04-permission-bash', /Done running the command/);
      await p.type('please KWWRITE a file');
      await dialog(p, 'Write permission dialog (80x24)', '05-permission-write-edit', /Do you want to create/);
      await p.shot('05-permission-write-edit', 'write-new-file');
      await p.keys('1');
      await idleAgain(p, 'idle after approving Write', '05-permission-write-edit', /File written/);
    });
  },
};

export const questions: Scenario = {
  name: 'ask-user-question',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'ask');
    const f = '06-ask-user-question';
    await withPane(
      ctx,
      this.name,
      { cols: 120, rows: 40, cwd, configDir, args: ['--session-id', sessionId(8)] },
      async (p) => {
        await idleAgain(p, 'idle after start', f);
        await p.type('please KWASK me');
        await dialog(p, 'single question', f, /Which color should the button be\?/);
        await p.shot(f, 'single');
        await p.keys('2');
        await idleAgain(p, 'idle after answering with 2', f, /Thanks for the answer/);
        await p.shot(f, 'single-after-key-2');

        await p.type('please KWASK me again');
        await dialog(p, 'single question (to decline)', f, /Which color should the button be\?/);
        await p.keys('Escape');
        await idleAgain(p, 'idle after Escape', f);
        await p.shot(f, 'after-escape');

        await p.type('please KWASK2 me');
        await dialog(p, 'multi question q1', f, /Which color should the button be\?/);
        await p.shot(f, 'multi-q1');
        await p.keys('2');
        const q2 = all(waiting, has(/Which features do you want to enable\?/));
        const moved = await p
          .until('multi question q2 after key 2', f, q2, { stableMs: 400, timeoutMs: 3000, save: false })
          .then(
            () => true,
            () => false,
          );
        if (!moved) {
          const after = await p.snapshot();
          ctx.note(
            `AskUserQuestion (several questions): digit 2 did not move on to the next question (cursor now on "${selectedOption(after.screen)}"); pressed Enter`,
          );
          await p.shot(f, 'multi-q1-after-key-2');
          await p.keys('Enter');
          await p.until('multi question q2', f, q2, { stableMs: 400 });
        }
        await p.shot(f, 'multi-q2');
        await p.keys('1');
        await p.pause(300);
        await p.keys('3');
        await p.pause(500);
        const toggled = await p.snapshot();
        await p.shot(f, 'multi-q2-toggled-1-3');
        if (!/\[✔\]|☑|◉/.test(toggled.screen))
          ctx.note('AskUserQuestion multi-select: digits 1 and 3 did not show a checked box');
        await p.keys('Tab');
        const review = await p.until(
          'multi question submit tab',
          f,
          all(waiting, has(/Submit answers|Review your answers/)),
          { stableMs: 400 },
        );
        await p.shot(f, 'multi-submit-tab');
        // Enter on the highlighted "Submit answers" (a digit here also leaked into the input box in 2.1.331).
        ctx.note(`AskUserQuestion review: cursor on "${selectedOption(review.screen)}", pressing Enter`);
        await p.keys('Enter');
        // Not `idle`: in 2.1.331 the digit pressed on the first tab went to the (hidden) input box and shows up there now.
        const after = await p.until(
          'turn over after submitting answers',
          f,
          (s) => s.status?.status === 'idle' && !working(s.screen) && /Thanks for the answers/.test(s.screen),
          { stableMs: 600 },
        );
        await p.shot(f, 'multi-after-submit');
        const input = /^❯[ \u00a0](.*)$/m
          .exec(
            after.screen
              .split('\n')
              .filter((l) => l.startsWith('❯'))
              .at(-1) ?? '',
          )?.[1]
          ?.trim();
        if (input)
          ctx.note(
            `AskUserQuestion: after submitting, the input box holds "${input}" (a key pressed during the dialog leaked into it); cleared with C-u`,
          );
        await p.keys('C-u');
      },
    );
  },
};

/** `--permission-mode plan` + KWPLAN: the plan approval dialog. */
export const plan: Scenario = {
  name: 'plan-mode',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'plan');
    const f = '07-plan-approval';
    const args = ['--permission-mode', 'plan', '--session-id', sessionId(9)];
    await withPane(ctx, this.name, { cols: 120, rows: 40, cwd, configDir, args }, async (p) => {
      await idleAgain(p, 'idle after start', '15-permission-modes');
      await p.pause(800);
      await p.shot('15-permission-modes', 'startup-plan');
      await p.type('please KWPLAN now');
      const screen = await dialog(p, 'plan approval dialog', f, /Would you like to proceed|Ready to code/);
      await p.shot(f, '');
      await p.resize(80, 24);
      await p.shot(f, 'after-resize');
      await p.resize(120, 40);
      const manual = optionDigit(screen, /manually approve/i) ?? '2';
      await p.keys(manual);
      await idleAgain(p, 'idle after approving the plan', f, /Plan handled/);
      await p.shot(f, `after-${manual}-approve-manual`);
    });
  },
};

/** KWPLAN without plan mode: the model calls EnterPlanMode itself (every dialog on the way is captured). */
export const planViaTool: Scenario = {
  name: 'plan-via-enter-plan-mode-tool',
  async run(ctx) {
    const { cwd, configDir } = await workspace(ctx, 'plantool');
    const f = '07-plan-approval';
    const args = ['--permission-mode', 'default', '--session-id', sessionId(10)];
    await withPane(ctx, this.name, { cols: 120, rows: 40, cwd, configDir, args }, async (p) => {
      await idleAgain(p, 'idle after start', f);
      await p.type('please KWPLAN now');
      for (let i = 1; i <= 5; i++) {
        const snap = await p.until(
          `dialog ${i} or idle after KWPLAN`,
          f,
          any(all(idle, has(/Plan handled/)), waiting),
          { stableMs: 600 },
        );
        if (snap.status?.status !== 'waiting') break;
        await p.shot(f, `via-tool-dialog-${i}`);
        const key = optionDigit(snap.screen, /manually approve/i) ?? optionDigit(snap.screen, /^Yes\b/) ?? '1';
        ctx.note(`plan via EnterPlanMode: dialog ${i} answered with ${key}`);
        await p.keys(key);
        await p.pause(500);
      }
      await idleAgain(p, 'idle after the plan flow', f, /Plan handled/);
      await p.shot(f, 'via-tool-done');
    });
  },
};
