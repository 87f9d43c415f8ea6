import { z } from 'zod';
import { StateInputError } from './errors.js';

// Shapes observed in fixtures/claude-code/2.1.197/hooks/payloads-*.jsonl (Claude Code 2.1.197).
// Objects are loose: new fields in later versions pass through untouched.

const common = {
  session_id: z.string(),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  prompt_id: z.string().optional(),
  permission_mode: z.string().optional(),
  effort: z.object({ level: z.string() }).loose().optional(),
};
/** The hook events Aegis listens to over HTTP (Claude Code has no HTTP hooks for SessionStart/Setup). */
export const HTTP_HOOK_EVENTS = [
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PostToolUseFailure',
  'Notification',
  'Stop',
  'StopFailure',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
  'SessionEnd',
] as const;

/** Hook events about one tool call (their settings take a tool matcher). */
export const TOOL_HOOK_EVENTS: ReadonlySet<string> = new Set([
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PostToolUseFailure',
]);

const toolInput = z.record(z.string(), z.unknown());
const ev = <N extends string, S extends z.ZodRawShape>(name: N, shape: S) =>
  z.object({ ...common, hook_event_name: z.literal(name), ...shape }).loose();

export const SessionStartSchema = ev('SessionStart', { source: z.string(), model: z.string().optional() });
export const UserPromptSubmitSchema = ev('UserPromptSubmit', { prompt: z.string() });
export const PreToolUseSchema = ev('PreToolUse', {
  tool_name: z.string(),
  tool_input: toolInput,
  tool_use_id: z.string().optional(),
});
export const PermissionRequestSchema = ev('PermissionRequest', {
  tool_name: z.string(),
  tool_input: toolInput,
  permission_suggestions: z.array(z.unknown()).optional(),
});
export const PostToolUseSchema = ev('PostToolUse', {
  tool_name: z.string(),
  tool_input: toolInput,
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  duration_ms: z.number().optional(),
});
export const PostToolUseFailureSchema = ev('PostToolUseFailure', {
  tool_name: z.string(),
  tool_input: toolInput,
  tool_use_id: z.string().optional(),
  error: z.string().optional(),
  is_interrupt: z.boolean().optional(),
  duration_ms: z.number().optional(),
});
export const PermissionDeniedSchema = ev('PermissionDenied', {
  tool_name: z.string().optional(),
  tool_input: toolInput.optional(),
});
export const NotificationSchema = ev('Notification', { message: z.string(), notification_type: z.string().optional() });
export const StopSchema = ev('Stop', {
  stop_hook_active: z.boolean().optional(),
  last_assistant_message: z.string().optional(),
  background_tasks: z.array(z.unknown()).optional(),
  session_crons: z.array(z.unknown()).optional(),
});
export const StopFailureSchema = ev('StopFailure', {
  error: z.string().optional(),
  last_assistant_message: z.string().optional(),
});
export const SubagentStartSchema = ev('SubagentStart', { agent_id: z.string(), agent_type: z.string().optional() });
export const SubagentStopSchema = ev('SubagentStop', {
  agent_id: z.string(),
  agent_type: z.string().optional(),
  agent_transcript_path: z.string().optional(),
  last_assistant_message: z.string().optional(),
  stop_hook_active: z.boolean().optional(),
});
export const PreCompactSchema = ev('PreCompact', {
  trigger: z.string(),
  custom_instructions: z.string().nullable().optional(),
});
export const PostCompactSchema = ev('PostCompact', { trigger: z.string(), compact_summary: z.string().optional() });
export const SessionEndSchema = ev('SessionEnd', { reason: z.string() });

export const HookPayloadSchema = z.discriminatedUnion('hook_event_name', [
  SessionStartSchema,
  UserPromptSubmitSchema,
  PreToolUseSchema,
  PermissionRequestSchema,
  PostToolUseSchema,
  PostToolUseFailureSchema,
  PermissionDeniedSchema,
  NotificationSchema,
  StopSchema,
  StopFailureSchema,
  SubagentStartSchema,
  SubagentStopSchema,
  PreCompactSchema,
  PostCompactSchema,
  SessionEndSchema,
]);

export type KnownHookEvent = z.infer<typeof HookPayloadSchema>;
export type HookEventName = KnownHookEvent['hook_event_name'];
/** An event this version of the package does not know (a newer Claude Code); kept, never fatal. */
export interface OtherHookEvent {
  hook_event_name: 'Other';
  event_name: string;
  session_id: string;
  payload: Record<string, unknown>;
}
export type HookEvent = KnownHookEvent | OtherHookEvent;

const KNOWN = new Set<string>(HookPayloadSchema.options.map((o) => o.shape.hook_event_name.value));

/**
 * Validates a hook payload (the JSON a command hook reads on stdin, or an HTTP hook's request body) into a
 * typed HookEvent. Unknown event names become `Other`. Throws StateInputError
 * (`AEGIS_STATE_INVALID_HOOK_PAYLOAD`) for non-JSON or payloads missing required fields.
 */
export function parseHookPayload(input: unknown): HookEvent {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new StateInputError('AEGIS_STATE_INVALID_HOOK_PAYLOAD', 'hook payload is not JSON', { cause });
    }
  }
  const base = z.object({ hook_event_name: z.string(), session_id: z.string() }).loose().safeParse(value);
  if (!base.success) {
    throw new StateInputError('AEGIS_STATE_INVALID_HOOK_PAYLOAD', `hook payload: ${base.error.message}`, {
      cause: base.error,
    });
  }
  if (!KNOWN.has(base.data.hook_event_name)) {
    return {
      hook_event_name: 'Other',
      event_name: base.data.hook_event_name,
      session_id: base.data.session_id,
      payload: base.data,
    };
  }
  const parsed = HookPayloadSchema.safeParse(value);
  if (!parsed.success) {
    throw new StateInputError(
      'AEGIS_STATE_INVALID_HOOK_PAYLOAD',
      `${base.data.hook_event_name} payload: ${parsed.error.message}`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}
