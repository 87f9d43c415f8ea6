import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, type FakeModel } from '@aegis/testkit';
import { type SessionManager, normalizePrompt } from './index.js';
import { startRealClaude, stopRealClaude, TempFolders, type RealClaude } from './testing/real-claude.js';

const TEXTS: [string, string][] = [
  ['quotes', `say "double" and 'single' and \`backticks\``],
  ['shell', '$(whoami) $HOME ; && | echo not-run'],
  ['unicode', 'unicode ü 漢字 🚀'],
  ['long', Array.from({ length: 3000 }, (_, i) => 'lorem ipsum dolor sit amet 0123456789 '[i % 38]).join('')],
  ['multi-line', 'first line\n\nthird line after a blank one'],
  ['tabs', 'col1\tcol2\tcol3'],
  ['dash', '- leading dash item'],
];

const folders = new TempFolders();
const tempDir = (prefix: string) => folders.make(prefix);
afterAll(() => folders.removeAll());

describe.each(CLAUDE_VERSIONS)('Claude Code %s through @aegis/core: sending', (version) => {
  let fake: FakeModel;
  let manager: SessionManager;
  let claude: RealClaude | undefined;
  const socket = `aegis-test-core-send-${version.replace(/\./g, '_')}-${process.pid}`;

  beforeAll(async () => {
    claude = await startRealClaude({ version, socket, stateDir: await tempDir('aegis-core-state-'), folders });
    ({ fake, manager } = claude);
  });
  afterAll(() => stopRealClaude(claude, socket));

  const humanTexts = () => fake.prompts().map((p) => p.humanText);

  it('100 sends in a row, many while busy, reach the model in order, each exactly once', async () => {
    const workDir = await tempDir('aegis-core-hundred-');
    const { session } = await manager.create({ workDir, reuse: false });
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    const texts = Array.from({ length: 100 }, (_, i) => `sequence message ${i}`);
    let queued = 0;
    for (const text of texts) if ((await manager.send(session.id, text)).queued) queued++;
    const received = () => humanTexts().filter((t): t is string => t?.startsWith('sequence message ') === true);
    await expect.poll(() => received().length, { timeout: 180_000, interval: 500 }).toBe(100);
    expect(received()).toEqual(texts);
    expect(queued).toBeGreaterThan(0);
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    await manager.kill(session.id);
  }, 240_000);

  it('delivers each text exactly once and unmangled', async () => {
    const workDir = await tempDir('aegis-core-texts-');
    const { session } = await manager.create({ workDir, reuse: false });
    expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
    for (const [name, text] of TEXTS) {
      const r = await manager.send(session.id, text);
      expect(r, name).toMatchObject({ queued: false, delivered: true });
      const want = normalizePrompt(text);
      await fake.waitForPrompt((p) => p.humanText === want, 15_000);
      expect(await manager.waitFor(session.id, 'idle', 30_000)).toBe(true);
      expect(
        humanTexts().filter((t) => t === want),
        name,
      ).toHaveLength(1);
    }
    await manager.kill(session.id);
  });
});
