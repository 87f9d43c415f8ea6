// The main job until apps/server lands: one real Claude Code session driven through @aegis/core, fully offline.
// It starts the scripted model, launches the newest pinned `claude` in a fresh untrusted folder on Aegis's own tmux
// socket, sends a prompt, gets a Bash permission prompt approved, and prints every event Aegis emits.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionManager, type AegisEvent } from '@aegis/core';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
} from '@aegis/testkit';

const version = process.env.AEGIS_DEMO_VERSION ?? CLAUDE_VERSIONS.at(-1)!;
const model = await startFakeModel();
const workDir = await tempDir('aegis-demo-');
const configDir = await createClaudeConfigDir({ version });
const manager = await SessionManager.start({
  stateDir: await mkdtemp(join(tmpdir(), 'aegis-demo-state-')),
  socketName: `aegis-demo-${process.pid}`,
  claudePath: claudeBinary(version),
  env: { ...process.env, ...claudeEnv({ modelUrl: model.url, configDir }) },
});

function show(event: AegisEvent): void {
  const { id, type, sessionId, ...rest } = event as AegisEvent & Record<string, unknown>;
  const data = JSON.stringify(rest, (key, value) => (key === 'evidence' || key === 'at' ? undefined : value));
  console.log(`#${id} ${type} ${data.length > 160 ? `${data.slice(0, 157)}...` : data}`);
}
manager.events.subscribe(show);

async function expectState(sessionId: string, kind: 'idle' | 'permission_prompt'): Promise<void> {
  if (!(await manager.waitFor(sessionId, kind, 60_000))) throw new Error(`session never reached ${kind}`);
}

try {
  console.log(`Claude Code ${version} in ${workDir} (scripted model at ${model.url})\n`);
  const { session } = await manager.create({ workDir, prompt: 'Say hello to Aegis.' });
  await expectState(session.id, 'idle');
  await manager.send(session.id, 'Now please KWBASH: write hi to out.txt.');
  await expectState(session.id, 'permission_prompt');
  await manager.approve(session.id);
  await expectState(session.id, 'idle');
  const summary = await manager.summary(session.id);
  const info = manager.get(session.id);
  console.log(`\nlast answer: ${summary.lastAssistantText ?? '(none)'}`);
  console.log(`status: ${info.status}, tokens in/out: ${info.usage?.inputTokens}/${info.usage?.outputTokens}`);
  await manager.kill(session.id);
} finally {
  await manager.shutdown({ killSessions: true });
  await model.close();
}
