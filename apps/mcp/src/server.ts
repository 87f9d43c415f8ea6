import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Backend } from './backend.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerActionTools } from './tools/actions.js';
import { registerCommandTools } from './tools/commands.js';
import { registerMiscTools } from './tools/misc.js';
import { registerPipelineTools } from './tools/pipelines.js';
import { registerWorktreeTools } from './tools/worktrees.js';
import { registerReadTools } from './tools/reads.js';
import { registerSessionTools } from './tools/sessions.js';
import { registerWaitTools } from './tools/waits.js';
import { VERSION } from './version.js';

export interface AegisMcpServer {
  server: McpServer;
  /** Stops the resource notifications and closes the MCP server (the backend stays open: the caller owns it). */
  close(): Promise<void>;
}

/** The MCP server over a backend: 24 tools, 4 resources, 3 prompts. Connect it to any transport. */
export function createAegisMcpServer(backend: Backend): AegisMcpServer {
  const server = new McpServer(
    { name: 'aegis', title: 'Aegis', version: VERSION },
    {
      instructions:
        'Aegis runs Claude Code sessions in tmux. create_session starts one (with an optional prompt); wait_for_state blocks until it is idle or a prompt waits for an answer; approve_permission / reject_permission / answer_question answer it; get_transcript reads what happened (non-consuming, cursor-paged); kill_session ends it.',
    },
  );
  registerSessionTools(server, backend);
  registerActionTools(server, backend);
  registerCommandTools(server, backend);
  registerReadTools(server, backend);
  registerWaitTools(server, backend);
  registerPipelineTools(server, backend);
  registerWorktreeTools(server, backend);
  registerMiscTools(server, backend, VERSION);
  const stopNotifications = registerResources(server, backend);
  registerPrompts(server, backend);
  return {
    server,
    close: async () => {
      stopNotifications();
      await server.close();
    },
  };
}
