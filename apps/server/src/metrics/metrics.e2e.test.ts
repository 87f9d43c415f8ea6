import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// GET /metrics over the real CLI: deliveries confirmed, state changes timed from their deciding signal.
const TOKEN = 'metrics-token';

describe.each(CLAUDE_VERSIONS)('GET /metrics on Claude Code %s', (version) => {
  let fake: FakeModel;
  let server: RunningServer;
  const socket = `aegis-test-metrics-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    fake = await startFakeModel();
    const configDir = await createClaudeConfigDir({ version });
    const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
    const config = parseConfig({
      port: 0,
      stateDir: await tempDir('aegis-metrics-state-'),
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
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
    await fake?.close();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it('counts confirmed deliveries and times state detection', async () => {
    const created = await call('POST', '/v1/sessions', { workDir: await tempDir('aegis-metrics-work-'), prompt: 'hi' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await server.manager.waitFor(id, 'idle', 60_000)).toBe(true);
    expect((await call('POST', `/v1/sessions/${id}/send`, { text: 'and again' })).status).toBe(200);
    expect(await server.manager.waitFor(id, 'idle', 60_000)).toBe(true);

    const text = await (await call('GET', '/metrics')).text();
    const sample = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(sample(/^aegis_deliveries_total\{outcome="confirmed"\} (\S+)$/m)).toBe(2);
    expect(sample(/^aegis_sessions\{status="idle"\} (\S+)$/m)).toBe(1);
    expect(
      sample(
        /^aegis_http_request_duration_seconds_count\{route="\/v1\/sessions",method="POST",status_code="201"\} (\S+)$/m,
      ),
    ).toBe(1);
    // the measured figures: mean detection latency per new state and deciding signal
    const counts = [...text.matchAll(/^aegis_state_detection_seconds_count\{state="(\w+)",source="(\w+)"\} (\S+)$/gm)];
    expect(counts.some(([, state]) => state === 'idle')).toBe(true);
    for (const [, state, source, n] of counts) {
      const sum = sample(
        new RegExp(`^aegis_state_detection_seconds_sum\\{state="${state}",source="${source}"\\} (\\S+)$`, 'm'),
      );
      console.log(
        `${version} detection ${state} by ${source}: n=${n} mean=${((sum / Number(n)) * 1000).toFixed(0)} ms`,
      );
    }
  }, 180_000);
});
