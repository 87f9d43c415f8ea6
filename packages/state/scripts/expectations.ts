// Prints (or with --write, writes) golden expectations for fixtures that have none yet. Review every
// proposed line against the screen before committing: an expectation is a claim about the CLI, not a snapshot.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyScreen } from '../src/screen/classify.js';
import { expectedFile, fixtureRoots, screenFixtures, summarize, type Expectation } from '../src/testing/golden-walk.js';

const write = process.argv.includes('--write');
for (const { version, root } of fixtureRoots()) {
  const file = expectedFile(version);
  const known: Record<string, Expectation> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let added = 0;
  for (const f of screenFixtures(root)) {
    if (known[f]) continue;
    known[f] = summarize(classifyScreen(readFileSync(join(root, f), 'utf8'), { version }));
    console.log(version, f, JSON.stringify(known[f]));
    added++;
  }
  if (write && added) writeFileSync(file, `${JSON.stringify(known, null, 1)}\n`);
  console.log(`${version}: ${added} new expectation(s)${write ? ' written' : ' (dry run; --write to save)'}`);
}
