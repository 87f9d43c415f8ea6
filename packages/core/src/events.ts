import type { Evidence, StateKind } from '@aegis/state';

/** Why a session ended. */
export type EndReason = 'killed' | 'exited' | 'vanished' | 'shutdown';

/**
 * Payloads by event type. Every event also has `id` (monotonic), `at` (ms) and `sessionId`. Pipeline events carry
 * the stage's session id when the stage has a session, else the pipeline id.
 */
export interface EventPayloads {
  'session.created': { workDir: string; name: string; permissionMode: string; reused: boolean; resumed: boolean };
  'session.adopted': { windowId: string };
  'session.status': { from: StateKind; to: StateKind; evidence: Evidence[] };
  'session.stalled': { since: number; reason: string };
  'session.ended': {
    reason: EndReason;
    code: number | null;
    signal: string | null;
    worktree?: { branch: string; diffStat: string };
  };
  'message.user': { entryId: string; text: string; queued: boolean };
  'message.assistant': { entryId: string; text: string };
  'tool.use': { entryId: string; toolUseId: string; name: string; input: unknown };
  'tool.result': { entryId: string; toolUseId: string; isError: boolean; text: string };
  'message.queued': { messageId: string; position: number };
  'message.delivered': { messageId: string | null; attempts: number; confirmedBy: ConfirmedBy };
  /** `submittedDifferently`: Claude Code submitted another text (cut or changed) instead; `seen` is that text. */
  'message.unconfirmed': { messageId: string | null; attempts: number; submittedDifferently?: { seen: string } | null };
  'permission.requested': {
    promptId: string;
    tool: string | null;
    command: string | null;
    file: string | null;
    options: OptionSummary[];
  };
  'question.asked': { promptId: string; questions: { text: string; multiSelect: boolean; options: OptionSummary[] }[] };
  'plan.proposed': { promptId: string; plan: string | null; options: OptionSummary[] };
  'gate.shown': { kind: string; answered: boolean; optionId: string | null };
  'prompt.answered': { promptId: string; action: string; via: 'hook' | 'keys'; optionId: string | null };
  'pipeline.created': { pipelineId: string; name: string; stages: string[] };
  'pipeline.stage': {
    pipelineId: string;
    stage: string;
    from: string;
    to: string;
    attempt: number;
    sessionId: string | null;
    reason: string | null;
  };
  'pipeline.finished': {
    pipelineId: string;
    name: string;
    status: 'succeeded' | 'failed' | 'cancelled';
    reason: string | null;
  };
}

export interface OptionSummary {
  id: string;
  label: string;
  kind: string;
}

/** How a delivery was confirmed. */
export type ConfirmedBy = 'hook' | 'transcript' | 'status_file';

export type AegisEventType = keyof EventPayloads;
export const AEGIS_EVENT_TYPES = [
  'session.created',
  'session.adopted',
  'session.status',
  'session.stalled',
  'session.ended',
  'message.user',
  'message.assistant',
  'tool.use',
  'tool.result',
  'message.queued',
  'message.delivered',
  'message.unconfirmed',
  'permission.requested',
  'question.asked',
  'plan.proposed',
  'gate.shown',
  'prompt.answered',
  'pipeline.created',
  'pipeline.stage',
  'pipeline.finished',
] as const satisfies readonly AegisEventType[];

/** One event as stored and delivered. */
export type AegisEvent = {
  [K in AegisEventType]: { id: number; at: number; type: K; sessionId: string; data: EventPayloads[K] };
}[AegisEventType];

/** An event before the log numbered it. */
export type NewEvent = {
  [K in AegisEventType]: { type: K; sessionId: string; data: EventPayloads[K] };
}[AegisEventType];
