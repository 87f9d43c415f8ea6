// The behaviour every AuditLog must have (file now, a database later): `describeAuditLog(name, open)`.
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../audit-log.js';

export interface AuditLogHarness {
  log: AuditLog;
  /** Another log over the same place (a restart). */
  reopen(): Promise<AuditLog>;
}

const entry = (n: number, o: Partial<AuditEntry> = {}): AuditEntry => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  key: 'ci',
  keyId: 'key_1',
  role: 'operator',
  method: 'POST',
  route: '/v1/sessions/:id/send',
  sessionId: 's1',
  target: null,
  status: 200,
  requestId: `r${n}`,
  ...o,
});

export function describeAuditLog(name: string, open: () => Promise<AuditLogHarness>): void {
  describe(`AuditLog contract: ${name}`, () => {
    it('is empty at first; returns entries newest first, at most limit', async () => {
      const { log } = await open();
      expect(await log.query({ limit: 10 })).toEqual([]);
      for (let n = 1; n <= 5; n++) await log.append(entry(n));
      expect((await log.query({ limit: 3 })).map((e) => e.requestId)).toEqual(['r5', 'r4', 'r3']);
      expect(await log.query({ limit: 1 })).toEqual([entry(5)]);
    });
    it('filters by since, key, session and route prefix', async () => {
      const { log } = await open();
      await log.append(
        entry(1, { key: 'token', keyId: null, role: 'admin', method: 'DELETE', route: '/v1/sessions/:id' }),
      );
      await log.append(entry(2, { sessionId: 's2' }));
      await log.append(entry(3, { method: 'POST', route: '/v1/keys', sessionId: null, target: 'key_9' }));
      await log.append(entry(4, { method: 'DELETE', route: '/v1/keys/:id', sessionId: null }));
      const ids = async (q: Parameters<AuditLog['query']>[0]) => (await log.query(q)).map((e) => e.requestId);
      expect(await ids({ limit: 10, key: 'token' })).toEqual(['r1']);
      expect(await ids({ limit: 10, session: 's2' })).toEqual(['r2']);
      expect(await ids({ limit: 10, route: '/v1/keys' })).toEqual(['r4', 'r3']);
      expect(await ids({ limit: 10, since: Date.UTC(2026, 0, 1, 0, 0, 3) })).toEqual(['r4', 'r3']);
      expect(await ids({ limit: 10, key: 'ci', route: '/v1/sessions' })).toEqual(['r2']);
    });
    it('keeps every entry of concurrent appends, and keeps them across a reopen', async () => {
      const { log, reopen } = await open();
      await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(entry(i))));
      const again = await reopen();
      expect((await again.query({ limit: 100 })).length).toBe(20);
    });
  });
}
