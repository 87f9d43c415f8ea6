import type { SessionService } from '../service.js';

/** Does this node run the session (its manager knows it)? Another node's, or nobody's, otherwise. */
export function holdsSession(manager: Pick<SessionService, 'get'>, id: string): boolean {
  try {
    manager.get(id);
    return true;
  } catch {
    return false;
  }
}
