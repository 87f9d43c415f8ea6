// Security suite (issue #15): the real server process (main.ts, as the fault suite starts it) on a free port with a
// temp state dir, one real Claude Code session against the scripted model, and Debian's Chromium for screenshots.
// DNS rebinding and cross-site requests on every route of the route list, the SSRF list through the screenshot route,
// the workDir policy, and webhooks signed with a generated secret.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '@aegis/channels';
import { CLAUDE_VERSIONS, startFakeModel, tempDir, type FakeModel } from '@aegis/testkit';
import {
  faultEnv,
  killTmux,
  spawnServer,
  stopServer,
  type FaultEnv,
  type ServerProcess,
} from '../testing/fault-harness.js';
import { ROUTES } from '../testing/route-list.js';
import { METADATA_IP, raw, startFakeMetadata, startSite, type Site } from '../testing/security-http.js';

// the guards do not depend on Claude Code's version: one (the newest selected) is enough
const version = CLAUDE_VERSIONS[CLAUDE_VERSIONS.length - 1]!;
const CHROMIUM = '/usr/bin/chromium';
const MARK = 'ATTACK-7f3a';

let fake: FakeModel;
let f: FaultEnv;
let server: ServerProcess;
let port: number;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let metadata: Awaited<ReturnType<typeof startFakeMetadata>>;
let root: string;
let app: string;
let sessionId: string;
const startedAt = Date.now();

const LOCAL = () => ({ host: `localhost:${port}` });
const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  raw(port, method, path, { ...LOCAL(), ...headers }, body);

/** A body each route would act on if it got through: a prompt, a kill, a screenshot of the metadata service. */
function bodyFor(method: string, path: string): unknown {
  if (method !== 'post') return undefined;
  if (path === '/v1/sessions' || path === '/sessions') return { workDir: app, prompt: MARK };
  if (path.endsWith('/batch')) return { sessions: [{ workDir: app, prompt: MARK }] };
  if (path.endsWith('/send')) return { text: MARK };
  if (path.endsWith('/keys')) return { keys: ['C-c'] };
  if (path.endsWith('/screenshot')) return { url: `http://${METADATA_IP}/latest/meta-data/` };
  if (path === '/v1/pipelines') return { name: MARK, workDir: app, stages: [{ name: 'a', prompt: MARK }] };
  return {};
}

beforeAll(async () => {
  fake = await startFakeModel();
  root = await tempDir('aegis-security-roots-');
  app = join(root, 'projects', 'app');
  await mkdir(app, { recursive: true });
  await mkdir(join(root, 'outside'));
  await symlink(join(root, 'outside'), join(app, 'link-out'));
  receiver = await startWebhookReceiver();
  metadata = await startFakeMetadata();
  f = await faultEnv(version, fake, 'security', {
    allowedHosts: ['aegis.test'],
    allowedOrigins: ['https://dash.example.com'],
    workDirRoots: [join(root, 'projects')],
    webhooks: [receiver.url],
    webhookAllowPrivate: true,
  });
  delete f.env.AEGIS_WEBHOOK_SECRET; // URLs alone: the server generates and keeps the secret
  server = await spawnServer(f);
  port = Number(new URL(server.url).port);
  const created = await call('post', '/v1/sessions', { workDir: app }, { origin: `http://localhost:${port}` });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  sessionId = created.body.id;
});

afterAll(async () => {
  await stopServer(server);
  killTmux(f?.socket);
  await fake?.close();
  await receiver?.close();
  await metadata?.close();
  console.log(
    `security suite: ${((Date.now() - startedAt) / 1000).toFixed(1)} s (server start, one Claude Code ${version} session, Chromium)`,
  );
});

/** A webhook receiver on 127.0.0.1 that keeps every request's headers and raw body. */
async function startWebhookReceiver() {
  const bodies: { headers: Record<string, unknown>; body: string }[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return {
    bodies,
    url: `http://127.0.0.1:${(s.address() as { port: number }).port}/hook`,
    close: () => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r()))),
  };
}

describe('DNS rebinding and cross-site requests, on every route of the route list', () => {
  const refusals: [string, (p: number) => Record<string, string>, string][] = [
    ['Host attacker.example', () => ({ host: 'attacker.example' }), 'HOST_NOT_ALLOWED'],
    ['Host attacker.example:PORT', (p) => ({ host: `attacker.example:${p}` }), 'HOST_NOT_ALLOWED'],
    ['Host localhost.attacker.example:PORT', (p) => ({ host: `localhost.attacker.example:${p}` }), 'HOST_NOT_ALLOWED'],
    [
      'Origin http://attacker.example',
      (p) => ({ host: `localhost:${p}`, origin: 'http://attacker.example' }),
      'ORIGIN_NOT_ALLOWED',
    ],
    ['Origin null', (p) => ({ host: `localhost:${p}`, origin: 'null' }), 'ORIGIN_NOT_ALLOWED'],
    [
      'Origin of another local port',
      (p) => ({ host: `localhost:${p}`, origin: 'http://localhost:3000' }),
      'ORIGIN_NOT_ALLOWED',
    ],
  ];
  let tried = 0;

  it.each(refusals)('%s → 403 on every route', async (_name, headers, code) => {
    for (const [method, path] of ROUTES) {
      const url = path.replace('{id}', sessionId);
      const r = await raw(port, method, url, headers(port), bodyFor(method, path));
      tried++;
      expect(r.status, `${method.toUpperCase()} ${url}: ${JSON.stringify(r.body)}`).toBe(403);
      expect(r.body.code).toBe(code);
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('…and nothing happened: one session, still alive, no pipeline, no prompt reached the model, no metadata request', async () => {
    const list = await call('get', '/v1/sessions');
    expect(list.body.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId]);
    expect((await call('get', `/v1/sessions/${sessionId}`)).body.status).not.toMatch(/ended|exited/);
    expect((await call('get', '/v1/pipelines')).body.pipelines).toEqual([]);
    expect(fake.prompts().filter((p) => (p.humanText ?? '').includes(MARK))).toEqual([]);
    expect(metadata?.hits ?? []).toEqual([]);
    console.log(
      `security suite: ${tried} refused requests (${ROUTES.length} routes × ${refusals.length} Host/Origin forgeries)`,
    );
  });

  it('the legitimate names and the own origin are served', async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `aegis.test:${port}`,
      'aegis.test',
      'localhost',
    ]) {
      for (const path of ['/v1/health', '/v1/sessions', `/v1/sessions/${sessionId}`]) {
        const r = await raw(port, 'get', path, { host });
        expect(r.status, `${host} ${path}`).toBe(200);
      }
    }
    expect(
      (await raw(port, 'get', '/v1/sessions', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` }))
        .status,
    ).toBe(200);
  });

  it('a listed origin gets CORS: the preflight is answered with its exact origin, then the call', async () => {
    const pre = await raw(port, 'options', '/v1/sessions', {
      ...LOCAL(),
      origin: 'https://dash.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const r = await call('get', '/v1/sessions', undefined, { origin: 'https://dash.example.com' });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    const other = await raw(port, 'options', '/v1/sessions', {
      ...LOCAL(),
      origin: 'https://evil.example.com',
      'access-control-request-method': 'POST',
    });
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe.skipIf(!existsSync(CHROMIUM))('SSRF through the screenshot route', () => {
  let site: Site;
  beforeAll(async () => {
    // plays a public page (loopback is allowed for screenshots by default); what it points at is the metadata service
    site = await startSite((self) => ({
      '/redirect': { status: 302, headers: { location: `http://${METADATA_IP}/latest/meta-data/` } },
      '/iframe': {
        body: `<!doctype html><iframe src="http://${METADATA_IP}/latest/meta-data/"></iframe><iframe src="${self}/canary"></iframe>`,
      },
      '/script': {
        body: `<!doctype html><img src="http://0xa9fea9fe/latest/meta-data/"><script>fetch('http://[::ffff:169.254.169.254]/latest/meta-data/').catch(()=>{})</script>`,
      },
      '/canary': { body: 'canary' },
      '/plain': { body: '<!doctype html><p>hello</p>' },
    }));
  });
  afterAll(() => site?.close());
  const shot = (url: string) => call('post', `/v1/sessions/${sessionId}/screenshot`, { url, width: 320, height: 240 });

  const refused = [
    `http://${METADATA_IP}/latest/meta-data/`,
    'http://2852039166/latest/meta-data/',
    'http://0251.0376.0251.0376/latest/meta-data/',
    'http://0xa9fea9fe/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/latest/meta-data/',
    'http://169.254.169.254./latest/meta-data/',
    'http://[fe80::1]/',
    'http://0.0.0.0:80/',
    'file:///etc/passwd',
    'ftp://127.0.0.1/',
  ];
  it.each(refused)('%s → 400 URL_NOT_ALLOWED with the reason', async (url) => {
    const r = await shot(url);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.code).toBe('URL_NOT_ALLOWED');
    expect(r.body.details.reason).toMatch(/never allowed|scheme/);
  });

  it('a page that redirects to the metadata address: 400, the redirect target named', async () => {
    const r = await shot(`${site.url}/redirect`);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body).toMatchObject({
      code: 'URL_NOT_ALLOWED',
      details: { reason: expect.stringContaining(`redirected to http://${METADATA_IP}/latest/meta-data/`) },
    });
  });

  it('a page with an iframe, an image and a fetch to the metadata address: rendered, those requests never leave', async () => {
    for (const path of ['/iframe', '/script']) {
      const r = await shot(`${site.url}${path}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(Buffer.from(r.body.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
    }
    expect(site.hits).toContain('/canary'); // the allowed iframe loaded: frames do go out
    expect(metadata?.hits ?? []).toEqual([]);
  });

  it('control: the fake metadata service answers a direct request, so its empty log means something', async () => {
    if (!metadata)
      return console.log(
        'security suite: 169.254.169.254 could not be added to lo; refusals checked, delivery not observed',
      );
    const r = await fetch(`http://${METADATA_IP}/latest/meta-data/`);
    expect(await r.text()).toBe('iam/security-credentials/');
    expect(metadata.hits).toEqual(['/latest/meta-data/']);
    metadata.hits.length = 0;
  });
});

describe('workDir policy', () => {
  const bad = () =>
    [
      [join(app, '..', '..', 'outside'), /outside the allowed roots/],
      [join(app, 'link-out'), /outside the allowed roots/],
      ['/proc/self', /\/proc is never a workDir/],
      ['/', /root folder/],
      ['/etc', /outside the allowed roots/],
    ] as const;
  it('traversal, a symlink out of the root, /proc/self, / → 400 INVALID_WORKDIR (sessions, batch, pipelines)', async () => {
    for (const [workDir, why] of bad()) {
      const r = await call('post', '/v1/sessions', { workDir });
      expect(r.status, workDir).toBe(400);
      expect(r.body).toMatchObject({ code: 'INVALID_WORKDIR', message: expect.stringMatching(why) });
      const p = await call('post', '/v1/pipelines', { name: 'p', stages: [{ name: 'a', prompt: 'x', workDir }] });
      expect(p.status, workDir).toBe(400);
      expect(p.body.code).toBe('INVALID_WORKDIR');
    }
    const batch = await call('post', '/v1/sessions/batch', { sessions: [{ workDir: '/proc/self' }] });
    expect(batch.body.sessions[0]).toMatchObject({ ok: false, error: { code: 'INVALID_WORKDIR' } });
    expect((await call('get', '/v1/sessions')).body.sessions).toHaveLength(1);
  });
});

describe('webhooks with no secret configured', () => {
  it('the server generated one (0600, named in its log) and every event arrives signed with it', async () => {
    const file = join(f.stateDir, 'webhook-secret');
    expect(server.output()).toContain(`webhooks are signed (X-Aegis-Signature) with the new secret in ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    await expect.poll(() => receiver.bodies.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const created = receiver.bodies.find((b) => JSON.parse(b.body).event === 'session.created');
    expect(created).toBeDefined();
    for (const b of receiver.bodies)
      expect(verifySignature({ secret, header: b.headers['x-aegis-signature'] as string, body: b.body })).toBe(true);
  });
});
