// Time to create a session with isolation "worktree" vs a plain one (real Claude Code, scripted model, own tmux socket).
// `pnpm tsx bench/worktree-create.ts` — prints the medians of create() and of create → idle.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
} from '@aegis/testkit';
import { SessionManager } from '../src/index.js';

const RUNS = Number(process.env.RUNS ?? 5);
const version = CLAUDE_VERSIONS.at(-1)!;
const socket = `aegis-bench-wt-${process.pid}`;
const fake = await startFakeModel();
const configDir = await createClaudeConfigDir({ version });
const base = await tempDir('aegis-bench-wt-');
const repo = join(base, 'repo');
execFileSync('git', ['init', '-q', '-b', 'main', repo]);
writeFileSync(join(repo, 'README.md'), '# repo\n');
execFileSync('git', [
  '-C',
  repo,
  '-c',
  'user.name=B',
  '-c',
  'user.email=b@example.com',
  'commit',
  '-qm',
  'init',
  '--allow-empty',
]);
const manager = await SessionManager.start({
  stateDir: join(base, 'state'),
  worktreeRoot: join(base, 'worktrees'),
  socketName: socket,
  claudePath: claudeBinary(version),
  env: { ...process.env, ...claudeEnv({ modelUrl: fake.url, configDir }) },
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, { create: number[]; idle: number[] }> = {
  plain: { create: [], idle: [] },
  worktree: { create: [], idle: [] },
};
try {
  for (let i = 0; i < RUNS; i++) {
    for (const kind of ['plain', 'worktree'] as const) {
      const t0 = performance.now();
      const { session } = await manager.create({
        workDir: repo,
        reuse: false,
        name: `b-${kind}-${i}`,
        ...(kind === 'worktree' ? { isolation: 'worktree' as const } : {}),
      });
      const t1 = performance.now();
      if (!(await manager.waitFor(session.id, 'idle', 60_000))) throw new Error(`${kind} ${i} never idle`);
      results[kind]!.create.push(t1 - t0);
      results[kind]!.idle.push(performance.now() - t0);
      await manager.kill(session.id);
    }
  }
  for (const [kind, r] of Object.entries(results)) {
    console.log(
      `${kind.padEnd(9)} create() median ${median(r.create).toFixed(0)} ms, create → idle median ${median(r.idle).toFixed(0)} ms (${RUNS} runs, Claude Code ${version})`,
    );
  }
} finally {
  await manager.shutdown({ killSessions: true });
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* gone */
  }
  await fake.close();
  rmSync(base, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
}
