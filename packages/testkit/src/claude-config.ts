import { createClaudeConfigDir as createConfigDir, type ClaudeConfigOptions } from '@aegis/scripted-model';
import { CLAUDE_VERSIONS } from './versions.js';

/** @aegis/scripted-model's `createClaudeConfigDir`, recording the newest pinned version unless told otherwise. */
export function createClaudeConfigDir(options: Partial<ClaudeConfigOptions> = {}): Promise<string> {
  return createConfigDir({ ...options, version: options.version ?? CLAUDE_VERSIONS.at(-1) ?? '' });
}
