import type { SpinnerInfo } from '../types.js';
import { readAsk, readGate, readGeneric, readPermission, readPlan } from './dialogs.js';
import { firstGlyphColour, normalizeScreen, type NormalizedScreen } from './normalize.js';
import type { PatternTable } from './pattern-table.js';
import { patternsFor } from './patterns.js';
import type { ScreenReading } from './reading.js';

export interface ClassifyOptions {
  /** Claude Code version of the session (picks the pattern table; unknown → newest table). */
  version?: string;
  /** Use this table instead of looking one up. */
  table?: PatternTable;
}

interface InputBox {
  top: number;
  bottom: number;
}

/** The lowest `rule / ❯ … / rule` block: the input box (a dialog replaces it). */
function findInputBox(lines: readonly string[], t: PatternTable): InputBox | undefined {
  for (let bottom = lines.length - 1; bottom > 0; bottom--) {
    if (!t.rule.test(lines[bottom] ?? '')) continue;
    let top = bottom - 1;
    while (top >= 0 && !t.rule.test(lines[top] ?? '')) top--;
    if (top >= 0 && top < bottom - 1 && t.inputLine.test(lines[top + 1] ?? '')) return { top, bottom };
  }
  return undefined;
}

/**
 * Reads one screen capture (`capture-pane -p`, with or without `-e` escapes) into a ScreenReading:
 * which state it shows, the dialog's options with stable ids, the spinner, the input box and footer.
 */
export function classifyScreen(raw: string | NormalizedScreen, opts: ClassifyOptions = {}): ScreenReading {
  const screen = typeof raw === 'string' ? normalizeScreen(raw) : raw;
  const t = opts.table ?? patternsFor(opts.version);
  const { lines } = screen;
  const base = { patternVersion: t.version, options: [] };
  const box = findInputBox(lines, t);
  const below = box ? box.bottom + 1 : 0;

  const exited = readExit(lines, box, t);
  if (exited) return { ...base, ...exited };

  if (!box) {
    const found =
      readGate(lines, 0, t) ??
      readPlan(screen, 0, t) ??
      readAsk(screen, 0, t) ??
      readPermission(lines, 0, t) ??
      readGeneric(lines, 0, t);
    if (found) return { ...base, ...found };
    return { ...base, kind: 'unknown', matched: [] };
  }
  return { ...base, ...readBox(screen, box, below, t) };
}

/** tmux `remain-on-exit`: the dead pane's last line (Claude Code run as the window command, no shell). */
const PANE_DEAD = /^Pane is dead \((?:status \d+|signal \d+)/;

function readExit(lines: readonly string[], box: InputBox | undefined, t: PatternTable) {
  const last = lines[lines.length - 1] ?? '';
  // 2.1.331 clears the screen on exit and leaves only the resume hint (and tmux's `Pane is dead` line)
  const clearedOnExit =
    !box &&
    lines.some((l) => /^Resume this session with:/.test(l)) &&
    lines.some((l) => /^claude --resume \S+/.test(l));
  if (!t.shellPrompt.test(last) && !PANE_DEAD.test(last) && !clearedOnExit) return undefined;
  if (box && box.bottom >= lines.length - 1) return undefined;
  const from = box ? box.bottom + 1 : 0;
  const hint = lines.slice(from).find((l) => t.exitedHints.some((re) => re.test(l)));
  const resume = lines
    .slice(from)
    .map((l) => /claude --resume (\S+)/.exec(l)?.[1])
    .find(Boolean);
  const exit: { message?: string; resumeSessionId?: string } = {};
  if (hint && !/Resume this session/.test(hint)) exit.message = hint.trim();
  if (resume) exit.resumeSessionId = resume;
  return { kind: 'exited' as const, matched: ['exited'], exit };
}

function parseSpinner(line: string, t: PatternTable): SpinnerInfo | undefined {
  const m = t.spinner.exec(line);
  if (!m) return undefined;
  const s: SpinnerInfo = { glyph: m[1] ?? '', verb: (m[2] ?? '').trim() };
  const inside = m[3] ?? '';
  const el = /(?:(\d+)h\s*)?(?:(\d+)m\s*)?(\d+)s/.exec(inside);
  if (el) s.elapsedSeconds = Number(el[1] ?? 0) * 3600 + Number(el[2] ?? 0) * 60 + Number(el[3] ?? 0);
  const tok = /[↓↑]\s*([\d.]+)\s*([kKmM]?)\s*tokens/.exec(inside);
  if (tok) s.tokens = Math.round(Number(tok[1]) * (/k/i.test(tok[2] ?? '') ? 1000 : /m/i.test(tok[2] ?? '') ? 1e6 : 1));
  return s;
}

function readBox(
  screen: NormalizedScreen,
  box: InputBox,
  below: number,
  t: PatternTable,
): Omit<ScreenReading, 'patternVersion'> {
  const { lines } = screen;
  const matched = ['inputBox'];
  const r: Omit<ScreenReading, 'patternVersion'> = { kind: 'idle', matched, options: [] };

  // input box contents (first line after `❯`, continuation lines indented by two)
  const inputLines = lines
    .slice(box.top + 1, box.bottom)
    .map((l, i) => (i === 0 ? (t.inputLine.exec(l)?.[1] ?? '') : l.replace(/^ {2}/, '')));
  const text = inputLines.join('\n').trim();
  const queuedPlaceholder = t.queuedPlaceholder.test(text);
  const placeholder = queuedPlaceholder || (t.inputPlaceholders ?? []).some((re) => re.test(text));
  r.input = { text: placeholder ? '' : text, queued: queuedPlaceholder };

  const footer = lines
    .slice(below)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  r.footer = footer;
  const footerText = footer.join(' · ');
  const mode = t.modes.find((m) => m.re.test(footerText))?.mode;
  if (mode) {
    r.mode = mode;
    matched.push('modes');
  }
  if (t.exitArmedFooter.test(footerText)) r.exitArmed = true;

  // spinner / retry / queued messages / running tool: just above the box, never in older scrollback
  const queued: string[] = [];
  for (let i = box.top - 1, seen = 0; i >= 0 && seen < 14; i--, seen++) {
    const line = lines[i] ?? '';
    if (t.rule.test(line)) break;
    const retry = t.retrying.exec(line);
    if (retry) {
      r.kind = 'retrying';
      r.retry = {
        retryInSeconds: Number(retry[1]),
        attempt: Number(retry[2]),
        maxAttempts: Number(retry[3]),
        message: line.replace(/^\S+\s+/, '').trim(),
      };
      matched.push('retrying');
      break;
    }
    const sp = parseSpinner(line, t);
    if (sp) {
      const colour = firstGlyphColour(screen, i);
      if (typeof colour === 'number' && t.stallColours.includes(colour)) {
        sp.stallHint = true;
        matched.push('stallColour');
      }
      r.spinner = sp;
      r.kind = 'working';
      matched.push('spinner');
      const tool = findRunningTool(lines, i, t);
      if (tool) r.tool = tool;
      break;
    }
    const q = t.queuedMessage.exec(line);
    if (q?.[1]) queued.unshift(q[1].trim());
    if (/^[●❯]/.test(line)) break;
  }
  if (queued.length > 0 || queuedPlaceholder) {
    r.queued = queued;
    matched.push('queued');
  }
  if (r.kind === 'idle' && t.busyFooter.test(footerText)) {
    r.kind = 'working';
    matched.push('footer');
  }
  if (r.kind === 'idle') {
    const last = readLastTurn(lines, box.top, t);
    if (last) {
      r.lastTurn = last;
      matched.push(
        last.outcome === 'interrupted' ? 'interrupted' : last.outcome === 'api_error' ? 'apiError' : 'completion',
      );
    }
  }
  return r;
}

function findRunningTool(lines: readonly string[], spinnerLine: number, t: PatternTable): string | undefined {
  for (let i = spinnerLine - 1; i >= Math.max(0, spinnerLine - 8); i--) {
    const other = t.runningToolLines?.find((x) => x.re.test(lines[i] ?? ''));
    if (other) return other.tool;
    if (!/⎿\s+Running…/.test(lines[i] ?? '')) continue;
    const m = t.toolLine.exec(lines[i - 1] ?? '');
    if (m?.[1]) return m[1];
  }
  return undefined;
}

function readLastTurn(lines: readonly string[], boxTop: number, t: PatternTable): ScreenReading['lastTurn'] {
  let completed = false;
  for (let i = boxTop - 1, n = 0; i >= 0 && n < 10; i--) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    n++;
    if (t.interrupted.test(line)) return { outcome: 'interrupted' };
    if (t.completion.test(line)) {
      completed = true;
      continue;
    }
    const err = t.apiError.exec(line);
    if (err) {
      const more = lines.slice(i + 1, boxTop).filter((l) => /^ {2}\S/.test(l));
      const msg = [err[1] ?? '', ...more.map((l) => l.trim())].join(' ').trim();
      return { outcome: 'api_error', message: msg };
    }
    if (/^❯ /.test(line)) break;
  }
  return completed ? { outcome: 'completed' } : undefined;
}
