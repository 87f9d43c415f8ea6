import type { DeliveryResult } from '../delivery.js';
import type { CreateResult } from '../create.js';
import type { CreateSessionInput } from '../schemas.js';
import type { SessionInfo } from '../session-info.js';
import type { PageQuery, Page } from '@aegis/transcript';
import type { SessionWorktrees } from '../worktree/service.js';

/** What the driver needs of the sessions (the manager has it; a fleet's are on several nodes, so reads may wait). */
export interface Sessions {
  create(input: CreateSessionInput): Promise<CreateResult>;
  get(id: string): SessionInfo | Promise<SessionInfo>;
  list(): SessionInfo[] | Promise<SessionInfo[]>;
  transcript(id: string, query: PageQuery): Promise<Page>;
  interrupt(id: string): Promise<unknown>;
  kill(id: string): Promise<void>;
  waitForDelivery(id: string, messageId: string): Promise<DeliveryResult>;
  readonly worktrees: SessionWorktrees;
}
