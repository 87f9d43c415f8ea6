import { z } from 'zod';

/** Every tool that acts on one session takes its Aegis id. */
export const sessionId = z.string().min(1).max(200).describe('Aegis session id (from list_sessions or create_session)');
export const SessionIdInput = z.object({ sessionId });
