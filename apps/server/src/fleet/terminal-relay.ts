import type { IncomingMessage } from 'node:http';
import { pinnedLookup, urlPolicy, type UrlPolicy } from '@aegis/url-policy';
import WebSocket, { type RawData } from 'ws';
import type { SessionService } from '../service.js';
import type { Fleet, NodeInfo, RemoteSession } from './fleet.js';
import { holdsSession } from './holds-session.js';
import { CLUSTER_SECRET_HEADER, FORWARDED_BY_HEADER, ON_BEHALF_HEADER } from './headers.js';

/** A refusal the relay tells the client in an `error` frame before it closes (the owner's, or why it is unreachable). */
export class TerminalRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opens the owner's terminal socket for a caller: resolves once it is open, rejects with a `TerminalRefusal`. Its
 * frames go to `onFrame` from the start (the first ones can arrive before a caller awaiting the open could listen).
 */
export type TerminalDialer = (
  node: NodeInfo,
  path: string,
  principal: { name: string; role: string },
  onFrame: (data: RawData, binary: boolean) => void,
) => Promise<WebSocket>;

export interface TerminalDialerOptions {
  nodeId: string;
  /** None: every carried terminal is refused, saying why. */
  clusterSecret: string | undefined;
  /** An owner that accepts the connection but does not upgrade it by then is unreachable. Default 10 s. */
  handshakeTimeoutMs?: number;
  /** Default: private addresses allowed (fleets live on private networks), link-local and metadata never. */
  policy?: UrlPolicy;
}

/** The owner's answer to a refused upgrade is JSON `{code, message}` (errors.ts); read at most this much of it. */
const REFUSAL_BYTES = 16_384;

/**
 * Dials the owner's `GET /v1/sessions/:id/terminal` with the cluster secret and the caller (the owner checks the
 * secret and applies the caller's role again). The node URL goes through the URL policy, and the socket connects to
 * exactly the address the policy checked (pinned `lookup`: no second resolution).
 */
export function terminalDialer(o: TerminalDialerOptions): TerminalDialer {
  const policy = o.policy ?? urlPolicy({ allowPrivate: true });
  return async (node, path, principal, onFrame) => {
    const unreachable = (why: string) =>
      new TerminalRefusal('NODE_UNREACHABLE', `node "${node.id}" cannot be reached (${why})`);
    if (!o.clusterSecret)
      throw new TerminalRefusal(
        'NODE_UNREACHABLE',
        `this session runs on node "${node.id}"; carrying its terminal there needs AEGIS_CLUSTER_SECRET on every node`,
      );
    let checked: Awaited<ReturnType<UrlPolicy['check']>>;
    try {
      checked = await policy.check(new URL(path, node.url));
    } catch (e) {
      throw unreachable((e as Error).message);
    }
    const url = new URL(checked.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const owner = new WebSocket(url, {
      headers: {
        [CLUSTER_SECRET_HEADER]: o.clusterSecret,
        [ON_BEHALF_HEADER]: JSON.stringify(principal),
        [FORWARDED_BY_HEADER]: o.nodeId,
      },
      lookup: pinnedLookup(checked),
      handshakeTimeout: o.handshakeTimeoutMs ?? 10_000,
    });
    owner.on('message', onFrame);
    return new Promise<WebSocket>((resolve, reject) => {
      owner.once('open', () => resolve(owner));
      owner.on('error', (e) => reject(unreachable(e.message))); // a later one (after a refusal) changes nothing
      owner.once('unexpected-response', (req, res) => {
        void refusalOf(res).then((r) => {
          req.destroy(); // ws leaves a refused upgrade's connection open otherwise
          reject(r);
        });
      });
    });
  };
}

/** The owner's `{code, message}` of a refused upgrade (its 404, 410, 403…). */
async function refusalOf(res: IncomingMessage): Promise<TerminalRefusal> {
  let body = '';
  try {
    for await (const chunk of res) {
      body += String(chunk);
      if (body.length > REFUSAL_BYTES) break;
    }
    const e = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && typeof e.message === 'string') return new TerminalRefusal(e.code, e.message);
  } catch {
    /* not the JSON of an Aegis node: say what status it answered */
  }
  return new TerminalRefusal('NODE_UNREACHABLE', `the owning node refused the terminal (HTTP ${res.statusCode})`);
}

/** Where a terminal request is served: null here (this node's session, or one another node carried here). */
export async function remoteTerminal(
  fleet: Fleet | null,
  manager: Pick<SessionService, 'get'>,
  request: { headers: Record<string, unknown>; params: { id: string } },
): Promise<RemoteSession | null> {
  const { id } = request.params;
  if (!fleet || request.headers[CLUSTER_SECRET_HEADER] !== undefined || holdsSession(manager, id)) return null;
  return fleet.remote(id); // null: nobody's, and the route answers 404
}

/**
 * What a client may send while the owner's socket opens (a take-over, keystrokes): held and passed on in order. More
 * than this closes the socket with an error frame; a keystroke is never dropped silently.
 */
const PENDING_MAX_BYTES = 1024 * 1024;

/**
 * Carries a terminal socket to the session's owner and pipes frames both ways until either side closes. An owner
 * that is down or cannot be reached, or refuses, gives the client one `error` frame and a close, at once.
 */
export function relayTerminal(
  client: WebSocket,
  remote: RemoteSession,
  principal: { name: string; role: string },
  dial: TerminalDialer,
): void {
  const pending: [RawData, boolean][] = [];
  let pendingBytes = 0;
  let owner: WebSocket | null = null;
  let clientGone = false;
  client.on('message', (data, binary) => {
    if (owner) return owner.send(data as Buffer, { binary });
    pendingBytes += (data as Buffer).length;
    if (pendingBytes <= PENDING_MAX_BYTES) return void pending.push([data, binary]);
    clientGone = true;
    refuse(
      client,
      new TerminalRefusal('PAYLOAD_TOO_LARGE', `more than 1 MiB sent before node "${remote.nodeId}" answered`),
    );
  });
  client.on('close', () => {
    clientGone = true;
    owner?.close();
  });
  client.on('error', () => owner?.terminate());
  const node = remote.owner;
  const opened =
    node?.status === 'up'
      ? dial(node, `/v1/sessions/${encodeURIComponent(remote.record.id)}/terminal`, principal, (data, binary) => {
          if (client.readyState === client.OPEN) client.send(data as Buffer, { binary });
        })
      : Promise.reject(
          new TerminalRefusal(
            'NODE_UNREACHABLE',
            `session ${remote.record.id} runs on node "${remote.nodeId}", which is down`,
          ),
        );
  opened.then(
    (ws) => {
      if (clientGone) return ws.close();
      owner = ws;
      for (const [data, binary] of pending.splice(0)) ws.send(data as Buffer, { binary });
      // (its errors are the dialer's to swallow: a broken connection closes with 1006)
      ws.on('close', (code, reason) => {
        if (code === 1006)
          return refuse(
            client,
            new TerminalRefusal('NODE_UNREACHABLE', `the connection to node "${remote.nodeId}" broke`),
          );
        closeQuietly(client, validCloseCode(code) ? code : undefined, reason.toString('utf8'));
      });
    },
    (e: unknown) => {
      refuse(client, e instanceof TerminalRefusal ? e : new TerminalRefusal('NODE_UNREACHABLE', String(e)));
    },
  );
}

function refuse(client: WebSocket, e: TerminalRefusal): void {
  if (client.readyState === client.OPEN)
    client.send(JSON.stringify({ type: 'error', code: e.code, message: e.message }));
  closeQuietly(client, 1011, '');
}

/** Codes a close frame may carry (1005 and 1006 are only ever reported, never sent). */
const validCloseCode = (code: number) =>
  (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);

function closeQuietly(socket: WebSocket, code: number | undefined, reason: string): void {
  try {
    socket.close(code, code === undefined ? undefined : reason);
  } catch {
    /* already closed */
  }
}
