import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notLiteralReason } from '@aegis/core';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';
import { parseConfig } from '../config.js';
import { startServer, type RunningServer } from '../start.js';
import { expectedText, generateTexts, unwrapPasted } from '../testing/hard-texts.js';

// The delivery property: every generated text reaches the model exactly once as written (Claude Code's own
// normalisation aside), or is refused up front with nothing typed. `pnpm test:delivery --runs 1000 --seed N`.
const RUNS = Number(process.env.AEGIS_DELIVERY_RUNS ?? 60);
const SEED = Number(process.env.AEGIS_DELIVERY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TOKEN = 'delivery-token';

function killTmux(socket: string): void {
  try {
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

const show = (s: string) =>
  JSON.stringify(s.length > 160 ? `${s.slice(0, 80)}…${s.slice(-60)} (${s.length} chars)` : s);

describe.each(CLAUDE_VERSIONS)('delivery property on Claude Code %s (seed printed on failure)', (version) => {
  let fake: FakeModel;
  let server: RunningServer;
  const socket = `aegis-test-delivery-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    fake = await startFakeModel();
    const configDir = await createClaudeConfigDir({ version });
    const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const stateDir = await tempDir('aegis-delivery-state-');
    const config = parseConfig({
      port: 0,
      host: '127.0.0.1',
      stateDir,
      tmuxSocket: socket,
      claudeBin: claudeBinary(version),
      authToken: TOKEN,
      promptWaitMs: 60_000,
    });
    server = await startServer(config, { env, logger: false, warn: () => undefined });
  });
  afterAll(async () => {
    await server?.manager.shutdown({ killSessions: true }).catch(() => undefined);
    await server?.close();
    killTmux(socket);
    await fake?.close();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const idle = (id: string) =>
    expect
      .poll(async () => (await call('GET', `/v1/sessions/${id}`)).body.status, { timeout: 60_000, interval: 200 })
      .toBe('idle');

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
