/** Where a piece of evidence came from, in the documented order of trust (process exit is absolute). */
export type SignalSource = 'process' | 'hook' | 'status_file' | 'transcript' | 'screen' | 'timer';

/** One fact that contributed to a decision: which signal, what it saw, when (ms, injected clock). */
export interface Evidence {
  source: SignalSource;
  detail: string;
  at: number;
}

/** What choosing an option means, so callers can ask for "approve" without knowing the numbering. */
export type OptionKind = 'allow' | 'allow_always' | 'deny' | 'other';

/** One row of a numbered menu. `id` is stable across versions (derived from the label, never the position). */
export interface MenuOption {
  /** Stable identity such as `yes`, `yes_dont_ask_again`, `no`, `trust`, `exit`. */
  id: string;
  /** The key that selects it (the digit on screen), or null when the row has no number (e.g. multi-select `Submit`). */
  key: string | null;
  label: string;
  kind: OptionKind;
  /** True on the highlighted row (`❯`). */
  selected?: boolean;
  /** Multi-select rows: whether the box is ticked. */
  checked?: boolean;
  /** AskUserQuestion rows: the indented description under the label. */
  description?: string;
}

export interface Question {
  header?: string;
  text: string;
  multiSelect: boolean;
  options: MenuOption[];
}

export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'auto' | 'dontAsk' | 'bypassPermissions';

export interface SpinnerInfo {
  glyph: string;
  verb: string;
  elapsedSeconds?: number;
  tokens?: number;
  /** Claude Code's own stall hint: the spinner turned dark red (needs the `.ansi` capture). */
  stallHint?: boolean;
}

export type LastTurnOutcome = 'completed' | 'interrupted' | 'api_error';

interface Base {
  evidence: Evidence[];
}

export interface StartingState extends Base {
  kind: 'starting';
}
export interface TrustPromptState extends Base {
  kind: 'trust_prompt';
  folder?: string;
  options: MenuOption[];
}
export interface ApiKeyPromptState extends Base {
  kind: 'api_key_prompt';
  options: MenuOption[];
}
export interface BypassPermissionsPromptState extends Base {
  kind: 'bypass_permissions_prompt';
  options: MenuOption[];
}
export interface IdleState extends Base {
  kind: 'idle';
  /** Text sitting in the input box (typed, not submitted). */
  input?: string;
  mode?: PermissionMode;
  lastTurn?: { outcome: LastTurnOutcome; message?: string };
}
export interface WorkingState extends Base {
  kind: 'working';
  spinner?: SpinnerInfo;
  /** Tool running now, when known (hook PreToolUse or the screen). */
  tool?: string;
  /** Messages queued while working (typed + Enter). */
  queued?: string[];
}
export interface PermissionPromptState extends Base {
  kind: 'permission_prompt';
  tool?: string;
  command?: string;
  file?: string;
  description?: string;
  question?: string;
  /** Raw tool input from the PermissionRequest hook, when it fired. */
  toolInput?: Record<string, unknown>;
  options: MenuOption[];
}
export interface AskingState extends Base {
  kind: 'asking';
  questions: Question[];
  /** Options of the tab shown on screen (a question, or the review tab's submit/cancel). */
  options: MenuOption[];
}
export interface PlanApprovalState extends Base {
  kind: 'plan_approval';
  plan?: string;
  planFile?: string;
  options: MenuOption[];
}
/** A local dialog (e.g. `/help`; status file `waitingFor: "dialog open"`): Esc closes it. */
export interface DialogState extends Base {
  kind: 'dialog';
  title?: string;
}
export interface StalledState extends Base {
  kind: 'stalled';
  /** Last observed growth (transcript bytes, token counter, status file update, hook). */
  since: number;
  reason: string;
  spinner?: SpinnerInfo;
}
export interface ErrorState extends Base {
  kind: 'error';
  message: string;
  retrying?: boolean;
  attempt?: number;
  maxAttempts?: number;
  retryInSeconds?: number;
}
export interface ExitedState extends Base {
  kind: 'exited';
  code: number | null;
  signal: string | null;
  message?: string;
}
export interface UnknownState extends Base {
  kind: 'unknown';
  /** Options of an unrecognised numbered menu, so a caller can still answer it. */
  options?: MenuOption[];
}

/** What a session is doing. `kind` is the API-facing status name. */
export type SessionState =
  | StartingState
  | TrustPromptState
  | ApiKeyPromptState
  | BypassPermissionsPromptState
  | IdleState
  | WorkingState
  | PermissionPromptState
  | AskingState
  | PlanApprovalState
  | DialogState
  | StalledState
  | ErrorState
  | ExitedState
  | UnknownState;

export type StateKind = SessionState['kind'];

/** Every state name, in a stable order (for schemas and tables). */
export const STATE_KINDS = [
  'starting',
  'trust_prompt',
  'api_key_prompt',
  'bypass_permissions_prompt',
  'idle',
  'working',
  'permission_prompt',
  'asking',
  'plan_approval',
  'dialog',
  'stalled',
  'error',
  'exited',
  'unknown',
] as const satisfies readonly StateKind[];

/** States that wait for an answer from a human (or a caller acting for one). */
export const DIALOG_KINDS = [
  'trust_prompt',
  'api_key_prompt',
  'bypass_permissions_prompt',
  'permission_prompt',
  'asking',
  'plan_approval',
  'dialog',
] as const satisfies readonly StateKind[];

export function isDialogState(state: SessionState): boolean {
  return (DIALOG_KINDS as readonly string[]).includes(state.kind);
}

export interface TransitionEvent {
  type: 'transition';
  from: SessionState;
  to: SessionState;
  at: number;
  evidence: Evidence[];
}

/** A dialog stayed open past `dialogUnansweredMs`; the state does not change. */
export interface DialogUnansweredEvent {
  type: 'dialog_unanswered';
  state: SessionState;
  since: number;
  at: number;
}

export type TrackerEvent = TransitionEvent | DialogUnansweredEvent;
