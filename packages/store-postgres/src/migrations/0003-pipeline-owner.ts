// Each pipeline is run by the node it was created on (one scheduler per pipeline, never two nodes running the same
// stages); rows from before are claimed by the first node that loads them.
export const pipelineOwner = `
alter table aegis_pipelines add column node text not null default '';
create index aegis_pipelines_node on aegis_pipelines (node);
`;
