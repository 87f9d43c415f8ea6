import type { OptionKind, PermissionMode } from '../types.js';

/**
 * Screen patterns for one Claude Code version range. Every pattern is a *fragment* (never a whole line:
 * Ink wraps at the pane width), written with the characters the CLI really draws: `❯` U+276F, `…` U+2026,
 * `’` U+2019. `fixtures` names, per pattern group, the captured screens that back it; a test checks that
 * every group has at least one fixture and that the files exist.
 */
export interface PatternTable {
  /** First Claude Code version this table was captured from. */
  version: string;
  /**
   * Pattern group → fixture files (relative to the fixture root of `version`; `<version>:<file>` for a group
   * not re-captured on this version, backed by an older version's capture).
   */
  fixtures: Record<PatternGroup, string[]>;
  /** A full-width `─` rule (input box, dialog top). */
  rule: RegExp;
  /** A dashed `╌` rule (file previews, plans). */
  dashedRule: RegExp;
  /** The input line: `❯` then the typed text. */
  inputLine: RegExp;
  /** Input placeholder shown when messages are queued. */
  queuedPlaceholder: RegExp;
  /** Other placeholders drawn in an empty input box (2.1.331: `Resend your message to try again`). */
  inputPlaceholders?: RegExp[];
  /** A queued message listed under the spinner (indented `❯`). */
  queuedMessage: RegExp;
  /** Spinner: glyph, verb ending in `…`, optional `(elapsed · ↓ n tokens)`. */
  spinner: RegExp;
  /** 256-colour indexes of a spinner Claude Code considers stalled. */
  stallColours: number[];
  retrying: RegExp;
  busyFooter: RegExp;
  /** The line left after a finished turn: `✻ Baked for 0s`. */
  completion: RegExp;
  exitArmedFooter: RegExp;
  modes: Array<{ re: RegExp; mode: PermissionMode }>;
  interrupted: RegExp;
  apiError: RegExp;
  /** A `● Tool(args)` line above a dialog. */
  toolLine: RegExp;
  /** A running tool drawn without `Running…` (2.1.331: `  ⎿  $ sleep 8` under the description): tool name. */
  runningToolLines?: Array<{ re: RegExp; tool: string }>;
  shellPrompt: RegExp;
  exitedHints: RegExp[];
  trust: { anchors: RegExp[]; folderLabel: RegExp };
  apiKey: { anchors: RegExp[] };
  bypass: { anchors: RegExp[] };
  permission: {
    /** The question line; `file` group when the question names it. */
    anchors: Array<{ re: RegExp; tool?: string }>;
    titles: Array<{ re: RegExp; tool: string }>;
    requiresApproval: RegExp;
    /** A hint inside the Bash box that is neither command nor description (matched on the joined text). */
    tip?: RegExp;
  };
  ask: { chips: RegExp; hint: RegExp; review: RegExp; checkbox: RegExp };
  plan: { anchors: RegExp[]; header: RegExp; planFile: RegExp };
  /** Bottom hint of any dialog (used to spot unrecognised dialogs). */
  dialogHint: RegExp;
  /** Lines inside an option list that are hints, not labels. */
  optionNoise: RegExp[];
  /** Label → identity, first match wins. Unmatched labels get a slug id and kind `other`. */
  identities: Array<{ re: RegExp; id: string; kind: OptionKind }>;
}

export type PatternGroup =
  | 'inputBox'
  | 'spinner'
  | 'stallColour'
  | 'retrying'
  | 'footer'
  | 'modes'
  | 'queued'
  | 'interrupted'
  | 'apiError'
  | 'exited'
  | 'trust'
  | 'apiKey'
  | 'bypass'
  | 'permissionBash'
  | 'permissionWriteEdit'
  | 'ask'
  | 'plan'
  | 'dialog';

const ID = {
  allow: 'allow',
  always: 'allow_always',
  deny: 'deny',
  other: 'other',
} as const satisfies Record<string, OptionKind>;

/** Claude Code 2.1.197, captured in fixtures/claude-code/2.1.197 (README "Identifying the state"). */
export const TABLE_2_1_197: PatternTable = {
  version: '2.1.197',
  fixtures: {
    inputBox: [
      '02-idle/120x40-fresh-start.txt',
      '02-idle/80x24-after-first-reply.txt',
      '12-typed-not-submitted/80x24.txt',
      '13-multiline-paste/120x40-3-lines-pasted.txt',
    ],
    spinner: [
      '03-working/120x40-streaming-a.txt',
      '03-working/80x24-streaming.txt',
      '20-stalled-no-tokens/120x40-3s.txt',
      '20-stalled-no-tokens/120x40-20s.txt',
    ],
    stallColour: ['20-stalled-no-tokens/120x40-20s.ansi.txt'],
    retrying: ['08-api-error/120x40-500-retrying-2s.txt', '08-api-error/120x40-429-retrying.txt'],
    footer: [
      '03-working/120x40-tool-running-bash.txt',
      '10-ctrl-c/120x40-idle-after-one-ctrl-c.txt',
      '24-queued-input-while-working/120x40-typed-while-working.txt',
    ],
    modes: [
      '15-permission-modes/120x40-startup-acceptEdits.txt',
      '15-permission-modes/120x40-startup-plan.txt',
      '15-permission-modes/120x40-startup-auto.txt',
      '15-permission-modes/120x40-startup-dontAsk.txt',
      '15-permission-modes/120x40-startup-bypassPermissions-after-accept.txt',
    ],
    queued: ['24-queued-input-while-working/120x40-after-enter-while-working.txt'],
    interrupted: ['09-interrupted/120x40-after-escape.txt', '09-interrupted/80x24-after-escape.txt'],
    apiError: [
      '08-api-error/120x40-500-final-no-retries.txt',
      '08-api-error/120x40-connection-refused-final-no-retries.txt',
    ],
    exited: [
      '11-shell-after-exit/120x40-after-ctrl-c-twice.txt',
      '00-onboarding-and-api-key/onboarding-no-network-80x24-after-exit.txt',
      '23-session-id-errors/120x40-session-id-already-used.txt',
    ],
    trust: ['01-trust-dialog/120x40.txt', '01-trust-dialog/80x24.txt'],
    apiKey: ['00-onboarding-and-api-key/api-key-question-120x40.txt'],
    bypass: ['15-permission-modes/120x40-startup-bypassPermissions-IS_SANDBOX-first-time.txt'],
    permissionBash: [
      '04-permission-bash/120x40.txt',
      '04-permission-bash/120x40-npm-command.txt',
      '04-permission-bash/80x24.txt',
      '04-permission-bash/120x40-cursor-on-option2.txt',
    ],
    permissionWriteEdit: [
      '05-permission-write-edit/120x40-write-new-file.txt',
      '05-permission-write-edit/120x40-edit-diff.txt',
      '05-permission-write-edit/80x24-write-big-file-60-lines.txt',
    ],
    ask: [
      '06-ask-user-question/120x40-single.txt',
      '06-ask-user-question/120x40-multi-q2-after-key-3.txt',
      '06-ask-user-question/120x40-multi-submit-tab.txt',
    ],
    plan: ['07-plan-approval/120x40.txt', '07-plan-approval/80x24.txt'],
    dialog: ['14-slash-commands/120x40-help-dialog.txt'],
  },
  // the input box's top rule may carry the session name: `──── fake-name ─` (when the model named the session)
  rule: /^\s*─{20,}(?: \S.{0,80}? ─+)?\s*$/,
  dashedRule: /^\s*╌{20,}\s*$/,
  inputLine: /^❯(?: (.*))?$/,
  queuedPlaceholder: /Press up to edit queued messages/,
  queuedMessage: /^\s{2,}❯ (.+)$/,
  // `✻ Nesting… (5s · ↓ 41 tokens)`, `· Architecting… (19s)`, `✽ Architecting…`
  spinner: /^([·✢*✶✻✽✳∗⋆●◐◓◑◒])\s+(\S[^…]*)…\s*(?:\((.*)\))?\s*$/,
  stallColours: [131],
  // `✻ API error · Retrying in 5s · attempt 4/10`
  retrying: /API error · Retrying in (\d+)s · attempt (\d+)\/(\d+)/,
  busyFooter: /esc to interrupt/i,
  completion: /^[·✢*✶✻✽✳∗⋆] \S+ for \d+(?:\.\d+)?[smh]/,
  exitArmedFooter: /Press Ctrl-C again to exit/,
  modes: [
    { re: /accept edits on/, mode: 'acceptEdits' },
    { re: /plan mode on/, mode: 'plan' },
    { re: /auto mode on/, mode: 'auto' },
    { re: /don[’']t ask on/, mode: 'dontAsk' },
    { re: /bypass permissions on/, mode: 'bypassPermissions' },
  ],
  interrupted: /⎿\s+Interrupted · What should Claude do instead\?/,
  apiError: /^● API Error: (.*)$/,
  toolLine: /^[●\s]\s?([A-Z][A-Za-z0-9_:.-]*)\((.*)\)\s*$/,
  shellPrompt: /^\S+@\S+:.*[$#]$|^[^\s│╭╰─❯●⎿].{0,200}[$#%]$/,
  exitedHints: [
    /Resume this session with:/,
    /Unable to connect to Anthropic services/,
    /^Error: Session ID .* is already in use/,
    /^Error: Invalid session ID/,
    /cannot be used with root\/sudo privileges/,
  ],
  trust: {
    anchors: [/Accessing workspace:/, /Is this a project you created or one you trust/, /trust this folder/],
    folderLabel: /Accessing workspace:/,
  },
  apiKey: { anchors: [/Detected a custom API key/, /Do you want to use this API key\?/] },
  bypass: { anchors: [/Bypass Permissions mode/] },
  permission: {
    anchors: [
      { re: /Do you want to create (.+)\?/, tool: 'Write' },
      { re: /Do you want to make this edit to (.+)\?/, tool: 'Edit' },
      { re: /Do you want to proceed\?/ },
      { re: /Do you want to (?:allow|make|run|fetch|use|write|delete|overwrite)\b/ },
    ],
    titles: [
      { re: /^ ?Bash command\s*$/, tool: 'Bash' },
      { re: /^ ?Create file\s*$/, tool: 'Write' },
      { re: /^ ?Edit file\s*$/, tool: 'Edit' },
      { re: /^ ?Fetch\s*$/, tool: 'WebFetch' },
    ],
    requiresApproval: /This command requires approval/,
  },
  ask: {
    chips: /^\s*(?:←\s+)?((?:[☐☒✔]\s+\S[^☐☒✔→]*?\s*)+)(?:→)?\s*$/,
    hint: /Enter to select/,
    review: /Review your answers|Ready to submit your answers\?/,
    checkbox: /^\[([ ✔✓xX])\]\s+/,
  },
  plan: {
    anchors: [/Would you like to/, /Ready to code\?/],
    header: /Here is Claude[’']s plan:/,
    planFile: /ctrl\+g to edit in\s*Vim\s*·\s*(\S.*)$/,
  },
  dialogHint: /Esc to cancel|Enter to confirm|Esc to close|Enter to select/,
  optionNoise: [/shift\+tab to approve with this feedback/],
  identities: [
    { re: /^Yes, I trust this folder/i, id: 'trust', kind: ID.allow },
    { re: /^No, exit/i, id: 'exit', kind: ID.deny },
    { re: /^Yes, I accept/i, id: 'accept', kind: ID.allow },
    { re: /^Yes, and don[’']t ask again/i, id: 'yes_dont_ask_again', kind: ID.always },
    { re: /^Yes, and always allow/i, id: 'yes_always_allow', kind: ID.always },
    { re: /^Yes, allow all edits/i, id: 'yes_allow_all_edits', kind: ID.always },
    { re: /^Yes, and use auto mode/i, id: 'yes_auto_mode', kind: ID.always },
    { re: /^Yes, and auto-accept edits/i, id: 'yes_accept_edits', kind: ID.always },
    { re: /^Yes, and bypass permissions/i, id: 'yes_bypass_permissions', kind: ID.always },
    { re: /^Yes, manually approve edits/i, id: 'yes_manual', kind: ID.allow },
    { re: /^Yes, and tell Claude what to do next/i, id: 'yes', kind: ID.allow },
    { re: /^Yes\b/i, id: 'yes', kind: ID.allow },
    { re: /^Tell Claude what to change/i, id: 'keep_planning', kind: ID.deny },
    { re: /^No, keep planning/i, id: 'keep_planning', kind: ID.deny },
    { re: /^No\b/i, id: 'no', kind: ID.deny },
    { re: /^Submit answers/i, id: 'submit', kind: ID.allow },
    { re: /^Submit$/i, id: 'submit', kind: ID.allow },
    { re: /^Cancel$/i, id: 'cancel', kind: ID.deny },
    { re: /^Type something\.?$/i, id: 'type_something', kind: ID.other },
    { re: /^Chat about this/i, id: 'chat_about_this', kind: ID.other },
  ],
};

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
    { re: /^Yes, and switch to auto mode/i, id: 'yes_switch_to_auto_mode', kind: ID.always },
    // Write/Edit option 2; 2.1.197 called it `Yes, allow all edits during this session`: same id
    { re: /^Yes, and switch to accept edits/i, id: 'yes_allow_all_edits', kind: ID.always },
    ...TABLE_2_1_197.identities,
  ],
});

/** All known tables, oldest first. Add a table when a pinned version changes its screens. */
export const PATTERN_TABLES: readonly PatternTable[] = [TABLE_2_1_197, TABLE_2_1_331];

/** Builds a table for a newer version from an older one plus the groups that changed. */
export function extendPatternTable(base: PatternTable, version: string, changes: Partial<PatternTable>): PatternTable {
  return { ...base, ...changes, version, fixtures: { ...base.fixtures, ...(changes.fixtures ?? {}) } };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The table for a Claude Code version: the newest table not newer than `version`. Unknown or missing
 * versions, and versions newer than every table, get the newest table; versions older than every table
 * get the oldest.
 */
export function patternsFor(version?: string, tables: readonly PatternTable[] = PATTERN_TABLES): PatternTable {
  const sorted = [...tables].sort((a, b) => compareVersions(a.version, b.version));
  const newest = sorted[sorted.length - 1];
  const oldest = sorted[0];
  if (!newest || !oldest) throw new Error('no pattern tables');
  if (!version || !/^\d+(\.\d+)*/.test(version)) return newest;
  let pick = oldest;
  for (const t of sorted) if (compareVersions(t.version, version) <= 0) pick = t;
  return pick;
}
