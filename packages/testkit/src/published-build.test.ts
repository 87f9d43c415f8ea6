import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, reachableFiles, workspacePackages } from './import-graph.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** The tsup entries of a package, but a test suite published on purpose from `src/testing/` (`@aegis/core/testing`). */
function productionEntries(pkg: string): string[] {
  const config = join(root, pkg, 'tsup.config.ts');
  if (!existsSync(config)) return [];
  const list = /entry:\s*\[([^\]]*)\]/.exec(readFileSync(config, 'utf8'))?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)]
    .map((m) => m[1]!)
    .filter((e) => !e.startsWith('src/testing/'))
    .map((e) => join(root, pkg, e));
}

const built = workspacePackages(root).filter((pkg) => productionEntries(pkg).length > 0);

// Test and bench helpers live in src/testing/ and are never reached from a build entry, so no published build holds
// them (tsup bundles what its entries import).
describe('published builds', () => {
  it('finds the built packages', () => {
    expect(built).toEqual(expect.arrayContaining(['packages/core', 'apps/server', 'apps/cli', 'apps/mcp']));
  });

  it.each(built)('%s: its entries reach no test helper and no test', (pkg) => {
    const dir = join(root, pkg);
    const reached = [...reachableFiles(importGraph(dir), productionEntries(pkg))].map((f) => relative(dir, f));
    expect(reached.filter((f) => f.includes('/testing/') || /\.test\.tsx?$/.test(f))).toEqual([]);
  });
});
