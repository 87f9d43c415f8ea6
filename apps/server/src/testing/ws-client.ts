// Test helper (not exported): a WebSocket client that keeps the JSON frames it got, for the terminal tests.
import WebSocket from 'ws';

export type Frame = Record<string, unknown>;

export interface FramesSocket extends WebSocket {
  f: {
    all: Frame[];
    /** The first frame of that type not taken yet. */
    next: (type: string) => Promise<Frame>;
  };
  /** Resolves with the close code once the socket has closed. */
  closed: Promise<number>;
}

/** Opens the socket; rejects with the HTTP status when the upgrade is refused. */
export function connectWs(url: string, headers: Record<string, string> = {}): Promise<FramesSocket> {
  const ws = new WebSocket(url, { headers }) as FramesSocket;
  ws.f = frames(ws);
  ws.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
    ws.on('unexpected-response', (req, res) => {
      req.destroy(); // ws leaves a refused upgrade's connection open otherwise
      reject(new Error(`refused: ${res.statusCode}`));
    });
  });
}

function frames(ws: WebSocket): FramesSocket['f'] {
  const all: Frame[] = [];
  const unread: Frame[] = [];
  const waiters: [string, (f: Frame) => void][] = [];
  ws.on('message', (raw: Buffer) => {
    const f = JSON.parse(raw.toString()) as Frame;
    all.push(f);
    const i = waiters.findIndex(([t]) => t === f.type);
    if (i >= 0) waiters.splice(i, 1)[0]![1](f);
    else unread.push(f);
  });
  return {
    all,
    next: (type) => {
      const i = unread.findIndex((f) => f.type === type);
      if (i >= 0) return Promise.resolve(unread.splice(i, 1)[0]!);
      return new Promise((resolve) => waiters.push([type, resolve]));
    },
  };
}
