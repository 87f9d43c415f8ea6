/** A notification from a tmux control-mode client (`tmux -C`), reduced to what the driver needs. */
export type ControlNotification =
  | { type: 'output'; paneId: string }
  | { type: 'pane-mode-changed'; paneId: string }
  | { type: 'layout-change'; windowId: string }
  | { type: 'window-close'; windowId: string }
  | { type: 'window-add'; windowId: string }
  | { type: 'subscription'; name: string; windowId: string; paneId: string; value: string }
  | { type: 'exit'; reason: string }
  | { type: 'session-changed' }
  | { type: 'begin' }
  | { type: 'end'; error: boolean }
  | { type: 'other'; line: string };

/** Parses one line of control-mode output. Lines inside %begin/%end blocks come back as 'other'. */
export function parseControlLine(line: string): ControlNotification {
  if (!line.startsWith('%')) return { type: 'other', line };
  const space = line.indexOf(' ');
  const name = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  const word = (i: number): string => rest.split(' ')[i] ?? '';
  switch (name) {
    case '%output':
      return { type: 'output', paneId: word(0) };
    case '%extended-output':
      return { type: 'output', paneId: word(0) };
    case '%pane-mode-changed':
      return { type: 'pane-mode-changed', paneId: word(0) };
    case '%layout-change':
      return { type: 'layout-change', windowId: word(0) };
    case '%window-close':
    case '%unlinked-window-close':
      return { type: 'window-close', windowId: word(0) };
    case '%window-add':
    case '%unlinked-window-add':
      return { type: 'window-add', windowId: word(0) };
    case '%subscription-changed': {
      // %subscription-changed <name> $<session> @<window> <index> %<pane> ... : <value>
      const sep = rest.indexOf(' : ');
      const head = (sep < 0 ? rest : rest.slice(0, sep)).split(' ');
      return {
        type: 'subscription',
        name: head[0] ?? '',
        windowId: head[2] ?? '',
        paneId: head[4] ?? '',
        value: sep < 0 ? '' : rest.slice(sep + 3),
      };
    }
    case '%exit':
      return { type: 'exit', reason: rest };
    case '%session-changed':
      return { type: 'session-changed' };
    case '%begin':
      return { type: 'begin' };
    case '%end':
      return { type: 'end', error: false };
    case '%error':
      return { type: 'end', error: true };
    default:
      return { type: 'other', line };
  }
}
