import type { ConfirmedBy } from './events.js';
import { sameMessage } from './text-match.js';

interface Submission {
  seq: number;
  /** `activity`: the session started working (not a confirmation by itself, but it forbids a re-type). */
  source: ConfirmedBy | 'activity';
  text: string | undefined;
}

/** Evidence of submitted prompts (hook, transcript, busy status file, activity), numbered, newest 50 kept. */
export class SubmissionLog {
  readonly #submissions: Submission[] = [];
  readonly #delivered: string[] = [];
  #seq = 0;

  /** Sequence number of the newest evidence. */
  get seq(): number {
    return this.#seq;
  }

  add(source: ConfirmedBy | 'activity', text: string | undefined): void {
    this.#submissions.push({ seq: ++this.#seq, source, text });
    if (this.#submissions.length > 50) this.#submissions.shift();
  }

  /** The first evidence after `afterSeq` that `text` was submitted (hook or transcript with the same text, or busy). */
  find(afterSeq: number, text: string): ConfirmedBy | null {
    // a busy status file says "something was submitted"; once a different text was seen, it is not ours
    const other = this.textsSince(afterSeq).some((t) => !sameMessage(text, t));
    for (const s of this.#submissions) {
      if (s.seq <= afterSeq) continue;
      if (s.source === 'activity') continue;
      if ((s.source === 'status_file' && !other) || (s.text !== undefined && sameMessage(text, s.text)))
        return s.source;
    }
    return null;
  }

  /**
   * Texts seen submitted (hook prompt, transcript user record) after `afterSeq`, oldest first; a late record of a
   * message already delivered (its transcript line after its hook, seen under load) is not another submission.
   */
  textsSince(afterSeq: number): string[] {
    return this.#submissions
      .filter((s) => s.seq > afterSeq && s.text !== undefined && !this.#delivered.some((d) => sameMessage(d, s.text!)))
      .map((s) => s.text!);
  }

  /** Remembers a confirmed message, so that its later records are not taken for another submission. */
  noteDelivered(text: string): void {
    this.#delivered.push(text);
    if (this.#delivered.length > 20) this.#delivered.shift();
  }

  /** True when anything was submitted (any text) or the session started working after `afterSeq`. */
  activitySince(afterSeq: number): boolean {
    return this.#submissions.some((s) => s.seq > afterSeq);
  }
}
