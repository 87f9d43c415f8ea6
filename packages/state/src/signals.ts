import type { HookEvent } from './hooks.js';
import type { TranscriptSignal } from './transcript-signals.js';
import type { SignalSource } from './types.js';

/** Coarse phase one signal vouches for. */
export type Phase = 'idle' | 'working' | 'waiting' | 'dialog' | 'error' | 'exited';

export interface Opinion {
  phase: Phase;
  at: number;
  source: SignalSource;
  detail: string;
  message?: string;
  interrupted?: boolean;
}

export interface PendingPermission {
  toolName: string;
  toolInput: Record<string, unknown>;
  at: number;
}

/** What the hooks have said so far (edges folded into a level). */
export interface HookView {
  opinion?: Opinion;
  permission?: PendingPermission;
  tool?: string;
  subagents: number;
  lastAt: number;
}

/** Folds one hook event into the view. Events that say nothing about the phase only refresh `lastAt`. */
export function reduceHook(prev: HookView | undefined, e: HookEvent, at: number): HookView {
  const v: HookView = { subagents: 0, ...prev, lastAt: at };
  const set = (phase: Phase, detail: string, extra: Partial<Opinion> = {}) => {
    v.opinion = { phase, at, source: 'hook', detail, ...extra };
  };
  switch (e.hook_event_name) {
    case 'UserPromptSubmit':
      delete v.permission;
      delete v.tool;
      set('working', 'UserPromptSubmit');
      break;
    case 'PreToolUse':
      v.tool = e.tool_name;
      set('working', `PreToolUse ${e.tool_name}`);
      break;
    case 'PermissionRequest':
      v.permission = { toolName: e.tool_name, toolInput: e.tool_input, at };
      set('waiting', `PermissionRequest ${e.tool_name}`);
      break;
    case 'Notification':
      if (e.notification_type === 'permission_prompt') set('waiting', 'Notification permission_prompt');
      else if (e.notification_type === 'idle_prompt') set('idle', 'Notification idle_prompt');
      break;
    case 'PostToolUse':
    case 'PostToolUseFailure':
    case 'PermissionDenied':
      delete v.permission;
      delete v.tool;
      set('working', e.hook_event_name);
      break;
    case 'SubagentStart':
      v.subagents += 1;
      set('working', 'SubagentStart');
      break;
    case 'SubagentStop':
      v.subagents = Math.max(0, v.subagents - 1);
      break;
    case 'PreCompact':
      set('working', 'PreCompact');
      break;
    case 'PostCompact':
      if (e.trigger === 'manual') set('idle', 'PostCompact manual');
      break;
    case 'SessionStart':
      if (e.source !== 'compact') set('idle', `SessionStart ${e.source}`);
      break;
    case 'Stop':
      delete v.permission;
      delete v.tool;
      set('idle', 'Stop');
      break;
    case 'StopFailure':
      delete v.permission;
      delete v.tool;
      set('error', `StopFailure ${e.error ?? ''}`.trim(), {
        message: e.last_assistant_message ?? e.error ?? 'API error',
      });
      break;
    case 'SessionEnd':
      set('exited', `SessionEnd ${e.reason}`);
      break;
    default:
      break;
  }
  return v;
}

export interface TranscriptView {
  opinion?: Opinion;
  pendingTools: Record<string, string>;
  lastAt: number;
}

/** Folds one transcript fact into the view. */
export function reduceTranscript(prev: TranscriptView | undefined, s: TranscriptSignal): TranscriptView {
  const v: TranscriptView = { pendingTools: {}, lastAt: 0, ...prev };
  v.lastAt = Math.max(v.lastAt, s.at);
  const set = (phase: Phase, detail: string, extra: Partial<Opinion> = {}) => {
    if (v.opinion && v.opinion.at > s.at) return; // records are not strictly ordered; keep the newest
    v.opinion = { phase, at: s.at, source: 'transcript', detail, ...extra };
  };
  switch (s.kind) {
    case 'user_prompt':
      v.pendingTools = {};
      set('working', s.queued ? 'queued user prompt' : 'user prompt');
      break;
    case 'tool_use':
      v.pendingTools = { ...v.pendingTools, [s.id]: s.name };
      set('working', `tool_use ${s.name}`);
      break;
    case 'tool_result': {
      const { [s.toolUseId]: _done, ...rest } = v.pendingTools;
      v.pendingTools = rest;
      set('working', 'tool_result');
      break;
    }
    case 'api_error':
      set('error', 'api error record', { message: s.message });
      break;
    case 'turn_completed':
      // turn_duration is also written after an API error: keep the error as the turn's outcome
      if (v.opinion?.phase === 'error') break;
      set('idle', 'turn_duration');
      break;
    case 'interrupted':
      v.pendingTools = {};
      set('idle', s.forToolUse ? 'interrupted for tool use' : 'interrupted', { interrupted: true });
      break;
    case 'assistant_text':
    case 'growth':
      break;
  }
  return v;
}
