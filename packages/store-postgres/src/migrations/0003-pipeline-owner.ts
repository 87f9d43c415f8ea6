// The node that last ran each pipeline (the fleet's scheduler; see 0005).
export const pipelineOwner = `
alter table aegis_pipelines add column node text not null default '';
create index aegis_pipelines_node on aegis_pipelines (node);
`;
