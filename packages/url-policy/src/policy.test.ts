import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyAddress, pinnedFetch, urlPolicy, UrlNotAllowedError, type Resolver } from './index.js';

const METADATA_SPELLINGS = [
  'http://169.254.169.254/latest/meta-data/',
  'http://2852039166/latest/meta-data/',
  'http://0251.0376.0251.0376/latest/meta-data/',
  'http://0xa9fea9fe/latest/meta-data/',
  'http://169.254.169.254./latest/meta-data/',
  'http://[::ffff:169.254.169.254]/latest/meta-data/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://169.254.43518/',
  'http://0xa9.0xfe.0xa9.0xfe/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[::a9fe:a9fe]/',
];
const ALWAYS_REFUSED = [
  ...METADATA_SPELLINGS,
  'http://[fe80::1]/',
  'http://0.0.0.0:9100/',
  'http://0/',
  'http://[::]/',
  'http://255.255.255.255/',
  'http://224.0.0.1/',
  'http://[ff02::1]/',
  'http://240.0.0.1/',
  'http://[2002:a9fe:a9fe::1]/',
];
const PRIVATE = [
  'http://127.0.0.1:3000/',
  'http://localhost:3000/',
  'http://[::1]/',
  'http://10.1.2.3/',
  'http://192.168.0.10/',
  'http://172.16.5.4/',
  'http://100.64.0.1/',
  'http://[fd00::1]/',
  'http://0x7f000001/',
];

/** A resolver that never touches DNS: `localhost` is loopback, `public.test` a public address, `meta.test` the metadata address. */
const fakeResolve: Resolver = async (host) => {
  const table: Record<string, string[]> = {
    localhost: ['127.0.0.1'],
    'public.test': ['93.184.215.14'],
    'meta.test': ['169.254.169.254'],
    'mixed.test': ['93.184.215.14', '10.0.0.1'],
  };
  const a = table[host];
  if (!a) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

async function reason(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UrlNotAllowedError);
  expect((e as UrlNotAllowedError).code).toBe('URL_NOT_ALLOWED');
  return (e as UrlNotAllowedError).reason;
}

describe('urlPolicy', () => {
  const open = urlPolicy({ allowPrivate: true, resolve: fakeResolve });
  const closed = urlPolicy({ allowPrivate: false, resolve: fakeResolve });

  it.each(ALWAYS_REFUSED)('refuses %s even with private addresses allowed', async (url) => {
    expect(await reason(open.check(url))).toMatch(/never allowed/);
  });
  it('every metadata spelling names the metadata address in its reason', async () => {
    for (const url of METADATA_SPELLINGS) expect(await reason(open.check(url))).toContain('169.254.169.254');
  });
  it('only http: and https:', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/',
      'gopher://127.0.0.1/',
      'data:text/html,hi',
      'javascript:alert(1)',
      'ws://127.0.0.1/',
    ])
      expect(await reason(open.check(url))).toMatch(/scheme/);
    expect(await reason(open.check('not a url'))).toMatch(/not a valid/);
  });
  it.each(PRIVATE)('%s: allowed with allowPrivate, refused without', async (url) => {
    await expect(open.check(url)).resolves.toMatchObject({ url: new URL(url) });
    expect(await reason(closed.check(url))).toMatch(/private addresses are not allowed/);
  });
  it('a name is checked by what it resolves to, every address of it, and pinned to the first', async () => {
    await expect(closed.check('https://public.test/x')).resolves.toMatchObject({ address: '93.184.215.14', family: 4 });
    expect(await reason(open.check('http://meta.test/'))).toBe(
      'meta.test (169.254.169.254) is linkLocal: never allowed',
    );
    expect(await reason(closed.check('http://mixed.test/'))).toMatch(/10\.0\.0\.1/);
    expect(await reason(open.check('http://nowhere.test/'))).toMatch(/does not resolve \(ENOTFOUND\)/);
  });
  it('classifyAddress unwraps IPv4 carried in IPv6', () => {
    expect(classifyAddress('::ffff:127.0.0.1')).toEqual({ class: 'private', range: 'loopback', address: '127.0.0.1' });
    expect(classifyAddress('2606:4700::1111')).toMatchObject({ class: 'public' });
    expect(classifyAddress('not-an-ip')).toMatchObject({ class: 'refused', range: 'invalid' });
  });
});

describe('pinnedFetch', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('resolves once and connects to that address: a second answer of the resolver (rebinding) is never used', async () => {
    const hits: string[] = [];
    server = createServer((req, res) => {
      hits.push(`${req.headers.host} ${req.url}`);
      res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    let lookups = 0;
    // first answer loopback (allowed here), any later one the metadata address
    const rebinding: Resolver = async () => [{ address: lookups++ === 0 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
    const f = pinnedFetch(urlPolicy({ allowPrivate: true, resolve: rebinding }));
    const res = await f(`http://rebind.test:${port}/page`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(302); // redirects come back, never followed
    expect(res.headers.get('location')).toBe('http://169.254.169.254/');
    expect(lookups).toBe(1);
    expect(hits).toEqual([`rebind.test:${port} /page`]);
  });
  it('a refused URL throws before any connection', async () => {
    const f = pinnedFetch(urlPolicy({ allowPrivate: false, resolve: fakeResolve }));
    expect(await reason(f('http://127.0.0.1:1/'))).toMatch(/loopback/);
  });
});
