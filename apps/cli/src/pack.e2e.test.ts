import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUDE_VERSIONS, claudeBinary, tempDir } from '@aegis/testkit';
import { newest, pathWithoutClaude } from './testing/run-cli.js';

const PKG = join(import.meta.dirname, '..');

function run(
  cmd: string,
  args: string[],
  o: { cwd: string; env?: Record<string, string | undefined> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: o.cwd, env: (o.env ?? process.env) as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
        }),
    );
  });
}

// Installs the packed tarball into an empty folder from the npm registry (the workspace packages are bundled in
// dist; fastify, zod, the MCP SDK, … come from the registry). AEGIS_SKIP_PACK_TEST=1 skips it on a machine without
// the registry.
describe.skipIf(process.env.AEGIS_SKIP_PACK_TEST === '1')('npm pack + install into an empty folder', () => {
  it('`npx aegis-bridge --version` and `aegis-bridge doctor --json` work from the installed tarball', async () => {
    const out = await tempDir('aegis-cli-pack-');
    const packed = await run('npm', ['pack', '--pack-destination', out, '--json'], { cwd: PKG });
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining(['dist/main.js', 'dist/index.js', 'dist/index.d.ts', 'package.json', 'README.md']),
    );
    expect(files.some((f) => f.startsWith('src/'))).toBe(false);

    const app = await tempDir('aegis-cli-empty-');
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'empty', private: true }));
    const installed = await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        join(
          out,
          readdirSync(out).find((f) => f.endsWith('.tgz'))!,
        ),
      ],
      { cwd: app },
    );
    expect(installed.code, installed.stderr).toBe(0);
    // The engines claim (>= 20.19) is honest: nothing installed wants a newer Node (light-my-request is pinned to a
    // release on cookie@1; 6.8 moved to cookie@2, Node >= 22).
    expect(`${installed.stdout}${installed.stderr}`).not.toContain('EBADENGINE');
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'aegis-bridge', 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      engines: { node: string };
    };
    expect(pkg.bin).toEqual({ 'aegis-bridge': 'dist/main.js' });
    expect(pkg.engines.node).toBe('>=20.19');
    expect(
      readFileSync(join(app, 'node_modules', 'aegis-bridge', 'dist', 'main.js'), 'utf8').startsWith(
        '#!/usr/bin/env node\n',
      ),
    ).toBe(true);

    const version = await run('npx', ['--no-install', 'aegis-bridge', '--version'], { cwd: app });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);

    // No claude on PATH and no AEGIS_CLAUDE_BIN: doctor says so and exits non-zero; everything else it can check.
    const home = await tempDir('aegis-cli-pack-home-');
    const env = { PATH: pathWithoutClaude(process.env.PATH), HOME: home, AEGIS_PORT: '0' };
    const doctor = await run(join(app, 'node_modules', '.bin', 'aegis-bridge'), ['doctor', '--json'], {
      cwd: app,
      env,
    });
    expect(doctor.code).toBe(1);
    const report = JSON.parse(doctor.stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean; detail: string }[];
    };
    expect(report.ok).toBe(false);
    const by = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(by.claude).toMatchObject({ ok: false });
    expect(by.tmux).toMatchObject({ ok: true });
    expect(by.config).toMatchObject({ ok: true });
    const viaNpx = await run('npx', ['--no-install', 'aegis-bridge', 'doctor', '--json'], { cwd: app, env });
    expect(viaNpx.code).toBe(1);
    expect((JSON.parse(viaNpx.stdout) as { ok: boolean }).ok).toBe(false);

    // The probe and its scripted model ship in the tarball: `doctor --probe` passes on the newest pinned Claude Code.
    const probed = await run(
      join(app, 'node_modules', '.bin', 'aegis-bridge'),
      ['doctor', '--probe', '--claude', claudeBinary(newest(CLAUDE_VERSIONS)), '--json'],
      { cwd: app, env },
    );
    const probe = (
      JSON.parse(probed.stdout) as { probe: { ok: boolean; checks: { id: string; ok: boolean; detail: string }[] } }
    ).probe;
    expect(probe.checks.filter((c) => !c.ok)).toEqual([]);
    expect(probed.code, probed.stderr).toBe(0);
  }, 600_000);
});
