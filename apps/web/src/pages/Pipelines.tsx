import { useCallback, useEffect, useState } from 'preact/hooks';
import { AegisApiError, client, type Pipeline, type PipelineSpec, type Role } from '../api.js';
import { ago } from '../format.js';
import { useLiveEvents } from '../live.js';
import { Status } from './Sessions.js';

function usePipelines(id?: string): [Pipeline[], () => void] {
  const [list, setList] = useState<Pipeline[]>([]);
  const load = useCallback(() => {
    (id ? client.getPipeline(id).then((p) => [p]) : client.listPipelines().then((r) => r.pipelines))
      .then(setList)
      .catch(() => undefined);
  }, [id]);
  useEffect(load, [load]);
  useLiveEvents(useCallback((e) => e.type.startsWith('pipeline.') && load(), [load]));
  return [list, load];
}

/** Pipelines: the list, and a form that creates one from a JSON spec. */
export function Pipelines({ role }: { role: Role }) {
  const [list] = usePipelines();
  return (
    <main>
      <h1>Pipelines</h1>
      {list.length === 0 && <p class="muted">No pipelines yet.</p>}
      <ul class="pipelines">
        {list.map((p) => (
          <li key={p.id}>
            <a href={`/pipelines/${p.id}`}>{p.name}</a> <Status status={p.status} />{' '}
            <span class="muted">
              {p.stages.length} stages · {ago(p.createdAt)} ago
            </span>
          </li>
        ))}
      </ul>
      {role !== 'viewer' && <CreatePipeline />}
    </main>
  );
}

const EXAMPLE = JSON.stringify(
  {
    name: 'ship',
    workDir: '/path/to/project',
    stages: [
      { name: 'api', prompt: 'Implement the API' },
      { name: 'test', dependsOn: ['api'], prompt: 'Make the tests pass' },
    ],
  },
  null,
  2,
);

function CreatePipeline() {
  const [spec, setSpec] = useState(EXAMPLE);
  const [errors, setErrors] = useState<string[]>([]);
  const submit = async (e: Event) => {
    e.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(spec);
    } catch (err) {
      return setErrors([`Not JSON: ${(err as Error).message}`]);
    }
    try {
      const p = await client.createPipeline(body as PipelineSpec); // the server validates it
      location.assign(`/pipelines/${p.id}`);
    } catch (err) {
      setErrors(err instanceof AegisApiError ? err.message.split('; ') : [String(err)]);
    }
  };
  return (
    <form class="card" onSubmit={submit}>
      <h2>New pipeline</h2>
      <textarea
        class="spec"
        rows={12}
        aria-label="Pipeline spec (JSON)"
        value={spec}
        onInput={(e) => setSpec((e.target as HTMLTextAreaElement).value)}
      />
      {errors.length > 0 && (
        <ul class="error" role="alert">
          {errors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <button>Create</button>
    </form>
  );
}

/** One pipeline as a graph: stages in columns by depth, each with status, attempt and its session. */
export function PipelinePage({ id, role }: { id: string; role: Role }) {
  const [[p], load] = usePipelines(id);
  if (!p)
    return (
      <main>
        <p class="muted">Loading pipeline…</p>
      </main>
    );
  const deps = (name: string) => p.spec.stages.find((s) => s.name === name)?.dependsOn ?? [];
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen = new Set<string>()): number => {
    if (depth.has(name)) return depth.get(name)!;
    const d = seen.has(name) ? 0 : Math.max(-1, ...deps(name).map((n) => depthOf(n, new Set([...seen, name])))) + 1;
    depth.set(name, d);
    return d;
  };
  const columns: Pipeline['stages'][] = [];
  for (const s of p.stages) (columns[depthOf(s.name)] ??= []).push(s);
  const running = p.status === 'running';
  return (
    <main>
      <h1>
        {p.name} <Status status={p.status} />
      </h1>
      {running && role !== 'viewer' && (
        <button class="reject" onClick={() => client.cancelPipeline(p.id).then(load)}>
          Cancel pipeline
        </button>
      )}
      <div class="graph">
        {columns.map((col, i) => (
          <div class="column" key={i}>
            {col.map((s) => (
              <div class="stage card" key={s.name}>
                <strong>{s.name}</strong> <Status status={s.status} />
                <div class="muted">
                  attempt {s.attempt}
                  {deps(s.name).length ? ` · after ${deps(s.name).join(', ')}` : ''}
                </div>
                {s.sessionId && <a href={`/s/${s.sessionId}`}>session</a>}
                {s.reason && <div class="muted">{s.reason}</div>}
              </div>
            ))}
          </div>
        ))}
      </div>
    </main>
  );
}
