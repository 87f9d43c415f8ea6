import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notLiteralReason } from '@aegis/core';
import { CLAUDE_VERSIONS, tempDir, type FakeModel } from '@aegis/testkit';
import { expectedText, generateTexts, unwrapPasted } from '../testing/hard-texts.js';
import { sessionWaits, startRealServer, type RealServer } from '../testing/real-server.js';

// The delivery property: every generated text reaches the model exactly once as written (Claude Code's own
// normalisation aside), or is refused up front with nothing typed. `pnpm test:delivery --runs 1000 --seed N`.
const RUNS = Number(process.env.AEGIS_DELIVERY_RUNS ?? 60);
const SEED = Number(process.env.AEGIS_DELIVERY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TOKEN = 'delivery-token';

const show = (s: string) =>
  JSON.stringify(s.length > 160 ? `${s.slice(0, 80)}…${s.slice(-60)} (${s.length} chars)` : s);

describe.each(CLAUDE_VERSIONS)('delivery property on Claude Code %s (seed printed on failure)', (version) => {
  let real: RealServer | undefined;
  let fake: FakeModel;
  const socket = `aegis-test-delivery-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    real = await startRealServer({ version, socket, token: TOKEN, config: { promptWaitMs: 60_000 } });
    fake = real.fake;
  });
  afterAll(() => real?.stop());

  const call: RealServer['call'] = (...a) => real!.call(...a);
  const { until } = sessionWaits(call);
  const idle = (id: string) => until(id, 'idle');

  it(`${RUNS} generated texts: each arrives exactly once as written, or is refused before anything is typed`, async () => {
    const started = Date.now();
    const workDir = await tempDir('aegis-delivery-work-');
    const created = await call('POST', '/v1/sessions', { workDir });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await idle(id);
    const failures: string[] = [];
    let refused = 0;
    for (const g of generateTexts(SEED, RUNS)) {
      const where = `seed=${SEED} version=${version} text #${g.index} (${g.shape}, ${g.text.length} chars)`;
      const before = fake.prompts().length;
      const sent = await call('POST', `/v1/sessions/${id}/send`, { text: g.text });
      if (notLiteralReason(g.text)) {
        refused++;
        await new Promise((r) => setTimeout(r, 300));
        if (sent.status !== 400 || sent.body.code !== 'INPUT_NOT_LITERAL')
          failures.push(`${where}: expected 400 INPUT_NOT_LITERAL, got ${sent.status} ${JSON.stringify(sent.body)}`);
        if (fake.prompts().length !== before) failures.push(`${where}: refused, yet the model got a prompt`);
        continue;
      }
      if (sent.status !== 200)
        failures.push(`${where}: send answered ${sent.status} ${JSON.stringify(sent.body).slice(0, 300)}`);
      await expect
        .poll(() => fake.prompts().length, { timeout: 30_000 })
        .toBeGreaterThan(before)
        .catch(() => undefined);
      await idle(id);
      const fresh = fake
        .prompts()
        .slice(before)
        .map((p) => unwrapPasted(p.humanText ?? ''));
      const want = expectedText(g.text);
      if (fresh.length !== 1 || fresh[0] !== want)
        failures.push(`${where}: sent ${show(g.text)}; model got ${fresh.length}× ${fresh.map(show).join(' | ')}`);
    }
    console.log(
      `delivery property ${version}: seed=${SEED} ${RUNS} texts (${refused} refused up front) in ${Math.round((Date.now() - started) / 1000)} s; ${failures.length} failed`,
    );
    expect(failures, `seed=${SEED} (reproduce: AEGIS_DELIVERY_SEED=${SEED} AEGIS_DELIVERY_RUNS=${RUNS})`).toEqual([]);
  }, 3_600_000);
});
