import { AegisApiError, AegisClient, type paths, type Session } from '@aegis/client';

/**
 * The server, through @aegis/client (same origin, no token: the browser's fetch sends the HttpOnly key cookie on
 * same-origin requests by default, so the key never reaches a script or a URL).
 */
export const client = new AegisClient({ url: globalThis.location?.origin ?? '' });

export type Role = paths['/v1/whoami']['get']['responses'][200]['content']['application/json']['role'];
export type {
  KeysBody,
  MergeBody,
  Pipeline,
  PipelineSpec,
  Session,
  TranscriptEntry as Entry,
  WorktreeDiff,
} from '@aegis/client';
export type MenuOption = NonNullable<Session['pendingPrompt']>['options'][number];
export type Question = NonNullable<NonNullable<Session['state']>['questions']>[number];
export { AegisApiError };

/** The failure as a person reads it: the server's message and code. */
export const describeError = (e: unknown): string =>
  e instanceof AegisApiError ? `${e.message} (${e.code})` : String(e);

/** Routes without a client method (the dashboard's sign-in), on the client's typed openapi-fetch. */
async function unwrap<D>(r: { data?: D; error?: unknown; response: Response }): Promise<D> {
  if (!r.response.ok) throw AegisApiError.fromBody(r.response.status, r.error, r.response.statusText);
  return r.data as D;
}
export const auth = {
  whoami: () => client.api.GET('/v1/whoami').then(unwrap),
  signIn: (key: string) =>
    client.api.POST('/v1/session-cookie', { headers: { authorization: `Bearer ${key}` } }).then(unwrap),
  signOut: () => client.api.DELETE('/v1/session-cookie').then(unwrap),
};
