// The fleet's leader loop on a real PostgreSQL: a scheduler whose lock connection is killed stops scheduling at once
// and, with nobody else in the way, takes the lock back on a fresh connection at its next try.
import { openPostgresStorage, type PostgresStorage } from '@aegis/store-postgres';
import { startPostgres, type TestPostgres } from '@aegis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFleet, type RunningFleet } from './pg-fleet.js';

let pg: TestPostgres;
let storage: PostgresStorage;
let fleet: RunningFleet;
const log: string[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  storage = await openPostgresStorage({ url: pg.url, node: 'solo' });
  fleet = await startPgFleet({
    storage,
    config: { nodeLabels: [], heartbeatMs: 60_000, clusterSecret: undefined },
    version: 'test',
    onLead: async () => void log.push('lead'),
    onLostLead: async () => {
      log.push('lost');
      await new Promise((r) => setTimeout(r, 200)); // the scheduler stopping: leading again waits for it
      log.push('stopped');
    },
  });
  await fleet.join('http://127.0.0.1:1');
});
afterAll(async () => {
  await fleet?.stop();
  await storage?.close();
  await pg?.stop();
});

describe('the leader loop', () => {
  it('loses the lead when its lock connection is killed, and wins it back once the scheduler has stopped', async () => {
    expect(fleet.leading).toBe(true);
    expect(log).toEqual(['lead']);
    await storage.query(
      `select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and granted and ((classid::bigint << 32) | objid::bigint) = $1`,
      [0x4145_4749_5350],
    );
    await expect.poll(() => log.slice(0, 2)).toEqual(['lead', 'lost']);
    expect(fleet.leading).toBe(false);
    await expect.poll(() => log, { timeout: 10_000 }).toEqual(['lead', 'lost', 'stopped', 'lead']);
    expect(fleet.leading).toBe(true);
    expect((await fleet.leader())?.id).toBe('solo');
  });
});
