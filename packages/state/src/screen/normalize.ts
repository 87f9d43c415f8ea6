/** A run of text with the SGR colours it was drawn in (256-colour index, `r;g;b`, or undefined = default). */
export interface StyledSegment {
  text: string;
  fg?: number | string;
  bg?: number | string;
  inverse?: boolean;
}

/** A screen ready for pattern matching: plain lines, plus styles when the capture had escapes. */
export interface NormalizedScreen {
  /** Plain text, trailing spaces and trailing blank lines removed, NBSP turned into a space. */
  lines: string[];
  /** Per line, the styled segments (only when the input contained escapes). */
  styles?: StyledSegment[][];
}

// CSI (incl. SGR), OSC (BEL or ST terminated), and lone two-byte escapes.
const ESCAPE = /\u001b\[[0-9;?<>=!]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

function cleanText(s: string): string {
  return s.replace(/\u00a0/g, ' ').replace(/\r/g, '');
}

interface Pen {
  fg?: number | string;
  bg?: number | string;
  inverse?: boolean;
}

function applySgr(pen: Pen, params: string): Pen {
  const p = params === '' ? [0] : params.split(';').map((x) => (x === '' ? 0 : Number(x)));
  const next: Pen = { ...pen };
  for (let i = 0; i < p.length; i++) {
    const n = p[i] ?? 0;
    if (n === 0) {
      delete next.fg;
      delete next.bg;
      delete next.inverse;
    } else if (n === 7) next.inverse = true;
    else if (n === 27) delete next.inverse;
    else if (n === 39) delete next.fg;
    else if (n === 49) delete next.bg;
    else if ((n === 38 || n === 48) && p[i + 1] === 5) {
      const v = p[i + 2] ?? 0;
      if (n === 38) next.fg = v;
      else next.bg = v;
      i += 2;
    } else if ((n === 38 || n === 48) && p[i + 1] === 2) {
      const v = `${p[i + 2] ?? 0};${p[i + 3] ?? 0};${p[i + 4] ?? 0}`;
      if (n === 38) next.fg = v;
      else next.bg = v;
      i += 4;
    } else if (n >= 30 && n <= 37) next.fg = n - 30;
    else if (n >= 90 && n <= 97) next.fg = n - 90 + 8;
    else if (n >= 40 && n <= 47) next.bg = n - 40;
    else if (n >= 100 && n <= 107) next.bg = n - 100 + 8;
  }
  return next;
}

function styleLine(raw: string, pen: Pen): { segments: StyledSegment[]; pen: Pen } {
  const segments: StyledSegment[] = [];
  let cur = pen;
  let last = 0;
  const push = (text: string) => {
    const t = cleanText(text);
    if (t !== '') segments.push({ text: t, ...cur });
  };
  for (const m of raw.matchAll(ESCAPE)) {
    push(raw.slice(last, m.index));
    const sgr = /^\u001b\[([0-9;]*)m$/.exec(m[0]);
    if (sgr) cur = applySgr(cur, sgr[1] ?? '');
    last = m.index + m[0].length;
  }
  push(raw.slice(last));
  return { segments, pen: cur };
}

/** Strips escapes (keeping SGR colours in `styles`), normalises spaces and trims trailing blank lines. */
export function normalizeScreen(raw: string): NormalizedScreen {
  const rawLines = raw.replace(/\r\n/g, '\n').split('\n');
  const hasEscapes = raw.includes('\u001b');
  const lines = rawLines.map((l) => cleanText(l.replace(ESCAPE, '')).trimEnd());
  let end = lines.length;
  while (end > 0 && lines[end - 1] === '') end--;
  if (!hasEscapes) return { lines: lines.slice(0, end) };
  const styles: StyledSegment[][] = [];
  let pen: Pen = {};
  for (const l of rawLines.slice(0, end)) {
    const r = styleLine(l, pen);
    styles.push(r.segments);
    pen = r.pen;
  }
  return { lines: lines.slice(0, end), styles };
}

/** Foreground colour of the first non-blank character of a line, if styles are known. */
export function firstGlyphColour(screen: NormalizedScreen, line: number): number | string | undefined {
  const segs = screen.styles?.[line];
  if (!segs) return undefined;
  for (const s of segs) if (s.text.trim() !== '') return s.fg;
  return undefined;
}
