import { BashSchema, CommandSchema } from '@aegis/core';
import type { Backend } from '../backend.js';
import { sessionId } from './common.js';
import { guard, ok, type Server } from './result.js';

/** `send_command` (slash commands) and `send_bash` (Claude Code's shell mode): commands, never messages. */
export function registerCommandTools(server: Server, backend: Backend): void {
  server.registerTool(
    'send_command',
    {
      title: 'Run a slash command',
      description:
        'Runs a Claude Code slash command (e.g. "/compact", "/clear") in an idle session and returns the screen it left. A screen it opens (e.g. /help) is a dialog: escape_session closes it.',
      inputSchema: CommandSchema.extend({ sessionId }),
    },
    ({ sessionId: id, ...input }) =>
      guard(async () => {
        const r = await backend.command(id, input);
        return ok({ ...r }, `Ran ${input.command}; the session is ${r.status}.\n${r.screen}`);
      }),
  );

  server.registerTool(
    'send_bash',
    {
      title: "Run a command in Claude Code's shell mode",
      description:
        'Runs a shell command through Claude Code\'s shell mode ("!"): it runs WITHOUT a permission prompt and its output joins the conversation. Off unless the operator allowed shell mode (AEGIS_ALLOW_SHELL_MODE / allowShellMode).',
      inputSchema: BashSchema.extend({ sessionId }),
    },
    ({ sessionId: id, ...input }) =>
      guard(async () => {
        const r = await backend.bash(id, input);
        return ok({ ...r }, `Ran ! ${input.command}; the session is ${r.status}.\n${r.screen}`);
      }),
  );
}
