import { z } from 'zod';
import { KEY_NAMES } from '@aegis/tmux';

export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'] as const;
export const PermissionModeSchema = z.enum(PERMISSION_MODES);

/**
 * Environment variables a caller may never set for a session: they change what code runs or where it comes from.
 * Exact names, plus every name with one of {@link ENV_DENY_PREFIXES}.
 */
export const ENV_DENYLIST = [
  'PATH',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'DYLD_INSERT_LIBRARIES',
  'DYLD_LIBRARY_PATH',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'BASH_ENV',
  'ENV',
  'SHELL',
  'SHELLOPTS',
  'PS4',
  'IFS',
  'PROMPT_COMMAND',
  'HOME',
  'TMUX',
  'TMUX_PANE',
  'CLAUDE_CONFIG_DIR',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PERL5OPT',
  'RUBYOPT',
  'GIT_SSH_COMMAND',
] as const;
export const ENV_DENY_PREFIXES = ['LD_', 'DYLD_', 'BASH_FUNC_', 'AEGIS_'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why an env key is refused, or null when it is allowed. */
export function envKeyDenied(key: string): string | null {
  if (!ENV_NAME.test(key)) return 'not a valid variable name';
  const upper = key.toUpperCase();
  if ((ENV_DENYLIST as readonly string[]).includes(upper)) return 'on the denylist';
  if (ENV_DENY_PREFIXES.some((p) => upper.startsWith(p))) return 'has a denied prefix';
  return null;
}

const EnvSchema = z.record(
  z.string(),
  z.string().refine((v) => !v.includes('\0'), 'must not contain NUL'),
);

export const CreateSessionSchema = z.object({
  /** Existing folder; used by its realpath. */
  workDir: z.string().min(1),
  /** Display name (window name); letters, digits, `-`, `_`, `.`. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  /** First message, delivered once the session is really idle. */
  prompt: z.string().min(1).max(200_000).optional(),
  permissionMode: PermissionModeSchema.optional(),
  model: z
    .string()
    .regex(/^[A-Za-z0-9._:[\]-]{1,100}$/)
    .optional(),
  env: EnvSchema.optional(),
  /** Resume this Claude Code session (`--resume`). */
  resumeSessionId: z.uuid().optional(),
  stallThresholdMs: z
    .number()
    .int()
    .min(1000)
    .max(24 * 3600_000)
    .optional(),
  /** Owner tag (reuse only picks sessions of the same owner). */
  owner: z.string().max(200).optional(),
  /** Reuse an idle session in the same workDir. Default true. */
  reuse: z.boolean().optional(),
  // worktree isolation (see worktree/): the session gets its own git worktree and branch
  /** `worktree`: a new git worktree on a new branch for this session (workDir must be in a git repository). Never reused. */
  isolation: z.enum(['none', 'worktree']).optional(),
  /** With isolation: the new branch (default `aegis/<session name>`); must not exist. */
  branch: z.string().min(1).max(200).optional(),
  /** With isolation: what the branch starts from (default: the branch checked out in the repository). */
  baseRef: z.string().min(1).max(200).optional(),
  /** With isolation: branches merged into the new branch before Claude starts (a conflict refuses the create). */
  mergeFrom: z.array(z.string().min(1).max(200)).max(20).optional(),
});
export type CreateSessionInput = z.input<typeof CreateSessionSchema>;

export const SendSchema = z.object({
  text: z.string().min(1).max(200_000),
  /** Wait until the message is delivered (also when it was queued). Default false. */
  wait: z.boolean().optional(),
});
export type SendInput = z.input<typeof SendSchema>;

export const AnswerSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), always: z.boolean().optional(), promptId: z.string().optional() }),
  z.object({ action: z.literal('reject'), message: z.string().max(2000).optional(), promptId: z.string().optional() }),
  z.object({
    action: z.literal('answer'),
    /** Option ids (several for a multi-select question), one list per question. */
    options: z.array(z.array(z.string()).min(1)).optional(),
    /** Free text (the "Type something" row), one per question. */
    text: z.array(z.string().max(5000)).optional(),
    promptId: z.string().optional(),
  }),
  z.object({ action: z.literal('interrupt') }),
  z.object({ action: z.literal('escape') }),
  z.object({
    action: z.literal('keys'),
    keys: z
      .array(z.enum(KEY_NAMES as unknown as [string, ...string[]]))
      .min(1)
      .max(50),
  }),
]);
export type AnswerInput = z.input<typeof AnswerSchema>;
