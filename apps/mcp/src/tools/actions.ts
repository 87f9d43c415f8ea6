import { AnswerSchema, SendSchema } from '@aegis/core';
import type { AnswerResult } from '@aegis/core';
import type { Backend } from '../backend.js';
import { sessionId, SessionIdInput } from './common.js';
import { guard, ok, type Server } from './result.js';

const [ApproveVariant, RejectVariant, AnswerVariant] = AnswerSchema.options;

function answered(r: AnswerResult): ReturnType<typeof ok> {
  const what = r.sent
    ? `${r.action} sent via ${r.via}${r.optionId ? ` (option ${r.optionId})` : ''}`
    : `nothing to ${r.action}`;
  return ok({ ...r }, `${what}.`);
}

/** `send_message`, `approve_permission`, `reject_permission`, `answer_question`, `interrupt_session`, `escape_session`. */
export function registerActionTools(server: Server, backend: Backend): void {
  server.registerTool(
    'send_message',
    {
      title: 'Send a message',
      description:
        'Types a message into the session and confirms Claude Code received it (never resent blindly). A busy session queues it (FIFO); wait: true waits for the delivery. A text starting with / or ! is refused (INPUT_NOT_LITERAL): use send_command or send_bash.',
      inputSchema: SendSchema.extend({ sessionId }),
    },
    ({ sessionId: id, ...input }) =>
      guard(async () => {
        const r = await backend.send(id, input);
        const text = r.queued
          ? `Queued as ${r.id} at position ${r.position}${r.result ? `; delivered: ${r.result.delivered}` : ''}.`
          : `Message ${r.id}: ${r.delivered ? 'delivered' : r.submittedDifferently ? `Claude Code submitted a different text instead (${r.submittedDifferently.seen.length} characters)` : r.unknown ? 'typed, delivery unconfirmed (not resent)' : 'not delivered'} after ${r.attempts} attempt(s).`;
        return ok({ ...r }, text);
      }),
  );

  server.registerTool(
    'approve_permission',
    {
      title: 'Approve the pending prompt',
      description:
        'Approves the open permission prompt, plan or startup dialog (least privilege: "Yes" once, unless always is true). Pass promptId (from get_session / wait_for_state) to make sure the intended prompt is answered.',
      inputSchema: ApproveVariant.omit({ action: true }).extend({
        sessionId,
        always: ApproveVariant.shape.always.describe('Choose the "don\'t ask again" option (default: allow once)'),
        promptId: ApproveVariant.shape.promptId.describe('The pending prompt id, so that only that prompt is answered'),
      }),
    },
    ({ sessionId: id, ...o }) => guard(async () => answered(await backend.answer(id, { action: 'approve', ...o }))),
  );

  server.registerTool(
    'reject_permission',
    {
      title: 'Reject the pending prompt',
      description: 'Rejects the open permission prompt or plan, optionally telling Claude why (message).',
      inputSchema: RejectVariant.omit({ action: true }).extend({
        sessionId,
        message: RejectVariant.shape.message.describe('Tell Claude what to do instead'),
        promptId: RejectVariant.shape.promptId.describe('The pending prompt id, so that only that prompt is answered'),
      }),
    },
    ({ sessionId: id, ...o }) => guard(async () => answered(await backend.answer(id, { action: 'reject', ...o }))),
  );

  server.registerTool(
    'answer_question',
    {
      title: 'Answer a question',
      description:
        'Answers an AskUserQuestion dialog: for each question, the chosen option ids (several for multi-select) in options, or free text in text.',
      inputSchema: AnswerVariant.omit({ action: true }).extend({
        sessionId,
        options: AnswerVariant.shape.options.describe(
          'Per question, the chosen option ids (from pendingPrompt.options), e.g. [["blue"]]',
        ),
        text: AnswerVariant.shape.text.describe('Per question, free text (the "Type something" answer)'),
        promptId: AnswerVariant.shape.promptId.describe('The pending prompt id, so that only that prompt is answered'),
      }),
    },
    ({ sessionId: id, ...o }) => guard(async () => answered(await backend.answer(id, { action: 'answer', ...o }))),
  );

  server.registerTool(
    'interrupt_session',
    {
      title: 'Interrupt',
      description: 'Stops what Claude is doing (Escape/Ctrl-C as the screen needs); the session returns to idle.',
      inputSchema: SessionIdInput,
    },
    ({ sessionId: id }) => guard(async () => answered(await backend.answer(id, { action: 'interrupt' }))),
  );

  server.registerTool(
    'escape_session',
    {
      title: 'Press Escape',
      description: 'Presses Escape once (closes a local dialog or menu).',
      inputSchema: SessionIdInput,
    },
    ({ sessionId: id }) => guard(async () => answered(await backend.answer(id, { action: 'escape' }))),
  );
}
