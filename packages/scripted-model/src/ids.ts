import { randomBytes } from 'node:crypto';

/**
 * Random ids, unique across server restarts: Claude Code drops or merges assistant content whose
 * message id or tool_use id it has already seen.
 */
export function newId(prefix: 'msg_' | 'toolu_' | 'req_'): string {
  return prefix + randomBytes(12).toString('hex');
}
