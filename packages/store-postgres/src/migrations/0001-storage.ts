// Sessions (owned by a node), the event log, message queues and pipelines: what core's storage interfaces keep.
export const storage = `
create table aegis_sessions (
  id text primary key,
  node text not null,
  record jsonb not null,
  updated_at timestamptz not null default now()
);
create index aegis_sessions_node on aegis_sessions (node);

create table aegis_node_state (
  node text primary key,
  hook_port integer
);

create table aegis_events (
  id bigint primary key,
  session_id text,
  at bigint not null,
  type text not null,
  event jsonb not null
);
create index aegis_events_session on aegis_events (session_id, id);

create table aegis_queues (
  session_id text primary key,
  messages jsonb not null
);

create table aegis_pipelines (
  id text primary key,
  info jsonb not null,
  updated_at timestamptz not null default now()
);
`;
