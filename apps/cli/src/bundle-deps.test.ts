// The CLI bundles the workspace packages (tsup `noExternal: @aegis/*`) but not what they import: every third-party
// package they need at run time must be the CLI's own dependency, or tsup inlines it by accident and the bin breaks
// at start (`Dynamic require of "util"`, as prom-client did). The dashboard (@aegis/web) ships as built files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
type Manifest = { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const read = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
const DIRS: Record<string, string> = {};
for (const group of ['packages', 'apps'])
  for (const name of [
    'tmux',
    'transcript',
    'state',
    'core',
    'channels',
    'url-policy',
    'browser',
    'client',
    'store-postgres',
    'scripted-model',
    'server',
    'mcp',
  ])
    try {
      DIRS[read(`${group}/${name}`).name] = `${group}/${name}`;
    } catch {
      /* not in this group */
    }

describe('the bundle', () => {
  it("has every third-party runtime dependency of the workspace packages it bundles in the CLI's dependencies", () => {
    const cli = read('apps/cli');
    const seen = new Set<string>();
    const needed = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name) || !DIRS[name]) return;
      seen.add(name);
      for (const [dep, version] of Object.entries(read(DIRS[name]).dependencies ?? {})) {
        if (version.startsWith('workspace:')) visit(dep);
        else needed.add(dep);
      }
    };
    for (const dep of Object.keys({ ...cli.dependencies, ...cli.devDependencies }))
      if (dep.startsWith('@aegis/')) visit(dep);
    const missing = [...needed].filter((d) => !(d in (cli.dependencies ?? {}))).sort();
    expect(missing).toEqual([]);
  });
});
