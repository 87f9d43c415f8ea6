import type { components, paths } from './generated/openapi.js';

/** The wire types, named (all generated from the server's OpenAPI document). */
type Schemas = components['schemas'];
export type Session = Schemas['Session'];
export type SessionDetail = Schemas['SessionDetail'];
export type SessionStatus = Session['status'];
export type CreatedSession = Schemas['CreatedSession'];
export type PromptDelivery = Schemas['PromptDelivery'];
export type SendResult = Schemas['SendResult'];
export type SendReceipt = Schemas['SendReceipt'];
export type AnswerResult = Schemas['AnswerResult'];
export type Pipeline = Schemas['Pipeline'];
export type PipelineSpec = Schemas['PipelineSpec'];
export type AegisEvent = Schemas['Event'];
export type AegisEventType = AegisEvent['type'];
export type EventStreamState = Schemas['EventStreamState'];
export type ErrorBody = Schemas['Error'];

type Json<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;
type Query<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

export type CreateSessionBody = Body<'/v1/sessions', 'post'>;
export type BatchBody = Body<'/v1/sessions/batch', 'post'>;
export type BatchResult = Json<'/v1/sessions/batch', 'post', 201>;
export type SessionList = Json<'/v1/sessions', 'get'>;
export type ListQuery = Query<'/v1/sessions', 'get'>;
export type SendBody = Body<'/v1/sessions/{id}/send', 'post'>;
export type ApproveBody = NonNullable<Body<'/v1/sessions/{id}/approve', 'post'>>;
export type RejectBody = NonNullable<Body<'/v1/sessions/{id}/reject', 'post'>>;
export type AnswerBody = Body<'/v1/sessions/{id}/answer', 'post'>;
export type KeysBody = Body<'/v1/sessions/{id}/keys', 'post'>;
export type ReadQuery = Query<'/v1/sessions/{id}/read', 'get'>;
export type TranscriptPage = Json<'/v1/sessions/{id}/read', 'get'>;
export type TranscriptEntry = TranscriptPage['entries'][number];
export type TranscriptSummary = Json<'/v1/sessions/{id}/summary', 'get'>;
export type Pane = Json<'/v1/sessions/{id}/pane', 'get'>;
export type SessionHealth = Json<'/v1/sessions/{id}/health', 'get'>;
export type ServerHealth = Json<'/v1/health', 'get'>;
export type NodeList = Json<'/v1/nodes', 'get'>;
export type ForgottenNode = Json<'/v1/nodes/{node}', 'delete'>;
export type PipelineList = Json<'/v1/pipelines', 'get'>;
export type PipelineListQuery = Query<'/v1/pipelines', 'get'>;
export type CancelPipelineBody = NonNullable<Body<'/v1/pipelines/{id}/cancel', 'post'>>;
export type KillQuery = Query<'/v1/sessions/{id}', 'delete'>;
export type DiffQuery = Query<'/v1/sessions/{id}/diff', 'get'>;
export type WorktreeDiff = Json<'/v1/sessions/{id}/diff', 'get'>;
export type CommitBody = Body<'/v1/sessions/{id}/commit', 'post'>;
export type CommitResult = Json<'/v1/sessions/{id}/commit', 'post'>;
export type MergeBody = NonNullable<Body<'/v1/sessions/{id}/merge', 'post'>>;
export type MergeResult = Json<'/v1/sessions/{id}/merge', 'post'>;
export type PruneBody = NonNullable<Body<'/v1/worktrees/prune', 'post'>>;
export type PruneResult = Json<'/v1/worktrees/prune', 'post'>;
export type NewKeyBody = Body<'/v1/keys', 'post'>;
export type NewKey = Json<'/v1/keys', 'post', 201>;
export type KeyList = Json<'/v1/keys', 'get'>;
export type ApiKey = Json<'/v1/keys/{id}', 'delete'>;
export type AuditQuery = Query<'/v1/audit', 'get'>;
export type AuditPage = Json<'/v1/audit', 'get'>;
export type CommandBody = Body<'/v1/sessions/{id}/command', 'post'>;
export type BashBody = Body<'/v1/sessions/{id}/bash', 'post'>;
export type BoxCommandResult = Json<'/v1/sessions/{id}/command', 'post'>;
