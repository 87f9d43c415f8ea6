import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTmuxDriver } from './driver.js';
import type { InputMode } from './text-input.js';
import { killTestServer, makeTempDir, testSocket, waitFor } from './testing/wait.js';

const socketName = testSocket('input');
const driver = createTmuxDriver({ socketName, sessionName: 'input' });
let temp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  temp = await makeTempDir('input');
});
afterAll(async () => {
  driver.close();
  await killTestServer(socketName);
  await temp.cleanup();
});

const printable = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(33 + (i % 94))).join('');

const TEXTS: Record<string, string> = {
  quotes: `He said "hi" and 'bye' with \`ticks\``,
  shell: '$(whoami) $HOME ; && | > /tmp/nope `id` \\n',
  'trailing semicolon': 'echo hi;',
  'escaped semicolon': 'a\\;',
  unicode: 'ü 漢字 🚀',
  '3000-character line': printable,
  'multi-line with a blank line': 'first line\n\nthird line\n',
  tabs: 'a\tb\t\tc',
  'leading dashes': '-n not an option\n--\n-- also\n-',
  'CRLF becomes LF': 'one\r\ntwo',
};

/** What `cat` writes: our text, with CRLF normalized (typed mode) / CR turned into LF by the tty (paste mode). */
function expected(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

let seq = 0;
describe.each<InputMode>(['typed', 'paste'])('sendText %s into cat', (mode) => {
  it.each(Object.entries(TEXTS))('%s arrives exactly', async (_label, text) => {
    const file = join(temp.dir, `out-${++seq}.txt`);
    // `cat` in a canonical-mode tty: C-j and a pasted CR both end a line.
    const win = await driver.createWindow({
      name: `cat${seq}`,
      cwd: temp.dir,
      command: ['tee', file],
      width: 200,
      height: 50,
    });
    await driver.sendText(win.paneId, text, { mode });
    // C-d flushes a partial last line (or is EOF right after a newline); the file then holds everything.
    await driver.sendKeys(win.paneId, ['C-d']);
    const want = expected(text);
    const got = await waitFor(
      async () => {
        const content = await readFile(file, 'utf8').catch(() => '');
        return content === want ? content : undefined;
      },
      { what: `file content for ${_label}` },
    ).catch(async () => readFile(file, 'utf8').catch(() => '<missing>'));
    expect(got).toBe(want);
    expect(got).not.toContain('\u001b[200~'); // cat did not ask for bracketed paste, so tmux sent no markers
    await driver.killWindow(win.id, { graceMs: 200 });
  });
});

describe('bracketed paste markers', () => {
  it('are sent only to a program that enabled bracketed paste mode', async () => {
    const file = join(temp.dir, 'bracketed.txt');
    const win = await driver.createWindow({
      name: 'bracketed',
      cwd: temp.dir,
      // constant script: switch on bracketed paste (ESC [ ? 2004 h), then copy the tty to the file
      command: ['/bin/sh', '-c', 'printf "\\033[?2004h"; exec cat > "$0"', file],
      width: 80,
      height: 24,
    });
    await waitFor(async () => (await driver.windowInfo(win.id)).currentCommand === 'cat', { what: 'cat running' });
    await driver.sendText(win.paneId, 'one\ntwo', { mode: 'paste' });
    await driver.sendKeys(win.paneId, ['C-j', 'C-d']);
    const want = '\u001b[200~one\ntwo\u001b[201~\n';
    const got = await waitFor(
      async () => {
        const content = await readFile(file, 'utf8').catch(() => '');
        return content === want ? content : undefined;
      },
      { what: 'bracketed file' },
    ).catch(async () => readFile(file, 'utf8').catch(() => '<missing>'));
    expect(got).toBe(want);
  });
});
