import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, text, type FakeModel } from '@aegis/testkit';
import { type SessionManager, type AegisEvent, type PipelineInfo } from '../index.js';
import { processesIn } from '../testing/fake-manager.js';
import { startRealClaude, stopRealClaude, TempFolders, type RealClaude } from '../testing/real-claude.js';

const folders = new TempFolders();
const tempDir = (prefix: string) => folders.make(prefix);
afterAll(() => folders.removeAll());

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** True while `pid` runs (a zombie waiting to be reaped does not count). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe.each(CLAUDE_VERSIONS)('pipelines on Claude Code %s', (version) => {
  let fake: FakeModel;
  let manager: SessionManager;
  let claude: RealClaude | undefined;
  const socket = `aegis-test-pipe-${version.replace(/\./g, '_')}-${process.pid}`;
  const events: AegisEvent[] = [];

  /** What each stage's session shows, for a failure message. */
  async function diagnose(info: PipelineInfo): Promise<string> {
    const lines = await Promise.all(
      info.stages.map(async (s) => {
        if (!s.sessionId) return `${s.name}: ${s.status} (no session) ${s.reason ?? ''}`;
        const session = manager.get(s.sessionId);
        const pane = (await manager.pane(s.sessionId)).trim().split('\n').slice(-12).join('\n');
        return `${s.name}: ${s.status} ${s.reason ?? ''}; session ${session.status}, queue ${session.queueLength}\n${pane}`;
      }),
    );
    return lines.join('\n---\n');
  }

  beforeAll(async () => {
    claude = await startRealClaude({
      version,
      socket,
      stateDir: await tempDir('aegis-pipe-state-'),
      folders,
      options: { pipelines: { pollMs: 250 } },
    });
    ({ fake, manager } = claude);
    // each stage answers with a marker taken from its prompt
    fake.script((ctx) => {
      if (ctx.kind !== 'prompt') return undefined;
      const m = /PIPE-(\w+)/.exec(ctx.humanText ?? '');
      return m && !ctx.humanText?.includes('KW') ? text(`RESULT-${m[1]} ready`) : undefined;
    });
    manager.events.subscribe((e) => void events.push(e));
  });
  afterAll(() => stopRealClaude(claude, socket));

  it('two parallel stages, then a third that gets both last messages', async () => {
    const [a, b, c] = [await tempDir('aegis-pipe-a-'), await tempDir('aegis-pipe-b-'), await tempDir('aegis-pipe-c-')];
    const p = await manager.pipelines.create({
      name: 'fan-in',
      stages: [
        { name: 'alpha', workDir: a, prompt: 'PIPE-alpha please' },
        { name: 'beta', workDir: b, prompt: 'PIPE-beta please' },
        {
          name: 'gamma',
          workDir: c,
          dependsOn: ['alpha', 'beta'],
          prompt: 'PIPE-gamma. Alpha: {{stages.alpha.lastMessage}} / Beta: {{stages.beta.lastMessage}}',
        },
      ],
    });
    const done = await manager.pipelines.waitForEnd(p.id, 90_000);
    expect(done.status, await diagnose(done)).toBe('succeeded');
    expect(done.stages.map((s) => [s.name, s.status, s.attempt, s.lastMessage])).toEqual([
      ['alpha', 'succeeded', 1, 'RESULT-alpha ready'],
      ['beta', 'succeeded', 1, 'RESULT-beta ready'],
      ['gamma', 'succeeded', 1, 'RESULT-gamma ready'],
    ]);
    const gammaPrompt = fake.prompts().find((r) => r.humanText?.startsWith('PIPE-gamma'));
    expect(gammaPrompt?.humanText).toBe('PIPE-gamma. Alpha: RESULT-alpha ready / Beta: RESULT-beta ready');
    // both first stages were running at once
    const stageEvents = events.filter((e) => e.type === 'pipeline.stage' && e.data.pipelineId === p.id);
    const firstDone = stageEvents.findIndex((e) => e.type === 'pipeline.stage' && e.data.to === 'succeeded');
    const runningBefore = stageEvents
      .slice(0, firstDone)
      .filter((e) => e.type === 'pipeline.stage' && e.data.to === 'running');
    expect(runningBefore.map((e) => e.type === 'pipeline.stage' && e.data.stage).sort()).toEqual(['alpha', 'beta']);
    // finished stages' sessions are killed
    await expect.poll(() => [a, b, c].flatMap(processesIn), { timeout: 10_000 }).toEqual([]);
  }, 120_000);

  it('a stage whose doneWhen command fails is retried, then failed, and the others are cancelled', async () => {
    const [w, slow] = [await tempDir('aegis-pipe-check-'), await tempDir('aegis-pipe-slow-')];
    const p = await manager.pipelines.create({
      name: 'checked',
      stages: [
        {
          name: 'checked',
          workDir: w,
          prompt: 'PIPE-checked',
          retries: 1,
          doneWhen: { command: ['test', '-f', 'never-written.txt'] },
        },
        { name: 'slow', workDir: slow, prompt: 'KWSLOW60' },
        { name: 'after', workDir: w, dependsOn: ['checked'], prompt: 'PIPE-after' },
      ],
    });
    const done = await manager.pipelines.waitForEnd(p.id, 90_000);
    expect(done).toMatchObject({ status: 'failed', reason: 'stage checked failed: doneWhen failed: test exited 1' });
    expect(done.stages.map((s) => [s.name, s.status, s.attempt])).toEqual([
      ['checked', 'failed', 2],
      ['slow', 'cancelled', 1],
      ['after', 'cancelled', 0],
    ]);
    expect(done.stages[0]!.sessionIds).toHaveLength(2);
    expect(fake.prompts().filter((r) => r.humanText === 'PIPE-checked')).toHaveLength(2);
    expect(fake.prompts().some((r) => r.humanText === 'PIPE-after')).toBe(false);
    await expect.poll(() => [w, slow].flatMap(processesIn), { timeout: 10_000 }).toEqual([]);
  }, 120_000);

  it('cancel mid-way leaves no process behind', async () => {
    const [w, next] = [await tempDir('aegis-pipe-cancel-'), await tempDir('aegis-pipe-next-')];
    const p = await manager.pipelines.create({
      name: 'cancelled',
      stages: [
        { name: 'sleeper', workDir: w, prompt: 'KWSLEEP' },
        { name: 'next', workDir: next, dependsOn: ['sleeper'], prompt: 'PIPE-next' },
      ],
    });
    // wait until the stage's tool runs (`sleep` in the folder); it may need a permission, by version
    const sessionOf = () => manager.pipelines.get(p.id).stages[0]!.sessionId;
    const sleeping = () => processesIn(w).some((pid) => commandOf(pid) === 'sleep');
    await expect
      .poll(() => sessionOf() !== null && (manager.get(sessionOf()!).status === 'permission_prompt' || sleeping()), {
        timeout: 45_000,
      })
      .toBe(true);
    if (manager.get(sessionOf()!).status === 'permission_prompt') await manager.approve(sessionOf()!);
    await expect.poll(sleeping, { timeout: 15_000 }).toBe(true);
    const running = manager.pipelines.get(p.id).stages[0]!;
    expect(running.status).toBe('running');
    const pid = manager.get(running.sessionId!).panePid;
    const info = await manager.pipelines.cancel(p.id);
    expect(info.status).toBe('cancelled');
    expect(info.stages.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    expect(manager.get(running.sessionId!)).toMatchObject({ status: 'exited', endReason: 'killed' });
    await expect.poll(() => processesIn(w), { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
    expect(processesIn(next)).toEqual([]);
    expect(events.filter((e) => e.type === 'pipeline.finished' && e.data.pipelineId === p.id)).toHaveLength(1);
  }, 90_000);
});
