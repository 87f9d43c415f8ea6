import type { LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import type { CheckedUrl, UrlPolicy } from './policy.js';

/** `fetch` through the policy: a refused URL throws `UrlNotAllowedError` before any connection is made. */
export type PinnedFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * A `lookup` (for `net.connect`, `http.request`, `ws`) that answers every name with the checked address: the socket
 * cannot re-resolve (DNS rebinding). For clients other than `pinnedFetch`, e.g. a WebSocket to a checked URL.
 */
export function pinnedLookup(c: CheckedUrl): LookupFunction {
  return ((_host: string, options: { all?: boolean }, cb: (...a: unknown[]) => void) => {
    if (options?.all) cb(null, [{ address: c.address, family: c.family }]);
    else cb(null, c.address, c.family);
  }) as LookupFunction;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Checks the URL (resolving its name once), then connects to exactly that address with undici (its `connect.lookup`
 * is pinned; TLS still verifies the certificate against the name). Redirects are never followed here — a 3xx comes
 * back as is, and a caller that follows it checks the new URL again. The body is read whole (these are webhook
 * answers and page resources), so the connection is closed before the caller sees the response.
 */
export function pinnedFetch(policy: UrlPolicy): PinnedFetch {
  return async (input, init = {}) => {
    const checked = await policy.check(input);
    const agent = new Agent({ connect: { lookup: pinnedLookup(checked) }, pipelining: 0 });
    try {
      const res = await undiciFetch(checked.url, {
        ...(init as object),
        redirect: 'manual',
        dispatcher: agent,
      } as Parameters<typeof undiciFetch>[1]);
      const body = NULL_BODY.has(res.status) ? null : Buffer.from(await res.arrayBuffer());
      const headers = new Headers();
      res.headers.forEach((v, k) => headers.append(k, v));
      return new Response(body, { status: res.status, statusText: res.statusText, headers });
    } finally {
      await agent.close().catch(() => undefined);
    }
  };
}
