import { pinnedFetch, UrlNotAllowedError, type UrlPolicy } from '@aegis/url-policy';
import type { BrowserContext, Request, Route } from 'playwright-core';

/** Hop-by-hop and framing headers: the fetch below decodes and re-frames the body, Chromium gets it whole. */
const DROP_REQUEST = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade']);
const DROP_RESPONSE = new Set(['connection', 'content-length', 'content-encoding', 'transfer-encoding', 'keep-alive']);

export interface Refusal {
  url: string;
  reason: string;
  /** The page's own navigation (the first URL or a redirect of it), not a resource or a frame inside it. */
  mainFrame: boolean;
}

const MAX_REDIRECTS = 10;

/**
 * Every request of every page in the context goes through the URL policy and is made by Node, not by Chromium: the
 * name is resolved once and the connection pinned (no DNS rebinding between check and connect), a refused one is
 * aborted before anything leaves. Redirects are followed here, each hop checked again: Chromium follows a redirect
 * it was handed by `route.fulfill` itself, without routing the new request (measured: a fulfilled 302 to
 * 169.254.169.254 reached it), so a 3xx is never handed over. The page then keeps its first URL. Service workers
 * are blocked by the context, WebSockets closed here (a screenshot needs neither, and neither goes through `route`).
 */
export async function guardRequests(context: BrowserContext, policy: UrlPolicy, timeoutMs: number): Promise<Refusal[]> {
  const refused: Refusal[] = [];
  const fetchPinned = pinnedFetch(policy);
  const isMain = (r: Request) => {
    try {
      return r.isNavigationRequest() && r.frame().parentFrame() === null;
    } catch {
      return false; // a service-worker request has no frame
    }
  };
  await context.route('**/*', async (route: Route) => {
    const req = route.request();
    try {
      const headers = Object.fromEntries(
        Object.entries(await req.allHeaders()).filter(([k]) => !DROP_REQUEST.has(k) && !k.startsWith(':')),
      );
      let url = req.url();
      let method = req.method();
      let body = req.postDataBuffer();
      let res: Response;
      for (let hop = 0; ; hop++) {
        res = await fetchPinned(url, {
          method,
          headers,
          ...(body ? { body } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const location = res.headers.get('location');
        if (res.status < 300 || res.status > 399 || !location || hop === MAX_REDIRECTS) break;
        url = new URL(location, url).href;
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = null;
        }
      }
      const out: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (!DROP_RESPONSE.has(k)) out[k] = k in out ? `${out[k]}\n${v}` : v;
      });
      await route.fulfill({ status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) });
    } catch (e) {
      if (e instanceof UrlNotAllowedError) {
        refused.push({ url: e.url, reason: e.reason, mainFrame: isMain(req) });
        await route.abort('blockedbyclient').catch(() => undefined);
      } else await route.abort('failed').catch(() => undefined);
    }
  });
  await context.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'WebSockets are closed in screenshots' }));
  return refused;
}
