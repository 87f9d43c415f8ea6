// Worker of sse.bench.ts (plain JS: workers do not get tsx's loader on Node 20): opens N raw SSE connections and reports, per bench event, every arrival time
// (absolute ms: performance.timeOrigin + performance.now(), comparable across threads).
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { port, subscribers } = workerData;
const now = () => performance.timeOrigin + performance.now();
const sockets = [];
const arrivals = new Map();
let ready = 0;

const STATE = Buffer.from('event: state');
const MARK = Buffer.from('"entryId":"bench-');

function arrived(n, t) {
  const list = arrivals.get(n) ?? [];
  list.push(t);
  arrivals.set(n, list);
  if (list.length === subscribers) {
    parentPort.postMessage({ type: 'event', n, arrivals: list });
    arrivals.delete(n);
  }
}

for (let i = 0; i < subscribers; i++) {
  const s = connect({ host: '127.0.0.1', port }, () =>
    s.write('GET /v1/events HTTP/1.1\r\nhost: bench\r\naccept: text/event-stream\r\n\r\n'),
  );
  s.setNoDelay(true);
  let seenState = false;
  s.on('data', (chunk) => {
    const t = now();
    if (!seenState && chunk.includes(STATE)) {
      seenState = true;
      if (++ready === subscribers) parentPort.postMessage({ type: 'ready' });
    }
    // frames are small and written whole: a marker never straddles two chunks on loopback
    for (let at = chunk.indexOf(MARK); at >= 0; at = chunk.indexOf(MARK, at + MARK.length)) {
      let n = 0;
      for (let j = at + MARK.length; chunk[j] >= 48 && chunk[j] <= 57; j++) n = n * 10 + (chunk[j] - 48);
      arrived(n, t);
    }
  });
  s.on('error', (e) => parentPort.postMessage({ type: 'error', message: String(e) }));
  sockets.push(s);
}
parentPort.on('message', (m) => {
  if (m.type === 'close') {
    for (const s of sockets) s.destroy();
    parentPort.close();
  }
});
