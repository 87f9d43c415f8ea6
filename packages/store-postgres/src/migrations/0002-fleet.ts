// Nodes and their heartbeats; one global, gap-free event order across nodes (`seq`) with a wake-up on insert.
// `seq` comes from a one-row counter updated in the inserting transaction: its row lock makes commits happen in
// `seq` order, so a reader that sees seq N has seen every seq below it (a sequence would leave gaps and could
// commit out of order, and a replay from `Last-Event-ID` would then miss events).
export const fleet = `
create table aegis_nodes (
  id text primary key,
  url text not null,
  labels jsonb not null default '[]',
  sessions integer not null default 0,
  load real not null default 0,
  version text not null default '',
  started_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now()
);

alter table aegis_events drop constraint aegis_events_pkey;
alter table aegis_events add column node text not null default '';
alter table aegis_events add column seq bigint;
update aegis_events set seq = id;
alter table aegis_events alter column seq set not null;
alter table aegis_events add primary key (seq);
create index aegis_events_node on aegis_events (node, id);

create table aegis_event_seq (last bigint not null);
insert into aegis_event_seq select coalesce(max(seq), 0) from aegis_events;

create function aegis_events_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('aegis_events', '');
  return null;
end $$;
create trigger aegis_events_notify after insert on aegis_events
  for each statement execute function aegis_events_notify();
`;
