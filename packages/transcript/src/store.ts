import { TranscriptError } from './errors.js';
import type { EntryKind, Role, TranscriptEntry } from './types.js';

/** A page request. Cursors are entry ids: `<uuid>` (a record's first entry), `<uuid>:<n>`, `<type>@<offset>`. */
export interface PageQuery {
  /** Entries strictly after this cursor (the first `limit` of them). */
  after?: string;
  /** Entries strictly before this cursor (the last `limit` of them, unless `after` is also given). */
  before?: string;
  /** Most entries to return. Default: 50. */
  limit?: number;
  /** Keep only these roles. Default: all. */
  roles?: readonly Role[];
  /** Keep only these kinds. Default: all. */
  kinds?: readonly EntryKind[];
}

/** One page of entries, oldest first. */
export interface Page {
  entries: TranscriptEntry[];
  /** More matching entries exist before the first returned one (or before the window when empty). */
  hasMoreBefore: boolean;
  /** More matching entries exist after the last returned one (or after the window when empty). */
  hasMoreAfter: boolean;
}

export interface ThreadOptions {
  /** Id or uuid of the leaf to walk back from. Default: the last main-chain (else sidechain) entry with a uuid. */
  leaf?: string;
  /** Continue past a `compact_boundary` through its `logicalParentUuid`. Default: true. */
  acrossCompaction?: boolean;
}

/**
 * An in-memory, append-only, ordered index of a transcript's entries with stable cursors. Reads never consume:
 * any number of clients can page the same store. Within each added batch, entries are reordered so that a
 * record comes after the record named by its `parentUuid` (Claude Code's file order is not chronological);
 * otherwise file order is kept, and earlier batches never move.
 */
export class TranscriptStore {
  #list: TranscriptEntry[] = [];
  #pos = new Map<string, number>();
  #records = new Map<string, { first: number; last: number }>();
  #duplicates = 0;

  /** Number of entries. */
  get size(): number {
    return this.#list.length;
  }

  /** Entries skipped because an entry with the same id was already stored. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** All entries in order (read-only view). */
  all(): readonly TranscriptEntry[] {
    return this.#list;
  }

  /** The entry with this id (or the first entry of the record with this uuid). */
  get(cursor: string): TranscriptEntry | undefined {
    const i = this.#pos.get(cursor) ?? this.#records.get(cursor)?.first;
    return i === undefined ? undefined : this.#list[i];
  }

  /** Forget everything (after the file was truncated or replaced). */
  clear(): void {
    this.#list = [];
    this.#pos.clear();
    this.#records.clear();
  }

  /** Append a batch (as read from the file); returns the entries actually added, in their new order. */
  add(batch: readonly TranscriptEntry[]): TranscriptEntry[] {
    const added: TranscriptEntry[] = [];
    for (const e of orderBatch(batch)) {
      if (this.#pos.has(e.id)) {
        this.#duplicates++;
        continue;
      }
      const i = this.#list.length;
      this.#list.push(e);
      this.#pos.set(e.id, i);
      if (e.uuid !== null) {
        const r = this.#records.get(e.uuid);
        if (r === undefined) this.#records.set(e.uuid, { first: i, last: i });
        else r.last = i;
      }
      added.push(e);
    }
    return added;
  }

  /** A page of entries around a cursor; see {@link PageQuery}. Throws `AEGIS_TRANSCRIPT_CURSOR_NOT_FOUND`. */
  page(query: PageQuery = {}): Page {
    const limit = Math.max(0, Math.floor(query.limit ?? 50));
    const roles = query.roles;
    const kinds = query.kinds;
    const match = (e: TranscriptEntry): boolean =>
      (roles === undefined || roles.includes(e.role)) && (kinds === undefined || kinds.includes(e.kind));
    const lo = query.after === undefined ? 0 : this.#resolve(query.after, 'after') + 1;
    const hi = query.before === undefined ? this.#list.length : this.#resolve(query.before, 'before');
    const picked: number[] = [];
    if (query.after !== undefined) {
      for (let i = lo; i < hi && picked.length < limit; i++) if (match(this.#list[i]!)) picked.push(i);
    } else {
      for (let i = hi - 1; i >= lo && picked.length < limit; i--) if (match(this.#list[i]!)) picked.push(i);
      picked.reverse();
    }
    const first = picked[0];
    const last = picked[picked.length - 1];
    return {
      entries: picked.map((i) => this.#list[i]!),
      hasMoreBefore: this.#any(0, first ?? lo, match),
      hasMoreAfter: this.#any(last === undefined ? hi : last + 1, this.#list.length, match),
    };
  }

  /**
   * The live branch: entries on the `parentUuid` path from the root to `leaf`, oldest first. Dead branches
   * (a prompt cancelled before its first token) and uuid-less bookkeeping records are left out.
   */
  thread(options: ThreadOptions = {}): TranscriptEntry[] {
    let leafIndex: number | undefined;
    if (options.leaf !== undefined) leafIndex = this.#resolve(options.leaf, 'after');
    else {
      for (let i = this.#list.length - 1; i >= 0; i--) {
        const e = this.#list[i]!;
        if (e.uuid === null) continue;
        leafIndex ??= i; // a subagent transcript is all sidechain
        if (!e.isSidechain) {
          leafIndex = i;
          break;
        }
      }
    }
    if (leafIndex === undefined) return [];
    const across = options.acrossCompaction ?? true;
    const out: TranscriptEntry[] = [];
    const seen = new Set<string>();
    let uuid: string | null = this.#list[leafIndex]!.uuid;
    while (uuid !== null && !seen.has(uuid)) {
      seen.add(uuid);
      const r = this.#records.get(uuid);
      if (r === undefined) break;
      const recordEntries: TranscriptEntry[] = [];
      for (let i = r.first; i <= r.last; i++) if (this.#list[i]!.uuid === uuid) recordEntries.push(this.#list[i]!);
      for (let k = recordEntries.length - 1; k >= 0; k--) out.push(recordEntries[k]!);
      const head = recordEntries[0]!;
      uuid = head.parentUuid;
      if (uuid === null && across && head.kind === 'compact_boundary') uuid = head.logicalParentUuid;
    }
    return out.reverse();
  }

  #resolve(cursor: string, side: 'after' | 'before'): number {
    const i = this.#pos.get(cursor);
    if (i !== undefined) return i;
    const r = this.#records.get(cursor);
    if (r !== undefined) return side === 'after' ? r.last : r.first;
    throw new TranscriptError('AEGIS_TRANSCRIPT_CURSOR_NOT_FOUND', `no entry ${cursor} in this transcript`, {
      subject: cursor,
    });
  }

  #any(from: number, to: number, match: (e: TranscriptEntry) => boolean): boolean {
    for (let i = from; i < to; i++) if (match(this.#list[i]!)) return true;
    return false;
  }
}

/**
 * Order one batch so that every record follows its parent when the parent is in the same batch; everything
 * else keeps file order. Entries of one record stay together. Cycles fall back to file order.
 */
export function orderBatch(batch: readonly TranscriptEntry[]): TranscriptEntry[] {
  const remaining = new Map<string, number>();
  for (const e of batch) if (e.uuid !== null) remaining.set(e.uuid, (remaining.get(e.uuid) ?? 0) + 1);
  if (remaining.size === 0) return batch.slice();
  const parked = new Map<string, number[]>();
  const emitted = new Uint8Array(batch.length);
  const out: TranscriptEntry[] = [];
  const emit = (start: number): void => {
    const stack = [start];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (emitted[i] === 1) continue;
      const e = batch[i]!;
      emitted[i] = 1;
      out.push(e);
      if (e.uuid === null) continue;
      const left = remaining.get(e.uuid)! - 1;
      remaining.set(e.uuid, left);
      if (left > 0) continue;
      const children = parked.get(e.uuid);
      if (children === undefined) continue;
      parked.delete(e.uuid);
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
    }
  };
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i]!;
    const p = e.parentUuid;
    if (p !== null && p !== e.uuid && (remaining.get(p) ?? 0) > 0) {
      const list = parked.get(p);
      if (list === undefined) parked.set(p, [i]);
      else list.push(i);
    } else emit(i);
  }
  for (let i = 0; i < batch.length; i++) if (emitted[i] === 0) emit(i);
  return out;
}
