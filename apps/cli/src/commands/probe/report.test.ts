import { expect, it } from 'vitest';
import { probeText, type ProbeReport } from './report.js';

const base: ProbeReport = { ok: true, version: '2.1.340', claude: '/usr/bin/claude', durationMs: 31_400, checks: [] };

it('prints one verdict per check, the saved screen with a ✗, and a summary', () => {
  const r: ProbeReport = {
    ...base,
    ok: false,
    checks: [
      { id: 'trust', name: 'trust dialog recognised', ok: true, detail: 'options trust, exit' },
      {
        id: 'permission-options',
        name: 'permission options parsed',
        ok: false,
        detail: 'options read: none',
        screenFile: '/tmp/s/2.1.340-permission-options.txt',
      },
      { id: 'question', name: 'question recognised', ok: false, detail: 'not run: an earlier check failed' },
    ],
  };
  expect(probeText(r)).toBe(
    [
      '2.1.340: trust dialog recognised ✓',
      '2.1.340: permission options parsed ✗ (options read: none, saved to /tmp/s/2.1.340-permission-options.txt)',
      '2.1.340: question recognised ✗ (not run: an earlier check failed)',
      '2 of 3 checks failed: Aegis does not fully understand Claude Code 2.1.340 (/usr/bin/claude)',
      '',
    ].join('\n'),
  );
});

it('says so when every check passed', () => {
  const r: ProbeReport = { ...base, checks: [{ id: 'idle', name: 'idle recognised', ok: true, detail: '' }] };
  expect(probeText(r)).toBe('2.1.340: idle recognised ✓\nAegis understands Claude Code 2.1.340 (1 check, 31.4 s)\n');
});
