import type { SessionState } from '@aegis/state';
import { startsTurn, type TranscriptEntry } from '@aegis/transcript';
import type { EventLog } from '../event-log.js';
import type { ResolvedOptions } from '../manager-options.js';
import { doneChecker } from './done-check.js';
import { Pipelines } from './pipelines.js';
import type { Observation, StageDriver } from './runner.js';
import type { Sessions } from './sessions.js';

export type { Sessions } from './sessions.js';

/** Longest stage answer kept for hand-off. */
export const LAST_MESSAGE_LIMIT = 100_000;

/**
 * Stages as core sessions. A turn counts as ended only when the session is idle, shows no error, has nothing queued,
 * and its transcript holds a `turn_duration` record (`turn_end`) after the last prompt — which Claude Code writes after
 * the turn's final answer, so the answer is readable too. Idle-looking is not enough; a permission prompt, question or
 * plan dialog keeps the stage running until its timeout. A prompt that was not delivered (typed but never submitted)
 * fails the attempt instead of leaving it idle until its timeout.
 */
export function sessionDriver(m: Sessions): StageDriver {
  // why each stage prompt was not delivered, by session (this process's launches only)
  const undelivered = new Map<string, string>();
  return {
    async start(l) {
      const { session, prompt } = await m.create({
        workDir: l.workDir,
        prompt: l.prompt,
        name: l.sessionName,
        reuse: false,
        ...(l.permissionMode ? { permissionMode: l.permissionMode } : {}),
        ...(l.model ? { model: l.model } : {}),
        ...(l.owner ? { owner: l.owner } : {}),
        ...(l.isolation ? { isolation: l.isolation, baseRef: l.baseRef, mergeFrom: l.mergeFrom } : {}),
      });
      if (prompt) {
        m.waitForDelivery(session.id, prompt.id).then(
          (r) =>
            void (r.delivered
              ? undefined
              : undelivered.set(
                  session.id,
                  r.unknown ? 'typed but its submission was never confirmed' : 'it could not be typed',
                )),
          () => undefined, // the session ended: observe reports that
        );
      }
      return session.id;
    },

    async observe(id): Promise<Observation> {
      const info = await m.get(id);
      if (info.endedAt !== null)
        return {
          kind: 'failed',
          reason: `session ended (${info.endReason ?? 'exited'}${info.exitCode !== null ? `, code ${info.exitCode}` : ''})`,
        };
      const state: SessionState | null = info.state;
      if (!state || state.kind === 'exited') return { kind: 'failed', reason: 'session exited' };
      if (state.kind === 'error')
        return state.retrying ? { kind: 'working' } : { kind: 'failed', reason: `API error: ${state.message}` };
      if (state.kind !== 'idle' || info.queueLength > 0) return { kind: 'working' };
      if (state.lastTurn?.outcome === 'api_error')
        return { kind: 'failed', reason: `API error: ${state.lastTurn.message ?? 'the turn ended with an API error'}` };
      if (state.lastTurn?.outcome === 'interrupted') return { kind: 'failed', reason: 'the turn was interrupted' };
      const page = await m.transcript(id, {
        kinds: ['user_prompt', 'assistant_text', 'turn_end', 'api_error'],
        limit: 200,
      });
      const why = undelivered.get(id);
      if (why && !page.entries.some(startsTurn))
        return { kind: 'failed', reason: `the prompt was not delivered: ${why}` };
      return turnOutcome(page.entries);
    },

    async find(name) {
      return (await m.list()).find((s) => s.name === name && s.endedAt === null)?.id ?? null;
    },

    async workDirOf(id) {
      return (await m.get(id)).workDir;
    },

    // an isolated stage's work is committed on its branch, so later stages can start from it or merge it
    async landWorktree(id, { stage, mergeInto }) {
      await m.worktrees.commit(id, `aegis: stage ${stage}`);
      const diff = await m.worktrees.diff(id, { stat: true });
      if (mergeInto)
        await m.worktrees.merge(id, {
          into: mergeInto,
          strategy: 'merge',
          message: `Merge stage ${stage} (${diff.branch}) into ${mergeInto}`,
        });
      return { path: (await m.get(id)).workDir, branch: diff.branch, diffStat: diff.summary };
    },

    async stop(id, { keep }) {
      undelivered.delete(id);
      if (keep) await m.interrupt(id).catch(() => undefined);
      else await m.kill(id);
    },
  };
}

/** Pipelines whose stages are these sessions, with the manager's options and event log. */
export function sessionPipelines(sessions: Sessions, o: ResolvedOptions, events: Pick<EventLog, 'emit'>): Pipelines {
  return new Pipelines({
    driver: sessionDriver(sessions),
    check: doneChecker({ fs: o.fs, runner: o.commandRunner, env: o.env }),
    store: o.storage?.pipelines ?? null,
    fs: o.fs,
    clock: o.clock,
    ids: o.ids,
    emit: (e) => events.emit(e),
    options: o.pipelines,
    workDirRoots: o.workDirRoots,
  });
}

/** The outcome of the newest turn in transcript entries (oldest first). */

export function turnOutcome(entries: readonly TranscriptEntry[]): Observation {
  let start = -1;
  entries.forEach((e, i) => {
    if (startsTurn(e)) start = i;
  });
  if (start < 0) return { kind: 'working' };
  const turn = entries.slice(start + 1);
  const endAt = turn.findLastIndex((e) => e.kind === 'turn_end');
  if (endAt < 0) return { kind: 'working' };
  const before = turn.slice(0, endAt);
  const error = before.findLast((e) => e.kind === 'api_error');
  const answer = before.findLast((e) => e.kind === 'assistant_text');
  if (error && (!answer || before.indexOf(error) > before.indexOf(answer)))
    return { kind: 'failed', reason: 'API error: the turn ended with an API error' };
  const text = answer && 'text' in answer ? answer.text : '';
  return { kind: 'turn_ended', lastMessage: text.length > LAST_MESSAGE_LIMIT ? text.slice(-LAST_MESSAGE_LIMIT) : text };
}
