import { Terminal as Xterm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'preact/hooks';

type Frame =
  | { type: 'size'; cols: number; rows: number }
  | { type: 'screen'; data: string }
  | { type: 'exited'; exitStatus: number | null }
  | { type: 'closed'; reason: string }
  | { type: 'error'; code: string; message: string };

/**
 * The session's terminal, live over `/v1/sessions/:id/terminal`: xterm.js draws what the server pushes, at the
 * pane's own size. Read-only until an operator turns "Take over" on; then keystrokes go to the pane.
 * Screen-reader mode keeps the text readable by assistive technology (and tests).
 */
export function Terminal({ sessionId, canType }: { sessionId: string; canType: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const sock = useRef<WebSocket | null>(null);
  const [takeover, setTakeover] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const takeoverRef = useRef(false);

  useEffect(() => {
    const term = new Xterm({
      screenReaderMode: true,
      disableStdin: false,
      convertEol: false,
      cursorBlink: false,
      fontSize: 13,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
      theme: { background: '#0d1117', foreground: '#e6edf3' },
      scrollback: 0,
    });
    term.open(host.current!);
    term.write('\x1b[?25l'); // the server redraws rows; it does not track the cursor
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/sessions/${encodeURIComponent(sessionId)}/terminal`;
    const ws = new WebSocket(url);
    sock.current = ws;
    ws.onmessage = (m) => {
      const f = JSON.parse(String(m.data)) as Frame;
      if (f.type === 'size') term.resize(f.cols, f.rows);
      else if (f.type === 'screen')
        term.write(f.data, () => host.current?.dispatchEvent(new CustomEvent('aegis-drawn')));
      else if (f.type === 'exited') setNote(`Claude Code exited (${f.exitStatus ?? 'signal'})`);
      else if (f.type === 'closed') setNote('The session window closed');
      else setNote(f.message);
    };
    ws.onclose = () => setNote((n) => n ?? 'Disconnected');
    const typed = term.onData((data) => {
      if (takeoverRef.current && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'input', data }));
    });
    return () => {
      typed.dispose();
      ws.close();
      term.dispose();
    };
  }, [sessionId]);

  const toggle = () => {
    const on = !takeover;
    takeoverRef.current = on;
    setTakeover(on);
    sock.current?.send(JSON.stringify({ type: 'takeover', on }));
    if (on) host.current?.querySelector('textarea')?.focus();
  };

  return (
    <section class="terminal" aria-label="Terminal">
      <div class="bar">
        <strong>Terminal</strong>
        {canType ? (
          <label class="takeover">
            <input type="checkbox" checked={takeover} onChange={toggle} /> Take over (type into Claude Code)
          </label>
        ) : (
          <span class="muted">watching (read-only)</span>
        )}
        {note && <span class="muted">{note}</span>}
      </div>
      <div class={`xterm-host${takeover ? ' live' : ''}`} ref={host} data-testid="terminal" />
    </section>
  );
}
