import { describe, expect, it } from 'vitest';
import { ROUTES } from './testing/route-list.js';
import { fakeRenderer, testApp } from './testing/stub-manager.js';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_IDS = [
  '..',
  '%2e%2e%2f',
  'a'.repeat(300),
  '%00',
  'ü',
  '<script>',
  "' OR 1=1",
  '00000000-0000-4000-8000-999999999999',
  '-1',
  'null',
  '%ZZ',
];
const KEYS = [
  'workDir',
  'text',
  'prompt',
  'url',
  'keys',
  'options',
  'promptId',
  'always',
  'message',
  'sessions',
  'env',
  'width',
  'name',
  '__proto__',
  'constructor',
];

function value(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 12);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return [0, -1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2][Math.floor(r() * 6)];
    case 3:
      return '';
    case 4:
      return 'x'.repeat(Math.floor(r() * 300_000));
    case 5:
      return '\u0000\u001b[2J\ud800' + '漢'.repeat(10);
    case 6:
      return 'file:///etc/passwd';
    case 7:
      return depth > 3 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    case 8:
    case 9:
      return depth > 3
        ? {}
        : Object.fromEntries(
            Array.from({ length: Math.floor(r() * 4) }, () => [
              KEYS[Math.floor(r() * KEYS.length)]!,
              value(r, depth + 1),
            ]),
          );
    case 10:
      return '../../../../etc';
    default:
      return { workDir: value(r, depth + 1), text: 42, url: 'javascript:alert(1)', keys: ['rm -rf /'] };
  }
}

function rawBody(r: () => number): { payload: string | Buffer; type: string } {
  const k = Math.floor(r() * 8);
  if (k === 0) return { payload: '{"workDir":', type: 'application/json' };
  if (k === 1) return { payload: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), type: 'application/json' };
  if (k === 2) return { payload: 'a=b', type: 'application/x-www-form-urlencoded' };
  if (k === 3) return { payload: '{"a":1}', type: 'text/plain' };
  if (k === 4) return { payload: `{"text":"${'y'.repeat(1_100_000)}"}`, type: 'application/json' };
  if (k === 5) return { payload: '['.repeat(5000), type: 'application/json' };
  if (k === 6) return { payload: '{"__proto__":{"polluted":1},"text":"x"}', type: 'application/json' };
  return { payload: JSON.stringify(value(r)) ?? 'null', type: 'application/json' };
}

const safe = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

describe('fuzz', () => {
  it('thousands of malformed requests: no 5xx, every error is JSON {code, message}, nothing disturbed', async () => {
    const { app, m } = await testApp({ rateLimitMax: 1_000_000 }, fakeRenderer()); // thousands of anonymous requests: no rate limit here
    const real = (await m.create({ workDir: '/tmp/fuzz' })).session.id;
    const before = JSON.stringify(m.get(real));
    const r = rng(0xae915);
    const counts: Record<number, number> = {};
    const N = 3000;
    for (let i = 0; i < N; i++) {
      const [method, path] = ROUTES[Math.floor(r() * ROUTES.length)]!;
      const sse = path.endsWith('/events');
      const useReal = !sse && method !== 'delete' && r() < 0.3;
      const id = useReal ? real : BAD_IDS[Math.floor(r() * BAD_IDS.length)]!;
      let url = path.replace('{id}', id);
      if (r() < 0.3)
        url += `?limit=${safe(String(value(r)).slice(0, 100))}&page=-1&lastEventId=x&status=${'%'.repeat(3)}`;
      if (sse) url = path.replace('{id}', BAD_IDS[Math.floor(r() * BAD_IDS.length)]!) + '?lastEventId=not-a-number';
      const body = method === 'post' ? rawBody(r) : null;
      const res = await app.inject({
        method: method.toUpperCase() as 'GET',
        url,
        ...(body ? { payload: body.payload, headers: { 'content-type': body.type } } : {}),
      });
      counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
      expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
      if (res.statusCode >= 400) {
        const b = res.json();
        expect(typeof b.code, `${method} ${url} ${res.body.slice(0, 200)}`).toBe('string');
        expect(typeof b.message).toBe('string');
        expect(typeof b.requestId).toBe('string');
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(m.sent).toEqual([]);
    expect(JSON.stringify(m.get(real))).toBe(before);
    expect((await app.inject({ method: 'GET', url: '/v1/health' })).statusCode).toBe(200);
    expect(Object.keys(counts).length).toBeGreaterThan(3);
    console.log(`fuzz: ${N} requests, statuses ${JSON.stringify(counts)}`);
    await app.close();
  });
});
