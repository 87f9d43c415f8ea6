import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './address.js';
import { UrlNotAllowedError } from './errors.js';

/** Resolves a host name to all its addresses (default: the system resolver, like every other Node client). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface UrlPolicyOptions {
  /** Allow loopback and private ranges (127/8, 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, ::1). */
  allowPrivate: boolean;
  /** Default: `dns.lookup(host, { all: true })`. */
  resolve?: Resolver;
}

/** A URL the policy accepted, with the one address every connection for it must use. */
export interface CheckedUrl {
  url: URL;
  address: string;
  family: 4 | 6;
}

export interface UrlPolicy {
  readonly allowPrivate: boolean;
  /** Parses, resolves once and checks; throws `UrlNotAllowedError` with the reason. */
  check(url: string | URL): Promise<CheckedUrl>;
}

const defaultResolve: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * The outbound URL policy. The WHATWG URL parser has already turned every IPv4 spelling (decimal `2852039166`, octal
 * `0251.0376.0251.0376`, hex `0xa9fea9fe`, trailing dot) into dotted form; IPv6 forms carrying IPv4 are unwrapped by
 * `classifyAddress`. A name is resolved once, and every address it resolves to must pass (a name with one bad
 * address is refused whole, so no later pick of "the other" address can land on it).
 */
export function urlPolicy(o: UrlPolicyOptions): UrlPolicy {
  const resolve = o.resolve ?? defaultResolve;
  const refuse = (url: string, reason: string): never => {
    throw new UrlNotAllowedError(url, reason);
  };
  return {
    allowPrivate: o.allowPrivate,
    async check(input) {
      const text = String(input);
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return refuse(text, 'not a valid absolute URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return refuse(text, `scheme ${url.protocol} is not allowed (only http: and https:)`);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      let addresses: { address: string; family: number }[];
      if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
      else {
        try {
          addresses = await resolve(host.replace(/\.$/, ''));
        } catch (e) {
          return refuse(text, `${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        }
        if (addresses.length === 0) return refuse(text, `${host} does not resolve`);
      }
      for (const a of addresses) {
        const v = classifyAddress(a.address);
        const named = v.address === host ? host : `${host} (${v.address})`;
        if (v.class === 'refused') refuse(text, `${named} is ${v.range}: never allowed`);
        if (v.class === 'private' && !o.allowPrivate)
          refuse(text, `${named} is ${v.range}: private addresses are not allowed here`);
      }
      const first = addresses[0]!;
      return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
    },
  };
}
