import { isKeyName, type KeyName } from '@aegis/tmux';

/** One step of typing into tmux: literal text, or named keys. */
export type InputOp = { text: string } | { keys: KeyName[] };

/** Escape sequences xterm sends for special keys → tmux key names. */
const SEQUENCES: [string, KeyName][] = [
  ['\x1b[A', 'Up'],
  ['\x1b[B', 'Down'],
  ['\x1b[C', 'Right'],
  ['\x1b[D', 'Left'],
  ['\x1bOA', 'Up'],
  ['\x1bOB', 'Down'],
  ['\x1bOC', 'Right'],
  ['\x1bOD', 'Left'],
  ['\x1b[H', 'Home'],
  ['\x1b[F', 'End'],
  ['\x1bOH', 'Home'],
  ['\x1bOF', 'End'],
  ['\x1b[5~', 'PageUp'],
  ['\x1b[6~', 'PageDown'],
  ['\x1b[3~', 'DC'],
  ['\x1b[Z', 'BTab'],
  ['\x1b\r', 'M-Enter'],
];

const SINGLE: Record<string, KeyName> = {
  '\r': 'Enter',
  '\x7f': 'BSpace',
  '\b': 'BSpace',
  '\t': 'Tab',
  '\x1b': 'Escape',
};

/**
 * Turns what xterm.js reports as typed (`onData`) into tmux calls: printable runs as text, special keys by
 * name. Anything tmux has no safe name for (other control bytes, unknown escape sequences) is dropped.
 */
export function inputOps(data: string): InputOp[] {
  const ops: InputOp[] = [];
  const key = (k: KeyName) => {
    const last = ops[ops.length - 1];
    if (last && 'keys' in last) last.keys.push(k);
    else ops.push({ keys: [k] });
  };
  let text = '';
  // tmux's typed input trims trailing blanks: type them as Space keys
  const flush = () => {
    const body = text.replace(/ +$/, '');
    if (body) ops.push({ text: body });
    for (let n = text.length - body.length; n > 0; n--) key('Space');
    text = '';
  };
  let i = 0;
  outer: while (i < data.length) {
    for (const [seq, name] of SEQUENCES) {
      if (data.startsWith(seq, i)) {
        flush();
        key(name);
        i += seq.length;
        continue outer;
      }
    }
    const ch = data[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\x1b' && data[i + 1] === '[') {
      // an escape sequence we do not map: skip it whole (parameters, then one final byte)
      flush();
      let j = i + 2;
      while (j < data.length && /[0-9;?]/.test(data[j]!)) j++;
      i = j + 1;
      continue;
    }
    if (SINGLE[ch]) {
      flush();
      key(SINGLE[ch]);
    } else if (code < 0x20) {
      flush();
      const name = `C-${String.fromCharCode(code + 0x60)}`;
      if (isKeyName(name)) key(name);
    } else {
      text += ch;
    }
    i++;
  }
  flush();
  return ops;
}
