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

/** The option kinds the tables' identities use. */
export const KIND = {
  allow: 'allow',
  always: 'allow_always',
  deny: 'deny',
  other: 'other',
} as const satisfies Record<string, OptionKind>;

/** Builds a table for a newer version from an older one plus the groups that changed. */
export function extendPatternTable(base: PatternTable, version: string, changes: Partial<PatternTable>): PatternTable {
  return { ...base, ...changes, version, fixtures: { ...base.fixtures, ...(changes.fixtures ?? {}) } };
}
