// Regenerates the README's config table from the zod schema (`pnpm docs:config`); `--check` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { configMarkdown } from '../src/config.js';

const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} block`);
const next = `${readme.slice(0, a + START.length)}\n${configMarkdown()}\n${readme.slice(b)}`;
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md config table is stale: run pnpm --filter @aegis/server docs:config');
    process.exit(1);
  }
} else writeFileSync(path, next);
