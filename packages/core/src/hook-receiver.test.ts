import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HookReceiver, secretsEqual } from './hook-receiver.js';
import { HOOK_SECRET_HEADER, hookSettings } from './hook-settings.js';

let receiver: HookReceiver | undefined;
afterEach(async () => receiver?.close());

const post = (url: string, headers: Record<string, string>, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('HookReceiver', () => {
  it('routes a hook with the right secret and answers with the handler body', async () => {
    receiver = new HookReceiver();
    await receiver.listen();
    const seen: string[] = [];
    receiver.register('s1', 'secret-1', (e) => {
      seen.push(e.hook_event_name);
      return { ok: 1 };
    });
    const res = await post(
      receiver.urlFor('s1'),
      { [HOOK_SECRET_HEADER]: 'secret-1' },
      { hook_event_name: 'Stop', session_id: 'x' },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: 1 });
    expect(seen).toEqual(['Stop']);
  });

  it('rejects a wrong or missing secret, an unknown session and bad payloads', async () => {
    receiver = new HookReceiver();
    await receiver.listen();
    receiver.register('s1', 'secret-1', () => ({}));
    const body = { hook_event_name: 'Stop', session_id: 'x' };
    expect((await post(receiver.urlFor('s1'), { [HOOK_SECRET_HEADER]: 'secret-2' }, body)).status).toBe(401);
    expect((await post(receiver.urlFor('s1'), {}, body)).status).toBe(401);
    expect((await post(receiver.urlFor('nope'), { [HOOK_SECRET_HEADER]: 'secret-1' }, body)).status).toBe(401);
    expect((await post(receiver.urlFor('s1'), { [HOOK_SECRET_HEADER]: 'secret-1' }, { nope: 1 })).status).toBe(400);
  });

  it('refuses a foreign Host (DNS rebinding) with 403 before looking at the session', async () => {
    receiver = new HookReceiver();
    await receiver.listen();
    let called = 0;
    receiver.register('s1', 'secret-1', () => (called++, {}));
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: receiver!.port,
            path: '/hooks/s1',
            method: 'POST',
            headers: { host, [HOOK_SECRET_HEADER]: 'secret-1', 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ hook_event_name: 'Stop', session_id: 'x' }));
      });
    expect(await status('attacker.example')).toBe(403);
    expect(await status(`attacker.example:${receiver.port}`)).toBe(403);
    expect(called).toBe(0);
    expect(await status(`localhost:${receiver.port}`)).toBe(200);
    expect(await status(`127.0.0.1:${receiver.port}`)).toBe(200);
  });

  it('compares secrets in constant time, any length', () => {
    expect(secretsEqual('a', 'a')).toBe(true);
    expect(secretsEqual('a', 'ab')).toBe(false);
  });

  it('listens on loopback and tries the preferred port first', async () => {
    receiver = new HookReceiver();
    const port = await receiver.listen();
    await receiver.close();
    receiver = new HookReceiver();
    expect(await receiver.listen(port)).toBe(port);
    expect(receiver.urlFor('a')).toBe(`http://127.0.0.1:${port}/hooks/a`);
  });
});

describe('hookSettings', () => {
  it('installs HTTP hooks with the secret header, never for SessionStart, tool events matched with *', () => {
    const s = hookSettings({ url: 'http://127.0.0.1:1/hooks/x', secret: 's' });
    expect(s.hooks.SessionStart).toBeUndefined();
    expect(s.hooks.PreToolUse).toEqual([
      {
        matcher: '*',
        hooks: [
          { type: 'http', url: 'http://127.0.0.1:1/hooks/x', headers: { [HOOK_SECRET_HEADER]: 's' }, timeout: 10 },
        ],
      },
    ]);
    expect((s.hooks.PermissionRequest![0] as { hooks: { timeout: number }[] }).hooks[0]!.timeout).toBe(600);
  });
});
