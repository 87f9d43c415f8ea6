import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  askUserQuestion,
  bash,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  text,
  toolUse,
  type FakeModel,
} from '@aegis/scripted-model';

/** The prompts the probe sends; the scripted model answers each with a tool call, then a closing text. */
export const PROBE_PROMPTS = {
  permission: 'aegis probe: run one command',
  question: 'aegis probe: ask me one question',
} as const;
export const PROBE_COMMAND = 'echo probe > probe.txt';
export const PROBE_QUESTION = { question: 'Which color should the probe pick?', header: 'Color', answer: 'Blue' };

/**
 * Everything a probe run owns, nothing of the user's: temp folders (work dirs, HOME, Aegis state), a fresh
 * CLAUDE_CONFIG_DIR, the scripted model on 127.0.0.1 and a private tmux socket name.
 */
export interface ProbeWorld {
  fake: FakeModel;
  /** Environment for Claude Code: PATH and locale from the caller, the rest ours (no network, no real ~/.claude). */
  env: Record<string, string>;
  stateDir: string;
  socketName: string;
  /** The tool result the scripted model received for the question (the answer Claude Code sent back). */
  questionAnswer(): string | null;
  workDir(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openWorld(version: string, base: Record<string, string | undefined>): Promise<ProbeWorld> {
  const root = await tempDir('aegis-probe-');
  const configDir = await createClaudeConfigDir({ version });
  const home = join(root, 'home');
  const stateDir = join(root, 'state');
  await Promise.all([mkdir(home), mkdir(stateDir)]);
  let answer: string | null = null;
  const fake = await startFakeModel({
    script: (ctx) => {
      if (ctx.humanText === PROBE_PROMPTS.permission)
        return ctx.step === 0 ? toolUse(bash(PROBE_COMMAND, 'Write probe.txt')) : text('Command done.');
      if (ctx.humanText !== PROBE_PROMPTS.question) return undefined; // other texts: the default answer
      if (ctx.step > 0) {
        answer = ctx.toolResults[0]?.text ?? '';
        return text('Thanks for the answer.');
      }
      const { question, header } = PROBE_QUESTION;
      return toolUse(
        askUserQuestion({
          question,
          header,
          multiSelect: false,
          options: [
            { label: 'Red', description: 'A warm red' },
            { label: 'Blue', description: 'A calm blue' },
          ],
        }),
      );
    },
  });
  const env: Record<string, string> = {
    ...(base.PATH ? { PATH: base.PATH } : {}),
    LANG: base.LANG || 'C.UTF-8',
    ...(base.LC_ALL ? { LC_ALL: base.LC_ALL } : {}),
    HOME: home,
    ...claudeEnv({ modelUrl: fake.url, configDir }),
  };
  let n = 0;
  return {
    fake,
    env,
    stateDir,
    socketName: `aegis-probe-${process.pid}`,
    questionAnswer: () => answer,
    async workDir(name) {
      const dir = join(root, `${++n}-${name}`);
      await mkdir(dir);
      return dir;
    },
    async close() {
      await fake.close();
      await Promise.all([rm(root, { recursive: true, force: true }), rm(configDir, { recursive: true, force: true })]);
    },
  };
}
