// Foundation e2e: the real `claude` of every pinned version, launched through this driver in a fresh, untrusted
// folder, against the scripted model. Proves the driver types text that reaches the model exactly as written.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CLAUDE_VERSIONS,
  claudeBinary,
  claudeEnv,
  createClaudeConfigDir,
  startFakeModel,
  tempDir,
  type FakeModel,
} from '@aegis/testkit';
import { createTmuxDriver, type Target, type TmuxDriver } from './index.js';
import { killTestServer, testSocket, waitFor } from './testing/wait.js';

const PROMPT =
  'Please check this "quoted" and \'single\' text,\nthen ünïcödé 漢字 🚀 and `backticks` $(whoami)\n\n- a final line';

interface MenuRow {
  row: number;
  key: string | undefined;
  label: string;
  selected: boolean;
}

/** Menu rows as drawn by Claude Code: `❯ 1. Label` / `  2. Label` (2.1.197) or `❯ Label` / `  Label` (2.1.331). */
function menuRows(screen: string): MenuRow[] {
  const lines = screen.split('\n');
  const cursor = lines.findIndex((l) => /^\s*❯\s+\S/u.test(l));
  if (cursor < 0) return [];
  const rows: MenuRow[] = [];
  // The menu is the cursor's block: contiguous rows with the cursor's indentation, above and below it.
  for (const step of [-1, 1]) {
    for (let i = step < 0 ? cursor : cursor + 1; i >= 0 && i < lines.length; i += step) {
      const m = /^\s*(❯)?\s*(?:(\d)\.\s+)?(\S.*?)\s*$/u.exec(lines[i]!);
      if (!m || lines[i]!.trim() === '') break;
      rows.push({ row: i, key: m[2], label: m[3]!, selected: m[1] !== undefined });
    }
  }
  return rows.sort((a, b) => a.row - b.row);
}

/**
 * Chooses the menu row whose label matches: its digit where it has one, else the cursor moved onto it and Enter.
 * Each step is confirmed on screen and the whole choice retried, because a dialog that has just been drawn can
 * redraw itself and reset its cursor (seen on 2.1.331's trust dialog).
 */
async function chooseByLabel(driver: TmuxDriver, target: Target, label: RegExp): Promise<void> {
  const gone = async () => !menuRows(await driver.capture(target)).some((r) => label.test(r.label));
  for (let attempt = 1; ; attempt++) {
    const rows = menuRows(await driver.capture(target));
    const wanted = rows.find((r) => label.test(r.label));
    if (!wanted) throw new Error(`no menu row matches ${label}: ${JSON.stringify(rows)}`);
    if (wanted.key !== undefined) {
      await driver.sendKeys(target, [wanted.key as '1']);
    } else {
      const delta = rows.indexOf(wanted) - rows.findIndex((r) => r.selected);
      if (delta !== 0)
        await driver.sendKeys(
          target,
          Array.from({ length: Math.abs(delta) }, () => (delta > 0 ? 'Down' : 'Up')),
        );
      const onWanted = async () =>
        menuRows(await driver.capture(target)).find((r) => r.selected)?.label === wanted.label;
      if (await waitFor(onWanted, { what: 'the cursor', timeoutMs: 1_000 }).catch(() => false)) {
        await driver.sendKeys(target, ['Enter']);
      }
    }
    if (await waitFor(gone, { what: 'the menu to close', timeoutMs: 1_500 }).catch(() => false)) return;
    if (attempt === 5) throw new Error(`could not choose ${label}; screen:\n${await driver.capture(target)}`);
  }
}

/**
 * Claude Code takes an Enter that arrives in the same input burst as the keys before it as part of that input,
 * so a lone Enter is confirmed by its effect and pressed again (at most 3 times) when nothing happened.
 */
async function pressEnterUntil(driver: TmuxDriver, target: Target, done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await driver.sendKeys(target, ['Enter']);
    try {
      await waitFor(done, { what: 'the effect of Enter', timeoutMs: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function statusFile(configDir: string, pid: number): Promise<{ status?: string } | undefined> {
  const text = await readFile(join(configDir, 'sessions', `${pid}.json`), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { status?: string });
}

describe.each(CLAUDE_VERSIONS)('real Claude Code %s through @aegis/tmux', (version) => {
  const socket = testSocket(`claude-${version.replaceAll('.', '-')}`);
  let driver: TmuxDriver;
  let model: FakeModel;

  beforeAll(async () => {
    driver = createTmuxDriver({ socketName: socket });
    model = await startFakeModel();
  });

  afterAll(async () => {
    driver?.close();
    await killTestServer(socket);
    await model?.close();
  });

  test('passes the trust dialog by its label and delivers a multi-line prompt exactly', async () => {
    const workDir = await tempDir('aegis-e2e-untrusted-');
    const configDir = await createClaudeConfigDir({ version });
    const window = await driver.createWindow({
      name: 'foundation',
      cwd: workDir,
      env: claudeEnv({ modelUrl: model.url, configDir }),
      command: [claudeBinary(version), '--permission-mode', 'default'],
      width: 120,
      height: 40,
    });

    await waitFor(async () => (await driver.capture(window.id)).includes('trust this folder'), {
      what: 'the trust dialog',
      timeoutMs: 30_000,
    });
    // By label: 2.1.197 numbers the options with "Yes" first; 2.1.331 has no numbers and the cursor on "No, exit".
    await chooseByLabel(driver, window.id, /^Yes, I trust this folder/);

    await waitFor(async () => (await statusFile(configDir, window.pid))?.status === 'idle', {
      what: 'Claude idle after trust',
      timeoutMs: 30_000,
    });

    await driver.sendText(window.id, PROMPT, { mode: 'typed' });
    await waitFor(async () => (await driver.capture(window.id)).includes('- a final line'), { what: 'the draft' });
    await pressEnterUntil(driver, window.id, async () => model.prompts().length > 0).catch(async (error: unknown) => {
      throw new Error(`no prompt reached the model; screen:\n${await driver.capture(window.id)}`, { cause: error });
    });
    const request = model.prompts()[0]!;
    expect(request.humanText).toBe(PROMPT);
    await waitFor(async () => (await driver.capture(window.id)).includes('Hello from the fake model.'), {
      what: 'the reply on screen',
      timeoutMs: 30_000,
    });
    expect(model.prompts()).toHaveLength(1);

    await driver.killWindow(window.id);
  });
});
