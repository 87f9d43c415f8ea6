import { startsTurn } from '@aegis/transcript';
import type { EventLog } from '../event-log.js';
import type { PersistedMessage } from '../record.js';
import type { SessionRuntime } from '../runtime.js';
import { sameMessage } from '../text-match.js';
import type { MessageQueue } from './queue.js';

/** Claude Code writes a submitted prompt's record at once; its timestamp may trail our clock by this much at most. */
const CLOCK_SLACK_MS = 1000;

/**
 * After a restart: puts a session's persisted queue back, in order, keeping the message ids. The first message (the
 * one that may have been typed when the process died) is looked up in the transcript: submitted → reported
 * delivered (confirmed by the transcript), else typed again (delivery clears a half-typed draft first). Nothing is
 * sent twice.
 */
export async function restoreQueue(
  rt: SessionRuntime,
  queue: MessageQueue,
  pending: readonly PersistedMessage[],
  events: EventLog,
): Promise<void> {
  const items = [...pending];
  const head = items[0];
  // only the head can have been typed (one delivery at a time, in order); it is marked before the first key, and
  // checked even without the mark, in case the process died between the two writes
  if (head) {
    const since = head.sendingSince ?? head.enqueuedAt;
    await rt.transcript.check();
    const submitted = rt.transcript.transcript.entries().some((e) => {
      if (!startsTurn(e)) return false;
      const at = e.timestamp ? Date.parse(e.timestamp) : NaN;
      return Number.isFinite(at) && at >= since - CLOCK_SLACK_MS && sameMessage(head.text, e.text);
    });
    if (submitted) {
      items.shift();
      events.emit({
        type: 'message.delivered',
        sessionId: rt.id,
        data: { messageId: head.id, attempts: 1, confirmedBy: 'transcript' },
      });
    }
  }
  for (const m of items) queue.enqueue({ id: m.id, text: m.text, enqueuedAt: m.enqueuedAt });
  queue.pump();
}
