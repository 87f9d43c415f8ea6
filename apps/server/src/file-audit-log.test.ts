import { appendFile, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAuditLog } from './testing/audit-log.contract.js';
import { FileAuditLog } from './file-audit-log.js';

const dir = () => mkdtemp(join(tmpdir(), 'aegis-audit-'));

describeAuditLog('FileAuditLog', async () => {
  const d = await dir();
  return { log: new FileAuditLog(d), reopen: async () => new FileAuditLog(d) };
});

describe('FileAuditLog', () => {
  it('writes audit.jsonl 0600 and skips a line cut by a crash', async () => {
    const d = join(await dir(), 'state');
    const log = new FileAuditLog(d);
    const e = {
      time: new Date().toISOString(),
      key: 'a',
      keyId: null,
      role: null,
      method: 'POST',
      route: '/v1/sessions',
      sessionId: null,
      target: null,
      status: 401,
      requestId: 'r1',
    };
    await log.append(e);
    expect((await stat(log.path)).mode & 0o777).toBe(0o600);
    await appendFile(log.path, '{"time":"2026-');
    await new FileAuditLog(d).append({ ...e, requestId: 'r2' }); // the next start

    expect((await log.query({ limit: 10 })).map((x) => x.requestId)).toEqual(['r2', 'r1']);
  });
});
