import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, claudeBinary, tempDir } from '@aegis/testkit';
import { probe } from './commands/probe/probe.js';
import { probeText } from './commands/probe/report.js';
import { pathWithoutClaude, runBin } from './testing/run-cli.js';

// `doctor --probe` on the real Claude Code: every pinned version passes every check. A doctored `claude` (one that
// draws a screen no version ever drew) fails clearly: ✗, the screen saved, exit code 1.

describe.each(CLAUDE_VERSIONS)('doctor --probe on Claude Code %s', (version) => {
  it('passes every check', async () => {
    const r = await probe({ claude: claudeBinary(version), env: process.env, cwd: process.cwd() });
    expect(
      r.checks.filter((c) => !c.ok),
      probeText(r),
    ).toEqual([]);
    expect(r).toMatchObject({ ok: true, version });
    expect(r.checks.map((c) => c.id)).toEqual([
      'version',
      'trust',
      'idle',
      'permission',
      'permission-options',
      'permission-answer',
      'question',
      'question-answer',
      'delivery-multiline',
      'delivery-long',
      'delivery-unicode',
    ]);
    console.log(`probe ${version}: ${(r.durationMs / 1000).toFixed(1)} s`);
  }, 300_000);
});

/** A `claude` that answers --version like a future release, then draws a screen Aegis has never seen. */
const DOCTORED = `#!/usr/bin/env node
if (process.argv.includes('--version')) { console.log('2.1.999 (Claude Code)'); process.exit(0); }
process.stdout.write('\\x1b[2J\\x1b[H  A brand-new welcome screen\\n\\n  » Continue with the new flow\\n    Something else\\n');
setInterval(() => {}, 1000);
`;

describe('doctor --probe on a doctored claude', () => {
  it('fails clearly: ✗ per check, the unknown screen saved, exit code 1, --json', async () => {
    const dir = await tempDir('aegis-probe-doctored-');
    const claude = join(dir, 'claude');
    await writeFile(claude, DOCTORED);
    await chmod(claude, 0o755);
    const saveDir = join(dir, 'screens');
    const env = { PATH: pathWithoutClaude(process.env.PATH), HOME: dir, AEGIS_PORT: '0' };
    const run = await runBin(
      ['doctor', '--probe', '--claude', claude, '--step-timeout', '5', '--save-dir', saveDir, '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      probe: {
        ok: boolean;
        version: string;
        checks: Array<{ id: string; ok: boolean; detail: string; screenFile?: string }>;
      };
    };
    expect(report.ok).toBe(false);
    expect(report.probe.version).toBe('2.1.999');
    const byId = Object.fromEntries(report.probe.checks.map((c) => [c.id, c]));
    expect(byId.version?.ok).toBe(true);
    expect(byId.trust).toMatchObject({
      ok: false,
      detail: 'read as an unknown screen',
      screenFile: join(saveDir, '2.1.999-trust.txt'),
    });
    expect(await readFile(join(saveDir, '2.1.999-trust.txt'), 'utf8')).toContain('A brand-new welcome screen');
    expect(byId.idle?.ok).toBe(false);
    expect(report.probe.checks.every((c) => c.id === 'version' || !c.ok)).toBe(true);

    const text = await runBin(
      ['doctor', '--probe', '--claude', claude, '--step-timeout', '5', '--save-dir', saveDir],
      env,
    );
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `2.1.999: trust dialog recognised ✗ (read as an unknown screen, saved to ${join(saveDir, '2.1.999-trust.txt')})`,
    );
    expect(text.stdout).toMatch(/checks failed: Aegis does not fully understand Claude Code 2\.1\.999/);
  }, 180_000);
});
