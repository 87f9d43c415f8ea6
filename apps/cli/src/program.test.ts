import { describe, expect, it } from 'vitest';
import { cli } from './testing/run-cli.js';

// Argument handling that never reaches a server.
describe('argument parsing', () => {
  const env = { AEGIS_URL: 'http://127.0.0.1:1' };
  it('unknown commands and missing arguments exit non-zero with usage', async () => {
    const r = await cli(['nope'], env);
    expect(r.code).not.toBe(0);
    const m = await cli(['send', 'id'], env);
    expect(m.code).not.toBe(0);
    expect(m.stderr).toContain("missing required argument 'text'");
  });
  it('answer needs an option id or --text; numeric options are checked', async () => {
    const a = await cli(['answer', 'id'], env);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('INVALID_INPUT');
    const l = await cli(['ls', '--limit', 'ten', '--json'], env);
    expect(l.code).toBe(1);
    expect(JSON.parse(l.stderr)).toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('attach environment', () => {
  it('drops $TMUX of another tmux server, refuses inside Aegis own server', async () => {
    const { attachEnv } = await import('./commands/attach.js');
    expect(attachEnv({ TMUX: '/tmp/tmux-0/default,12,0', PATH: '/bin' }, 'aegis')).toEqual({ PATH: '/bin' });
    expect(() => attachEnv({ TMUX: '/tmp/tmux-0/aegis,12,0' }, 'aegis')).toThrow(/already inside/);
    expect(attachEnv({ PATH: '/bin' }, 'aegis')).toEqual({ PATH: '/bin' });
  });
});
