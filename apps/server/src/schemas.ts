import { z } from 'zod';
import { AEGIS_EVENT_TYPES, CreateSessionSchema, SendSchema, WorktreeInfoSchema } from '@aegis/core';
import { STATE_KINDS } from '@aegis/state';
import { KEY_NAMES } from '@aegis/tmux';
import { apiRegistry } from './registry.js';

/** `:id` of every session route; anything else is a 400 before core is asked. */
export const IdParams = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/)
    .describe('Session id'),
});

const NullableNumber = z.number().nullable();
/** How a delivery was confirmed (core's `ConfirmedBy`). */
const ConfirmedBySchema = z.enum(['hook', 'transcript', 'status_file']);

/** One row of the pending dialog (@aegis/state's `MenuOption`): pass `id` to approve/answer. */
const MenuOptionSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  label: z.string(),
  kind: z.enum(['allow', 'allow_always', 'deny', 'other']),
  selected: z.boolean().optional(),
  checked: z.boolean().optional(),
  description: z.string().optional(),
});

/** A question of an `asking` state (@aegis/state's `Question`). */
const QuestionSchema = z.object({
  header: z.string().optional(),
  text: z.string(),
  multiSelect: z.boolean(),
  options: z.array(MenuOptionSchema),
});

type WithoutIndex<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
/**
 * A loose object (unknown keys pass through on the wire and show as `additionalProperties`) whose TypeScript type has
 * no index signature, so the interfaces core returns (SessionState, TranscriptEntry) fit the route's reply type.
 */
const open = <S extends z.ZodObject>(schema: S) => schema as unknown as z.ZodType<WithoutIndex<z.output<S>>>;

/** The detected state (@aegis/state's `SessionState`): `kind` and what the dashboard shows of a prompt; the rest passes through. */
const SessionStateSchema = open(
  z.looseObject({
    kind: z.enum(STATE_KINDS),
    tool: z.string().optional(),
    command: z.string().optional(),
    file: z.string().optional(),
    description: z.string().optional(),
    plan: z.string().optional(),
    questions: z.array(QuestionSchema).optional(),
  }),
).describe('SessionState');

/** A session as returned by the API: core's SessionInfo (extra fields pass through). */
export const SessionSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    workDir: z.string(),
    status: z
      .enum([...STATE_KINDS, 'unreachable'])
      .describe(
        'What the session is doing: idle, working, permission_prompt, asking, … exited; `unreachable` while its node is down',
      ),
    node: z.string().optional().describe('The node that runs it'),
    permissionMode: z.string(),
    createdAt: z.number(),
    lastActivity: z.number(),
    endedAt: NullableNumber,
    queueLength: z.number(),
    pendingPrompt: z
      .looseObject({
        id: z.string(),
        kind: z.enum(STATE_KINDS),
        options: z.array(MenuOptionSchema),
        viaHook: z.boolean(),
      })
      .nullable(),
    windowId: z.string().describe('The tmux window (`aegis-bridge attach`)'),
    state: SessionStateSchema.nullish().describe(
      'The full detected state (dialog options, questions, …); null once ended',
    ),
    usage: z
      .looseObject({
        inputTokens: z.number(),
        outputTokens: z.number(),
        cacheCreationInputTokens: z.number().optional(),
        cacheReadInputTokens: z.number().optional(),
        costUsd: z.number(),
      })
      .nullable()
      .describe('Tokens and estimated cost so far'),
    worktree: WorktreeInfoSchema.nullish().describe('The session\'s git worktree and branch (isolation "worktree")'),
  })
  .describe('Session');

const Hint = z.object({ method: z.literal('POST'), url: z.string(), body: z.record(z.string(), z.unknown()) });
export const SessionDetailSchema = SessionSchema.extend({
  actionHints: z.record(z.string(), Hint).nullable().describe('How to answer the pending prompt'),
  pendingPermission: z.unknown().nullable(),
  pendingQuestion: z.unknown().nullable(),
}).describe('SessionDetail');

export const PromptDeliverySchema = z
  .object({
    messageId: z.string(),
    position: z.number().describe('Where the prompt was queued (0: next)'),
    delivered: z.boolean(),
    attempts: z.number(),
    pending: z.boolean().describe('Not delivered yet when the response was sent (see events `message.delivered`)'),
    confirmedBy: ConfirmedBySchema.nullable(),
    unknown: z.boolean(),
  })
  .describe('PromptDelivery');

/** Where in a fleet a new session runs (alone, a server is a fleet of one: only its own id and labels match). */
const PlacementFields = {
  node: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe('Run it on this node of the fleet (default: the live node with the fewest sessions)'),
  labels: z
    .array(z.string().min(1).max(64))
    .max(20)
    .optional()
    .describe('Run it on a node having all these labels (`AEGIS_NODE_LABELS`)'),
};

export const CreateBodySchema = z
  .strictObject({
    ...CreateSessionSchema.shape,
    promptWaitMs: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .optional()
      .describe('Wait this long for the prompt to be delivered (default from config)'),
    ...PlacementFields,
  })
  .describe('CreateSession');

export const CreatedSchema = SessionSchema.extend({
  reused: z.boolean(),
  promptDelivery: PromptDeliverySchema.nullable(),
}).describe('CreatedSession');

export const ListQuerySchema = z.object({
  status: z.string().max(200).optional().describe('Comma-separated statuses'),
  project: z.string().max(500).optional().describe('Case-insensitive substring of workDir'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ListSchema = z.object({
  sessions: z.array(SessionSchema),
  pagination: z.object({ page: z.number(), limit: z.number(), total: z.number(), totalPages: z.number() }),
});

export const BatchItemSchema = z.strictObject({ ...CreateSessionSchema.shape, ...PlacementFields });
export const BatchBodySchema = z.strictObject({ sessions: z.array(BatchItemSchema).min(1).max(50) });
export const BatchResultSchema = z.object({
  sessions: z.array(
    z.object({
      index: z.number(),
      ok: z.boolean(),
      session: CreatedSchema.optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
  created: z.number(),
  failed: z.number(),
});

export const SendBodySchema = z.strictObject({ ...SendSchema.shape }).describe('Send');
/** 200: delivered and confirmed (`queued` when it waited behind a busy session first, at `position`). */
export const SendResultSchema = z
  .object({
    messageId: z.string(),
    delivered: z.literal(true),
    queued: z.boolean(),
    position: z.number().optional(),
    attempts: z.number(),
    confirmedBy: ConfirmedBySchema.nullable(),
  })
  .describe('SendResult');
/** 202: queued behind a busy session at `position` (0: next); watch `message.delivered`. */
export const SendReceiptSchema = z
  .object({ messageId: z.string(), delivered: z.literal(false), queued: z.literal(true), position: z.number() })
  .describe('SendReceipt');

export const ApproveBodySchema = z
  .strictObject({ always: z.boolean().optional(), promptId: z.string().max(200).optional() })
  .nullish();
export const RejectBodySchema = z
  .strictObject({ message: z.string().max(2000).optional(), promptId: z.string().max(200).optional() })
  .nullish();
/** Core's `answer` action without its discriminator: option ids (one list per question) and/or free text. */
export const AnswerBodySchema = z.strictObject({
  options: z
    .array(z.array(z.string().max(500)).min(1))
    .max(20)
    .optional(),
  text: z.array(z.string().max(5000)).max(20).optional(),
  promptId: z.string().max(200).optional(),
});
export const KeysBodySchema = z.strictObject({
  keys: z
    .array(z.enum(KEY_NAMES as unknown as [string, ...string[]]))
    .min(1)
    .max(50),
});
export const AnswerResultSchema = z.object({
  action: z.enum(['approve', 'reject', 'answer', 'interrupt', 'escape', 'keys']),
  promptId: z.string().nullable(),
  via: z.enum(['hook', 'keys']),
  optionId: z.string().nullable(),
  sent: z.boolean(),
});

export const ReadQuerySchema = z.object({
  after: z.string().max(200).optional().describe('Entries after this cursor (an entry id)'),
  before: z.string().max(200).optional().describe('Entries before this cursor'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  roles: z.string().max(200).optional().describe('Comma-separated roles'),
  kinds: z.string().max(500).optional().describe('Comma-separated entry kinds'),
});
export const ReadSchema = z.object({
  sessionId: z.string(),
  status: z.string(),
  entries: z.array(
    // @aegis/transcript's TranscriptEntry: every entry has an id and a kind; these are what readers show, the rest passes through
    open(
      z.looseObject({
        id: z.string(),
        kind: z.string(),
        text: z.string().optional(),
        name: z.string().optional(),
        input: z.unknown().optional(),
        toolUseId: z.string().nullable().optional(),
        isError: z.boolean().optional(),
      }),
    ).describe('TranscriptEntry'),
  ),
  hasMoreBefore: z.boolean(),
  hasMoreAfter: z.boolean(),
  cursor: z.string().nullable().describe('Pass as `after` for the next page; reading never consumes'),
});

export const ScreenshotBodySchema = z.strictObject({
  // any scheme parses; the URL policy refuses all but http/https with 400 URL_NOT_ALLOWED and the reason
  url: z.url().max(4000),
  width: z.number().int().min(100).max(7680).default(1280),
  height: z.number().int().min(100).max(4320).default(800),
  fullPage: z.boolean().default(false),
});
export const ScreenshotSchema = z.object({
  mimeType: z.literal('image/png'),
  data: z.string().describe('base64 PNG'),
  url: z.string(),
});

/** One SSE frame's `data:` (core's `AegisEvent`); its `event:` is `type` and its `id:` is `id`. */
export const EventSchema = z
  .object({
    id: z.number(),
    at: z.number(),
    type: z.enum(AEGIS_EVENT_TYPES),
    sessionId: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .describe('The payload of this event type (see @aegis/core `EventPayloads`)'),
  })
  .describe('Event');
/** The first frame of an SSE stream (`event: state`, no id): a session's detail, or every session. */
export const EventStreamStateSchema = z
  .object({
    session: SessionDetailSchema.optional().describe('On `/v1/sessions/{id}/events`'),
    sessions: z.array(SessionSchema).optional().describe('On `/v1/events`'),
    lastEventId: z.number(),
  })
  .describe('EventStreamState');

export const OkSchema = z.object({ ok: z.literal(true) });

const QueryFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');
export const DeleteQuerySchema = z.object({
  removeWorktree: QueryFlag.describe(
    "Also remove the session's worktree (409 WORKTREE_DIRTY while it has uncommitted changes)",
  ),
  force: QueryFlag.describe('With removeWorktree: remove it even with uncommitted changes'),
});

for (const [schema, id] of [
  [SessionSchema, 'Session'],
  [SessionDetailSchema, 'SessionDetail'],
  [CreatedSchema, 'CreatedSession'],
  [PromptDeliverySchema, 'PromptDelivery'],
  [SendResultSchema, 'SendResult'],
  [SendReceiptSchema, 'SendReceipt'],
  [AnswerResultSchema, 'AnswerResult'],
  [EventSchema, 'Event'],
  [EventStreamStateSchema, 'EventStreamState'],
] as const) {
  apiRegistry.add(schema, { id });
}
