// The fleet's API keys and audit trail on a real PostgreSQL pass the same contracts as the files.
import { openPostgresStorage, type PostgresStorage } from '@aegis/store-postgres';
import { startPostgres, type TestPostgres } from '@aegis/testkit';
import { afterAll, beforeAll } from 'vitest';
import { describeAuditLog } from './testing/audit-log.contract.js';
import { describeKeyStore } from './testing/key-store.contract.js';
import { PgAuditLog } from './pg-audit-log.js';
import { PgKeyStore } from './pg-key-store.js';

let pg: TestPostgres;
const opened: PostgresStorage[] = [];
let databases = 0;

beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await pg?.stop();
});

/** A fresh database; `open()` connects anew each time (a restart). */
async function place() {
  const admin = await openPostgresStorage({ url: pg.url, node: 'admin' });
  const name = `keys${++databases}`;
  await admin.query(`create database ${name}`);
  await admin.close();
  const url = pg.url.replace(/\/aegis$/, `/${name}`);
  return async () => {
    const s = await openPostgresStorage({ url, node: 'a' });
    opened.push(s);
    return s;
  };
}

describeKeyStore('PgKeyStore', async () => {
  const open = await place();
  return { store: new PgKeyStore(await open()), reopen: async () => new PgKeyStore(await open()) };
});

describeAuditLog('PgAuditLog', async () => {
  const open = await place();
  return { log: new PgAuditLog(await open()), reopen: async () => new PgAuditLog(await open()) };
});
