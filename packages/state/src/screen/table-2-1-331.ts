import { extendPatternTable, KIND, type PatternTable } from './pattern-table.js';
import { TABLE_2_1_197 } from './table-2-1-197.js';

/**
 * Claude Code 2.1.331, captured in fixtures/claude-code/2.1.331 (README "Differences from 2.1.197"): unnumbered
 * trust / API-key menus (parsed by the cursor row), a 4-option Bash dialog with a tip and the command between `╌`
 * rules, `manual mode on` for the default mode, a lower-case retry line that may start with the error text, the
 * `Resend your message…` placeholder, a session name in the input box's top rule, and a cleared screen on exit.
 */
export const TABLE_2_1_331: PatternTable = extendPatternTable(TABLE_2_1_197, '2.1.331', {
  fixtures: {
    inputBox: [
      '02-idle/120x40-fresh-start.txt',
      '02-idle/80x24-after-first-reply.txt',
      '12-typed-not-submitted/120x40.txt',
      '07-plan-approval/120x40-after-2-approve-manual.txt',
      '08-api-error/120x40-500-final-no-retries.txt',
    ],
    spinner: [
      '03-working/120x40-streaming-a.txt',
      '03-working/80x24-streaming.txt',
      '03-working/120x40-tool-running-bash.txt',
      '03-working/120x40-tool-running-bash-later.txt',
    ],
    stallColour: ['2.1.197:20-stalled-no-tokens/120x40-20s.ansi.txt'],
    retrying: ['08-api-error/120x40-500-retrying.txt', '08-api-error/120x40-500-retrying-later.txt'],
    footer: ['03-working/120x40-tool-running-bash.txt', '10-ctrl-c/120x40-idle-after-one-ctrl-c.txt'],
    modes: [
      '15-permission-modes/120x40-startup-default.txt',
      '15-permission-modes/120x40-startup-no-flag.txt',
      '15-permission-modes/120x40-startup-plan.txt',
      '15-permission-modes/120x40-footer-after-shift-tab-2.txt',
    ],
    queued: ['2.1.197:24-queued-input-while-working/120x40-after-enter-while-working.txt'],
    interrupted: ['09-interrupted/120x40-after-escape.txt', '04-permission-bash/120x40-after-4-no.txt'],
    apiError: ['08-api-error/120x40-500-final-no-retries.txt', '08-api-error/120x40-400-final-no-retries.txt'],
    exited: [
      '11-after-exit/120x40-after-slash-exit.txt',
      '11-after-exit/80x24-after-ctrl-c-twice.txt',
      '01-trust-dialog/80x24-after-enter-on-no-exit.txt',
      '00-onboarding-and-api-key/120x40-onboarding-empty-config-after-exit.txt',
    ],
    trust: ['01-trust-dialog/120x40.txt', '01-trust-dialog/80x24.txt', '01-trust-dialog/120x40-cursor-on-yes.txt'],
    apiKey: [
      '00-onboarding-and-api-key/120x40-api-key-question.txt',
      '00-onboarding-and-api-key/120x40-api-key-question-cursor-on-yes.txt',
    ],
    bypass: ['2.1.197:15-permission-modes/120x40-startup-bypassPermissions-IS_SANDBOX-first-time.txt'],
    permissionBash: [
      '04-permission-bash/120x40.txt',
      '04-permission-bash/80x24.txt',
      '04-permission-bash/120x40-cursor-on-option2.txt',
    ],
    permissionWriteEdit: [
      '05-permission-write-edit/120x40-write-new-file.txt',
      '05-permission-write-edit/120x40-edit-diff.txt',
      '05-permission-write-edit/80x24-write-new-file.txt',
    ],
    ask: [
      '06-ask-user-question/120x40-single.txt',
      '06-ask-user-question/120x40-multi-q2-toggled-1-3.txt',
      '06-ask-user-question/120x40-multi-submit-tab.txt',
    ],
    plan: [
      '07-plan-approval/120x40.txt',
      '07-plan-approval/80x24-after-resize.txt',
      '07-plan-approval/120x40-via-tool-dialog-1.txt',
    ],
    dialog: ['2.1.197:14-slash-commands/120x40-help-dialog.txt'],
  },
  inputPlaceholders: [/^Resend your message to try again$/],
  // `✻ API error · retrying in 2s · attempt 2/10`, `✻ 500 Internal server error · retrying in 5s · attempt 4/10`
  retrying: /retrying in (\d+)s · attempt (\d+)\/(\d+)/i,
  modes: [{ re: /manual mode on/, mode: 'default' }, ...TABLE_2_1_197.modes],
  // `  Sleeping 8 seconds` / `  ⎿  $ sleep 8 && echo slept` (no `Bash(…)`, no `Running…`)
  runningToolLines: [{ re: /^\s+⎿\s+\$ \S/, tool: 'Bash' }],
  exitedHints: [...TABLE_2_1_197.exitedHints, /Claude Code didn[’']t start because this folder isn[’']t trusted/],
  permission: {
    ...TABLE_2_1_197.permission,
    tip: /^Tip: .*?—\s*choose "[^"]*"\s*below\s*/,
  },
  plan: { ...TABLE_2_1_197.plan, planFile: /ctrl\+g to edit in\s*Vim\s*·\s*(\S.*)$/ },
  identities: [
    { re: /^Yes, and switch to auto mode/i, id: 'yes_switch_to_auto_mode', kind: KIND.always },
    // Write/Edit option 2; 2.1.197 called it `Yes, allow all edits during this session`: same id
    { re: /^Yes, and switch to accept edits/i, id: 'yes_allow_all_edits', kind: KIND.always },
    ...TABLE_2_1_197.identities,
  ],
});
