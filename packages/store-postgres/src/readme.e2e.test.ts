import { fileURLToPath } from 'node:url';
import { runReadmeExampleAsUser, startPostgres } from '@aegis/testkit';
import { expect, it } from 'vitest';

it("the README's example runs as written: a real session's events land in PostgreSQL", async () => {
  const pg = await startPostgres();
  try {
    const run = await runReadmeExampleAsUser({
      packageDir: fileURLToPath(new URL('..', import.meta.url)),
      env: { AEGIS_DATABASE_URL: pg.url },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/session\.created.*message\.user.*message\.assistant.*session\.ended/);
  } finally {
    await pg.stop();
  }
}, 180_000);
