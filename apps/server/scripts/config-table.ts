// Regenerates the config tables of this README and the root README from the zod schema (`pnpm docs:config`);
// `--check` fails when one is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { configMarkdown } from '../src/config-docs.js';

const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

let stale = false;
for (const path of [new URL('../README.md', import.meta.url), new URL('../../../README.md', import.meta.url)]) {
  const readme = readFileSync(path, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path.pathname} has no ${START} … ${END} block`);
  const next = `${readme.slice(0, a + START.length)}\n${configMarkdown()}\n${readme.slice(b)}`;
  if (next === readme) continue;
  if (process.argv.includes('--check')) {
    console.error(`${path.pathname}: the config table is stale: run pnpm --filter @aegis/server docs:config`);
    stale = true;
  } else writeFileSync(path, next);
}
if (stale) process.exit(1);
