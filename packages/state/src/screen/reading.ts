import type { LastTurnOutcome, MenuOption, PermissionMode, Question, SpinnerInfo } from '../types.js';

/** What the screen shows, before any other signal is considered. */
export type ScreenKind =
  | 'idle'
  | 'working'
  | 'retrying'
  | 'permission_prompt'
  | 'asking'
  | 'plan_approval'
  | 'trust_prompt'
  | 'api_key_prompt'
  | 'bypass_permissions_prompt'
  | 'dialog'
  /** A numbered menu no pattern recognises. */
  | 'menu'
  | 'exited'
  | 'unknown';

export interface ScreenReading {
  kind: ScreenKind;
  /** Version of the pattern table used. */
  patternVersion: string;
  /** Names of the patterns that decided the kind (for evidence). */
  matched: string[];
  options: MenuOption[];
  tool?: string;
  command?: string;
  file?: string;
  description?: string;
  /** The dialog's question line (`Do you want to proceed?`). */
  question?: string;
  questions?: Question[];
  plan?: string;
  planFile?: string;
  folder?: string;
  title?: string;
  spinner?: SpinnerInfo;
  retry?: { retryInSeconds: number; attempt: number; maxAttempts: number; message: string };
  /** Input box contents; `queued` when the box shows the queued-messages placeholder. */
  input?: { text: string; queued: boolean };
  queued?: string[];
  footer?: string[];
  mode?: PermissionMode;
  exitArmed?: boolean;
  lastTurn?: { outcome: LastTurnOutcome; message?: string };
  exit?: { message?: string; resumeSessionId?: string };
}
