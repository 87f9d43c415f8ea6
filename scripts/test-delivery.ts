/**
 * The delivery property test on the real CLI with more texts: `pnpm test:delivery --runs 1000 [--seed N]
 * [--versions 2.1.197,2.1.332]`. Same test as CI (apps/server/src/delivery/delivery.e2e.test.ts), more texts.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' }, versions: { type: 'string' } },
});
const env = {
  ...process.env,
  AEGIS_DELIVERY_RUNS: values.runs,
  ...(values.seed ? { AEGIS_DELIVERY_SEED: values.seed } : {}),
  ...(values.versions ? { AEGIS_CLAUDE_VERSIONS: values.versions } : {}),
};
const r = spawnSync(
  'pnpm',
  ['--filter', '@aegis/server', 'exec', 'vitest', 'run', 'src/delivery/delivery.e2e.test.ts'],
  { stdio: 'inherit', env },
);
process.exit(r.status ?? 1);
