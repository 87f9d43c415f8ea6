import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PermissionMode } from '@aegis/state';
import { createTmuxDriver } from '@aegis/tmux';
import { defaultVersionProbe, type VersionProbe } from './binary.js';
import type { DeliveryOptions } from './delivery.js';
import { nodeFileSystem, randomIds, realClock, type Clock, type FileSystem, type IdGenerator } from './io.js';
import type { Terminal } from './terminal.js';
import { defaultStorage, type ResolvedStorage } from './storage/default-storage.js';
import type { Storage } from './storage/types.js';
import { nodeCommandRunner, type CommandRunner } from './command-runner.js';
import type { PipelinesOptions } from './pipelines/pipelines.js';
import type { RetentionOptions } from './retention.js';
import { Git } from './worktree/git.js';

export interface SessionManagerOptions {
  /** Where records, the event log and hook settings live. Null keeps everything in memory. Default `~/.aegis/state`. */
  stateDir?: string | null;
  /** Where sessions, events, queues and pipelines are kept. Default: files in `stateDir` (each store replaceable). */
  storage?: Partial<Storage>;
  /** Claude Code binary (path or name on PATH). Default `claude`. */
  claudePath?: string;
  /** Permission mode when a create does not name one. Default `default`. */
  defaultPermissionMode?: PermissionMode;
  /** tmux socket (stable, so sessions outlive this process). Default `aegis`. Ignored with `terminal`. */
  socketName?: string;
  /** Terminal driver. Default: `createTmuxDriver({ socketName })`. */
  terminal?: Terminal;
  /** Aegis's own environment; the part Claude Code needs is passed through. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Hook receiver port; default: the port of the previous run (re-adopted sessions' hooks point there), else ephemeral. */
  hookPort?: number;
  /** How long a PermissionRequest hook is held for an answer. Default 5 minutes. */
  permissionHoldMs?: number;
  /** Status-file poll period. Default 500 ms. */
  statusPollMs?: number;
  /** Transcript poll period (a folder watch pushes sooner). Default 2000 ms. */
  transcriptPollMs?: number;
  /** Stall threshold of sessions created without `stallThresholdMs`: working without progress this long is `stalled`. Default: @aegis/state's 5 minutes. */
  stallThresholdMs?: number;
  /** Window size of new sessions. Default 120×40. */
  width?: number;
  height?: number;
  delivery?: DeliveryOptions;
  /** Pipelines: stages running at once per pipeline (default 4), poll period (default 1000 ms). */
  pipelines?: PipelinesOptions;
  /** Folders every workDir (sessions, batches, pipeline stages) must lie in, after symlinks. Default: none (anywhere
   * but `/`, `/proc`, `/sys`, `/dev`, which are always refused). */
  workDirRoots?: readonly string[];
  /** How long events and ended sessions' records are kept (default 7 days, at most 250,000 events), pruned hourly. */
  retention?: RetentionOptions;
  /** Runs pipeline `doneWhen` commands. Default: spawn with an argument array, no shell. */
  commandRunner?: CommandRunner;
  /** Where worktrees of `isolation: "worktree"` sessions go (`<root>/<repo>/<session>`). Default `<stateDir>/worktrees`. */
  worktreeRoot?: string;
  /** git for worktrees. Default: the `git` on PATH, argument arrays only. */
  git?: Git;
  clock?: Clock;
  fs?: FileSystem;
  ids?: IdGenerator;
  versionProbe?: VersionProbe;
}

export type ResolvedOptions = Required<
  Omit<SessionManagerOptions, 'hookPort' | 'terminal' | 'socketName' | 'stateDir' | 'stallThresholdMs' | 'storage'>
> & {
  /** Null: memory only. Queues default to the session records (`recordQueueStore`). */
  storage: ResolvedStorage | null;
  stateDir: string | null;
  stallThresholdMs: number | null;
  hookPort: number | undefined;
  terminal: Terminal;
};

export function resolveOptions(o: SessionManagerOptions): ResolvedOptions {
  const stateDir = o.stateDir === undefined ? join(homedir(), '.aegis', 'state') : o.stateDir;
  const fs = o.fs ?? nodeFileSystem;
  return {
    stateDir,
    storage: defaultStorage(stateDir, fs, o.storage ?? {}),
    worktreeRoot: o.worktreeRoot ?? join(stateDir ?? join(tmpdir(), 'aegis'), 'worktrees'),
    git: o.git ?? new Git({ env: o.env ?? process.env }),
    claudePath: o.claudePath ?? 'claude',
    defaultPermissionMode: o.defaultPermissionMode ?? 'default',
    terminal: o.terminal ?? createTmuxDriver({ socketName: o.socketName ?? 'aegis' }),
    env: o.env ?? process.env,
    hookPort: o.hookPort,
    permissionHoldMs: o.permissionHoldMs ?? 5 * 60_000,
    statusPollMs: o.statusPollMs ?? 500,
    transcriptPollMs: o.transcriptPollMs ?? 2000,
    stallThresholdMs: o.stallThresholdMs ?? null,
    width: o.width ?? 120,
    height: o.height ?? 40,
    delivery: o.delivery ?? {},
    pipelines: o.pipelines ?? {},
    retention: o.retention ?? {},
    workDirRoots: o.workDirRoots ?? [],
    commandRunner: o.commandRunner ?? nodeCommandRunner,
    clock: o.clock ?? realClock,
    fs,
    ids: o.ids ?? randomIds,
    versionProbe: o.versionProbe ?? defaultVersionProbe,
  };
}
