import { pinnedFetch, urlPolicy, UrlNotAllowedError } from '@aegis/url-policy';
import { HttpError } from '../errors.js';
import type { Forwarder } from './fleet.js';
import { CLUSTER_SECRET_HEADER, FORWARDED_BY_HEADER, NODE_HEADER, ON_BEHALF_HEADER } from './headers.js';

/** Headers of the caller's request that mean something to the owner. */
const PASSED = ['accept', 'content-type', 'last-event-id', 'x-request-id'];
/** Headers of the owner's answer passed back (its own framing headers are the forwarding node's business). */
const RETURNED = ['content-type', 'content-disposition', 'cache-control', 'retry-after', 'x-request-id'];

export interface HttpForwarderOptions {
  nodeId: string;
  /** None: every carried request is refused (503), saying why. */
  clusterSecret: string | undefined;
  /** A forwarded request that has not answered by then fails (a send waits for its confirmation, so not short). */
  timeoutMs: number;
}

/**
 * Carries a request to the owning node over HTTP with the cluster secret. Node URLs go through the URL policy
 * (private addresses allowed: fleets live on private networks; link-local and metadata addresses never). A node
 * that refuses the connection or does not answer in time is `NODE_UNREACHABLE` (503) — the caller never hangs.
 */
export function httpForwarder(o: HttpForwarderOptions): Forwarder {
  const fetchChecked = pinnedFetch(urlPolicy({ allowPrivate: true }));
  return async (node, request) => {
    if (!o.clusterSecret)
      throw new HttpError(
        'NODE_UNREACHABLE',
        `this session runs on node "${node.id}"; carrying requests there needs AEGIS_CLUSTER_SECRET on every node`,
        { node: node.id },
      );
    const headers: Record<string, string> = {
      [CLUSTER_SECRET_HEADER]: o.clusterSecret,
      [ON_BEHALF_HEADER]: JSON.stringify(request.principal),
      [FORWARDED_BY_HEADER]: o.nodeId,
    };
    for (const h of PASSED) if (request.headers[h] !== undefined) headers[h] = request.headers[h];
    const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
    if (hasBody) headers['content-type'] = 'application/json';
    else delete headers['content-type'];
    let res: Response;
    try {
      res = await fetchChecked(new URL(request.url, node.url), {
        method: request.method,
        headers,
        ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (e) {
      const reason = e instanceof UrlNotAllowedError ? e.message : ((e as Error).cause as Error | undefined)?.message;
      throw new HttpError('NODE_UNREACHABLE', `node "${node.id}" did not answer (${reason ?? (e as Error).message})`, {
        node: node.id,
      });
    }
    const out: Record<string, string> = { [NODE_HEADER]: node.id };
    for (const h of RETURNED) {
      const v = res.headers.get(h);
      if (v !== null) out[h] = v;
    }
    return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
  };
}
