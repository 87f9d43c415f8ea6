import {
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  killTmuxServer,
  startFakeModel,
  tempDir,
} from '@aegis/testkit';
import { SessionManager, normalizePrompt } from '../src/index.js';
import { fmt, type Report } from './bench-support.js';

/** send → model received, and send → delivery confirmed, for a short and a 3,000-character text, `runs` each. */
export async function latency(version: string, runs: number, { figures }: Report): Promise<void> {
  const fake = await startFakeModel();
  const configDir = await createClaudeConfigDir({ version });
  const env = { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) };
  const socketName = `aegis-bench-core-${process.pid}`;
  const m = await SessionManager.start({
    stateDir: await tempDir('aegis-bench-state-'),
    socketName,
    claudePath: claudeBinary(version),
    env,
  });
  try {
    const { session } = await m.create({ workDir: await tempDir('aegis-bench-work-') });
    await m.waitFor(session.id, 'idle', 60_000);
    for (const [label, make] of [
      ['short text', (i: number) => `short message number ${i}`],
      ['3,000 chars', (i: number) => `${`${i} `.padEnd(2999, 'lorem ipsum dolor sit amet ')}.`],
    ] as const) {
      const toModel: number[] = [];
      const confirmed: number[] = [];
      for (let i = 0; i < runs; i++) {
        const text = make(i);
        const t0 = Date.now();
        const r = await m.send(session.id, text);
        confirmed.push(Date.now() - t0);
        if (r.queued || !r.delivered) console.log('  not delivered:', JSON.stringify(r));
        const req = await fake.waitForPrompt((p) => p.humanText === normalizePrompt(text), 15_000);
        toModel.push(req.at - t0);
        await m.waitFor(session.id, 'idle', 30_000);
      }
      console.log(`send → model received, ${label}: ${fmt(toModel)}`);
      const key = label === 'short text' ? 'short' : 'long';
      figures.push(
        {
          id: `core.delivery.${key}`,
          label: `core m.send → model received (${label})`,
          unit: 'ms',
          samples: toModel,
          n: toModel.length,
        },
        {
          id: `core.confirmed.${key}`,
          label: `core m.send → delivery confirmed (${label})`,
          unit: 'ms',
          samples: confirmed,
          n: confirmed.length,
        },
      );
      console.log(`send → delivery confirmed, ${label}: ${fmt(confirmed)}`);
    }
  } finally {
    await m.shutdown({ killSessions: true });
    killTmuxServer(socketName);
    await fake.close();
  }
}
