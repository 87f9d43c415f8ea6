import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureRoots } from './testing/golden-walk.js';
import { checkStatusFileIdentity, parseStatusFile, statusLevel } from './status-file.js';

const v2_1_197 = fixtureRoots().find((r) => r.version === '2.1.197')?.root ?? '';
const read = (f: string) => parseStatusFile(readFileSync(join(v2_1_197, f), 'utf8'));

describe('status file', () => {
  it('reads the level Claude Code reports', () => {
    expect(statusLevel(read('02-idle/80x24-fresh-start.session-status.json'))).toBe('idle');
    expect(statusLevel(read('03-working/120x40-streaming-a.session-status.json'))).toBe('working');
    expect(statusLevel(read('04-permission-bash/120x40.session-status.json'))).toBe('waiting');
    expect(statusLevel(read('14-slash-commands/120x40-help-dialog.session-status.json'))).toBe('dialog');
    expect(statusLevel(read('06-ask-user-question/120x40-single.session-status.json'))).toBe('waiting');
  });

  it('guards against pid reuse', () => {
    const f = read('04-permission-bash/120x40.session-status.json');
    expect(checkStatusFileIdentity(f, { pid: f.pid, sessionId: f.sessionId })).toEqual({ ok: true });
    expect(checkStatusFileIdentity(f, { sessionId: 'someone-else' }).ok).toBe(false);
    expect(checkStatusFileIdentity(f, { pid: f.pid, procStart: '1' }).ok).toBe(false);
    expect(checkStatusFileIdentity(f, { launchedAt: (f.startedAt ?? 0) + 60_000 }).ok).toBe(false);
    expect(checkStatusFileIdentity(f, { launchedAt: (f.startedAt ?? 0) + 500 }).ok).toBe(true);
  });

  it('rejects garbage with a coded error', () => {
    expect(() => parseStatusFile('[')).toThrow(/not JSON/);
    expect(() => parseStatusFile({ status: 'idle' })).toThrow(/status file/);
  });
});
