import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { postgresBinDir, startPostgres } from './postgres.js';

const run = promisify(execFile);

it(
  'starts a real PostgreSQL on loopback, survives a pause, and removes it all on stop',
  { timeout: 60_000 },
  async () => {
    const pg = await startPostgres();
    const psql = (sql: string) => run(`${postgresBinDir()}/psql`, [pg.url, '-XAtc', sql]).then((r) => r.stdout.trim());
    try {
      expect(pg.url).toMatch(/^postgres:\/\/aegis@127\.0\.0\.1:\d+\/aegis$/);
      await psql('create table t (v int); insert into t values (42)');
      await pg.pause();
      await expect(psql('select 1')).rejects.toThrow();
      await pg.start();
      expect(await psql('select v from t')).toBe('42');
    } finally {
      await pg.stop();
    }
  },
);
