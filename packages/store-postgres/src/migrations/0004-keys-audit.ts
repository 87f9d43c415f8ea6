// API keys (hashes only) and the audit trail, shared by the fleet: a key made on one node works on every node, and
// every node's mutating calls land in one trail.
export const keysAudit = `
create table aegis_keys (
  id text primary key,
  name text not null unique,
  role text not null,
  hash text not null unique,
  prefix text not null,
  created_at bigint not null,
  last_used_at bigint
);

create table aegis_audit (
  seq bigserial primary key,
  at bigint not null,
  key text not null,
  session_id text,
  route text not null,
  entry jsonb not null
);
create index aegis_audit_at on aegis_audit (at);
`;
