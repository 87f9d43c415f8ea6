import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS } from '@aegis/testkit';
import { expectedFile, fixtureRoots, screenFixtures, summarize, type Expectation } from './testing/golden-walk.js';
import { classifyScreen } from './screen/classify.js';
import { PATTERN_TABLES } from './screen/patterns.js';

// Every captured screen of every pinned version has an expectation; a new capture without one fails.
// Propose expectations for new captures with `pnpm --filter @aegis/state exec tsx scripts/expectations.ts`.

const roots = fixtureRoots();

it('finds the fixtures of every pinned version', () => {
  expect(roots.map((r) => r.version)).toEqual(expect.arrayContaining([...CLAUDE_VERSIONS]));
});

for (const { version, root } of roots) {
  describe(`Claude Code ${version} screens`, () => {
    const file = expectedFile(version);
    const expected: Record<string, Expectation> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    const fixtures = screenFixtures(root);

    it('has screen fixtures, each with an expectation, and no stale expectations', () => {
      expect(fixtures.length).toBeGreaterThan(0);
      expect(
        fixtures.filter((f) => !expected[f]),
        `fixtures without an expectation in ${file}`,
      ).toEqual([]);
      expect(
        Object.keys(expected).filter((f) => !fixtures.includes(f)),
        'expectations without a fixture',
      ).toEqual([]);
    });

    it.each(fixtures.filter((f) => expected[f]))('%s', (f) => {
      const reading = classifyScreen(readFileSync(join(root, f), 'utf8'), { version });
      expect(summarize(reading)).toEqual(expected[f]);
    });

    it('reads the plain and the escaped capture alike (escapes only add colour facts)', () => {
      for (const f of fixtures.filter((x) => x.endsWith('.ansi.txt'))) {
        const plain = f.replace(/\.ansi\.txt$/, '.txt');
        const a = expected[f];
        const p = expected[plain];
        if (!a || !p) continue;
        // two captures a few ms apart: a streaming spinner may have counted on in between
        const { stallHint: _s, questions: qa, spinnerTokens: _ta, ...restA } = a;
        const { questions: qp, spinnerTokens: _tp, ...restP } = p;
        expect(restA, f).toEqual(restP);
        expect(
          qa?.map((q) => q.split('|').slice(1).join('|')),
          f,
        ).toEqual(qp?.map((q) => q.split('|').slice(1).join('|')));
      }
    });
  });
}

describe('pattern tables', () => {
  it('back every pattern group with fixtures that exist', () => {
    for (const t of PATTERN_TABLES) {
      const root = roots.find((r) => r.version === t.version)?.root;
      if (!root) continue;
      for (const [group, files] of Object.entries(t.fixtures)) {
        expect(files.length, `${t.version} ${group}`).toBeGreaterThan(0);
        for (const f of files) {
          const m = /^(\d+\.\d+\.\d+):(.*)$/.exec(f); // `<older version>:<file>`: group not re-captured
          const r = m ? roots.find((x) => x.version === m[1])?.root : root;
          expect(r, `${t.version} ${group}: ${f}`).toBeDefined();
          expect(existsSync(join(r ?? '', m ? (m[2] ?? '') : f)), `${t.version} ${group}: ${f}`).toBe(true);
        }
      }
    }
  });
});
