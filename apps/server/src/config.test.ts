import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { configMarkdown, configTable } from './config-docs.js';
import { loadConfig, parseConfig } from './config.js';

function files(map: Record<string, unknown>) {
  return async (p: string) => {
    if (!(p in map)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    const v = map[p];
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
}
const base = { cwd: '/work', home: '/home/u' };

describe('loadConfig', () => {
  it('defaults', async () => {
    const c = await loadConfig({ ...base, env: {}, readFile: files({}) });
    expect(c).toMatchObject({
      port: 9100,
      host: '127.0.0.1',
      tmuxSession: 'aegis',
      tmuxSocket: 'aegis',
      claudeBin: 'claude',
      webhooks: [],
      bodyLimit: 1_048_576,
      eventRetentionMs: 7 * 24 * 3_600_000,
      eventRetentionCount: 250_000,
      sessionRetentionMs: 7 * 24 * 3_600_000,
    });
    expect(c.authToken).toBeUndefined();
  });
  it('reads every documented environment variable', async () => {
    const env = {
      AEGIS_PORT: '9200',
      AEGIS_HOST: '0.0.0.0',
      AEGIS_AUTH_TOKEN: 'tok',
      AEGIS_TMUX_SESSION: 'sess',
      AEGIS_TMUX_SOCKET: 'sock',
      AEGIS_STATE_DIR: '/var/aegis',
      AEGIS_CLAUDE_BIN: '/opt/claude',
      AEGIS_TG_TOKEN: 'tg',
      AEGIS_TG_GROUP: '-100',
      AEGIS_WEBHOOKS: 'https://a.example/h, https://b.example/h',
      AEGIS_STALL_THRESHOLD_MS: '3000',
      AEGIS_EVENT_RETENTION_MS: '0',
      AEGIS_EVENT_RETENTION_COUNT: '5000',
      AEGIS_SESSION_RETENTION_MS: '86400000',
    };
    expect(await loadConfig({ ...base, env, readFile: files({}) })).toMatchObject({
      port: 9200,
      host: '0.0.0.0',
      authToken: 'tok',
      tmuxSession: 'sess',
      tmuxSocket: 'sock',
      stateDir: '/var/aegis',
      claudeBin: '/opt/claude',
      tgToken: 'tg',
      tgGroup: '-100',
      webhooks: ['https://a.example/h', 'https://b.example/h'],
      stallThresholdMs: 3000,
      eventRetentionMs: 0,
      eventRetentionCount: 5000,
      sessionRetentionMs: 86_400_000,
    });
  });
  it('priority: --config > ./aegis.config.json > ~/.aegis/config.json > environment > defaults', async () => {
    const read = files({
      '/home/u/.aegis/config.json': { port: 1, host: 'home', tmuxSession: 'home' },
      '/work/aegis.config.json': { port: 2, host: 'cwd' },
      '/work/cli.json': { port: 3 },
    });
    const env = { AEGIS_PORT: '4', AEGIS_HOST: 'env', AEGIS_TMUX_SESSION: 'env', AEGIS_CLAUDE_BIN: 'envclaude' };
    expect(await loadConfig({ ...base, env, readFile: read, configFile: 'cli.json' })).toMatchObject({
      port: 3,
      host: 'cwd',
      tmuxSession: 'home',
      claudeBin: 'envclaude',
    });
    expect(await loadConfig({ ...base, env, readFile: read })).toMatchObject({ port: 2 });
  });
  it('clear errors: missing --config file, bad JSON, bad values, unknown keys', async () => {
    await expect(loadConfig({ ...base, env: {}, readFile: files({}), configFile: 'nope.json' })).rejects.toThrow(
      /cannot read config file/,
    );
    await expect(
      loadConfig({ ...base, env: {}, readFile: files({ '/work/aegis.config.json': '{oops' }) }),
    ).rejects.toThrow(/not a JSON object/);
    await expect(loadConfig({ ...base, env: { AEGIS_PORT: 'http' }, readFile: files({}) })).rejects.toThrow(/port/);
    expect(() => parseConfig({ prot: 1 })).toThrow(/invalid configuration/);
    expect(() => parseConfig({ tmuxSocket: 'a b' })).toThrow(/tmuxSocket/);
    expect(() => parseConfig({ stallThresholdMs: 10 })).toThrow(/stallThresholdMs/);
  });
  it('the docs table has every key with its env var and default', () => {
    const t = configTable();
    expect(t.find((r) => r.key === 'port')).toEqual({
      key: 'port',
      env: 'AEGIS_PORT',
      default: 9100,
      description: 'HTTP port',
    });
    expect(t.every((r) => r.description.length > 0)).toBe(true);
  });
  it("the READMEs' tables (this package's and the root's) are up to date (pnpm docs:config)", () => {
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(configMarkdown());
    expect(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')).toContain(configMarkdown());
  });
});
