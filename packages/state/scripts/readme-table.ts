// Regenerates the state × version × fixture table in README.md from testdata/expected/<version>.json.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expectation } from '../src/testing/golden-walk.js';
import { STATE_KINDS } from '../src/types.js';

const dir = join(import.meta.dirname, '../testdata/expected');
const versions = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const byVersion = new Map(
  versions.map((v) => [v, JSON.parse(readFileSync(join(dir, `${v}.json`), 'utf8')) as Record<string, Expectation>]),
);

const rows: string[] = [`| state | ${versions.join(' | ')} |`, `|---|${versions.map(() => '---').join('|')}|`];
for (const state of STATE_KINDS) {
  const cells = versions.map((v) => {
    const files = Object.entries(byVersion.get(v) ?? {})
      .filter(([f, e]) => e.state === state && !f.endsWith('.ansi.txt'))
      .map(([f]) => `\`${f.replace(/\.txt$/, '')}\``);
    return files.length ? `${files.length}: ${files.join(', ')}` : '–';
  });
  rows.push(`| \`${state}\` | ${cells.join(' | ')} |`);
}
const table = `${rows.join('\n')}\n\nEach fixture is checked twice (\`.txt\` and \`.ansi.txt\`); the table lists the plain names.`;
const readme = join(import.meta.dirname, '../README.md');
const start = '<!-- golden-table:start -->';
const end = '<!-- golden-table:end -->';
if (existsSync(readme)) {
  const text = readFileSync(readme, 'utf8');
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) writeFileSync(readme, `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`);
}
console.log(table);
