import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, workspacePackages } from './import-graph.js';

const root = join(import.meta.dirname, '..', '..', '..');
const packages = workspacePackages(root);

// Files that import each other cannot be read, tested or moved one at a time: no package may have a cycle.
describe('import cycles', () => {
  it('finds every package', () => {
    expect(packages).toEqual(expect.arrayContaining(['packages/core', 'packages/state', 'apps/server']));
  });

  it.each(packages)('%s has none', (pkg) => {
    expect(importCycles(join(root, pkg))).toEqual([]);
  });

  it('sees a cycle when there is one', () => {
    expect(importCycles(join(import.meta.dirname, '..', 'testdata', 'import-cycle'))).toEqual([
      ['a.ts', 'b.ts', 'a.ts'],
    ]);
  });
});
