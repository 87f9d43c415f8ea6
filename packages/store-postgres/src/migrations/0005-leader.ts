// Which node schedules the fleet's pipelines now (the one holding the leader's advisory lock writes itself here).
export const leader = `
create table aegis_leader (
  id integer primary key check (id = 1),
  node text not null,
  since timestamptz not null default now()
);
`;
