import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runReadmeExampleAsUser } from '@aegis/testkit';
import { SIGNATURE_HEADER, verifySignature } from './index.js';
import { startReceiver } from './testing/receiver.js';

const SECRET = 'readme-example-secret';

it("the README's example runs as written: a real session's events reach a signed webhook", async () => {
  const receiver = await startReceiver((_n, res) => res.writeHead(204).end());
  try {
    const env = { AEGIS_WEBHOOKS: receiver.url, AEGIS_WEBHOOK_SECRET: SECRET, AEGIS_WEBHOOK_ALLOW_PRIVATE: 'true' };
    const run = await runReadmeExampleAsUser({ packageDir: fileURLToPath(new URL('..', import.meta.url)), env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("'webhook:0'");
    for (const r of receiver.received)
      expect(
        verifySignature({ secret: SECRET, header: r.headers[SIGNATURE_HEADER.toLowerCase()] as string, body: r.body }),
      ).toBe(true);
    const types = receiver.received.map((r) => JSON.parse(r.body).event as string);
    expect(types).toEqual(
      expect.arrayContaining(['session.created', 'message.user', 'message.assistant', 'session.ended']),
    );
  } finally {
    await receiver.close();
  }
}, 120_000);
