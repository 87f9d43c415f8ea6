import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateInputError } from './errors.js';
import { fixtureRoots } from './testing/golden-walk.js';
import { parseHookPayload } from './hooks.js';

const v2_1_197 = fixtureRoots().find((r) => r.version === '2.1.197')?.root ?? '';

describe('parseHookPayload', () => {
  // 2.1.197's command-hook payloads (hand-made set) and every version's captured HTTP-hook payloads
  const files = [
    join(v2_1_197, 'hooks/payloads-command-hooks.jsonl'),
    ...fixtureRoots().flatMap((r) => [join(r.root, 'hooks/payloads-http-hooks.jsonl')].filter((f) => existsSync(f))),
  ];
  const names = new Set<string>();
  it.each(files)('parses every real payload in %s', (file) => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    for (const l of lines) {
      const { payload } = JSON.parse(l) as { payload: { hook_event_name: string } };
      const e = parseHookPayload(payload);
      expect(e.hook_event_name).toBe(payload.hook_event_name);
      names.add(e.hook_event_name);
    }
  });
  it('has seen at least 13 hook events in them', () => {
    expect(names.size).toBeGreaterThanOrEqual(13);
  });

  it('types tool events and keeps unknown fields', () => {
    const e = parseHookPayload(readFileSync(join(v2_1_197, 'hooks/samples/PermissionRequest-Bash.json'), 'utf8'));
    expect(e.hook_event_name).toBe('PermissionRequest');
    if (e.hook_event_name !== 'PermissionRequest') return;
    expect(e.tool_name).toBe('Bash');
    expect(e.tool_input.command).toBe('echo hi > out.txt');
    expect((e as Record<string, unknown>).effort).toEqual({ level: 'high' });
  });

  it('reads StopFailure (the API-error turn end that replaces Stop)', () => {
    const e = parseHookPayload(readFileSync(join(v2_1_197, 'hooks/samples/StopFailure.json'), 'utf8'));
    expect(e).toMatchObject({
      hook_event_name: 'StopFailure',
      error: 'unknown',
      last_assistant_message: expect.stringContaining('API Error: 400'),
    });
  });

  it('turns an event it does not know into Other instead of failing', () => {
    expect(parseHookPayload({ hook_event_name: 'TeammateIdle', session_id: 's', x: 1 })).toMatchObject({
      hook_event_name: 'Other',
      event_name: 'TeammateIdle',
    });
  });

  it('rejects non-JSON and incomplete payloads with a coded error', () => {
    expect(() => parseHookPayload('{nope')).toThrow(StateInputError);
    try {
      parseHookPayload({ hook_event_name: 'PreToolUse', session_id: 's' });
    } catch (err) {
      expect((err as StateInputError).code).toBe('AEGIS_STATE_INVALID_HOOK_PAYLOAD');
    }
    expect(() => parseHookPayload({ session_id: 's' })).toThrow(/hook payload/);
  });
});
