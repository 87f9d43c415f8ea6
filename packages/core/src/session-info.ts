import type { MenuOption, SessionState, StateKind } from '@aegis/state';
import type { UsageTotals } from '@aegis/transcript';
import { publicRecord, type PublicRecord, type SessionRecord } from './record.js';
import type { SessionRuntime } from './runtime.js';
import type { WindowInfo } from './terminal.js';

/** What callers see of a session (never the hook secret). */
export interface SessionInfo extends PublicRecord {
  /** Live status from @aegis/state (`exited` once ended). */
  status: StateKind;
  /** The full detected state (dialog options, spinner, …); null once ended. */
  state: SessionState | null;
  /** The open dialog waiting for an answer, with the id to pass as `promptId`. */
  pendingPrompt: { id: string; kind: StateKind; options: MenuOption[]; viaHook: boolean } | null;
  /** Messages not yet delivered: queued, or being typed and confirmed right now. */
  queueLength: number;
  usage: Pick<
    UsageTotals,
    'inputTokens' | 'outputTokens' | 'cacheCreationInputTokens' | 'cacheReadInputTokens' | 'costUsd'
  > | null;
}

export function sessionInfo(record: SessionRecord, rt: SessionRuntime | undefined, queueLength: number): SessionInfo {
  const base = publicRecord(record);
  if (!rt || record.endedAt !== null) {
    return {
      ...base,
      status: record.endedAt !== null ? 'exited' : record.status,
      state: null,
      pendingPrompt: null,
      queueLength: 0,
      usage: null,
    };
  }
  const p = rt.prompts.current;
  let usage: SessionInfo['usage'] = null;
  try {
    const t = rt.transcript.transcript.usage().total;
    usage = {
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cacheCreationInputTokens: t.cacheCreationInputTokens,
      cacheReadInputTokens: t.cacheReadInputTokens,
      costUsd: t.costUsd,
    };
  } catch {
    usage = null;
  }
  return {
    ...base,
    status: rt.state.kind,
    state: rt.state,
    pendingPrompt:
      p && !p.answered
        ? {
            id: p.id,
            kind: p.kind,
            options: 'options' in p.state && Array.isArray(p.state.options) ? p.state.options : [],
            viaHook: !!p.hook?.reply,
          }
        : null,
    queueLength,
    usage,
  };
}

export interface Health {
  alive: boolean;
  windowExists: boolean;
  claudeRunning: boolean;
  status: StateKind;
  lastActivity: number;
  /** What to do next, in words. */
  hints: string[];
}

const HINTS: Partial<Record<StateKind, string>> = {
  trust_prompt: 'The folder trust dialog is open: approve it (answer {action:"approve"}) or pre-trust the folder.',
  api_key_prompt: 'Claude Code asks whether to use the API key in its environment: approve or reject.',
  bypass_permissions_prompt:
    'Claude Code asks to accept bypass-permissions mode: approve to accept, or create the session with another permissionMode.',
  permission_prompt: 'A permission prompt is waiting: approve or reject it.',
  asking: 'Claude asked a question: answer it with option ids or free text.',
  plan_approval: 'A plan waits for approval: approve or reject it.',
  dialog: 'A local dialog is open: send escape to close it.',
  stalled: 'No progress for a while: interrupt it, then send the message again.',
  error: 'The last turn ended with an API error: check the model endpoint and send again.',
  unknown: 'The screen is not recognised: read the pane.',
  starting: 'Claude Code is starting.',
};

export function health(
  record: SessionRecord,
  rt: SessionRuntime | undefined,
  win: WindowInfo | undefined,
  queueLength: number,
): Health {
  const windowExists = win !== undefined;
  const claudeRunning = windowExists && !win.dead;
  const status: StateKind = record.endedAt !== null || !claudeRunning ? 'exited' : (rt?.state.kind ?? record.status);
  const hints: string[] = [];
  if (status === 'exited') {
    hints.push(
      `The session has ended${record.endReason ? ` (${record.endReason})` : ''}: create a new one, or resume it with resumeSessionId ${record.claudeSessionId}.`,
    );
  } else {
    const h = HINTS[status];
    if (h) hints.push(h);
    if (queueLength > 0)
      hints.push(`${queueLength} message(s) are queued and will be delivered when the session is idle.`);
  }
  return { alive: status !== 'exited', windowExists, claudeRunning, status, lastActivity: record.lastActivity, hints };
}

/** What a stored record alone says of a session (one that runs on another node, or has ended): no live state. */
export function storedSessionInfo(record: SessionRecord): SessionInfo {
  return sessionInfo(record, undefined, 0);
}
