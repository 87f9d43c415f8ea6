/**
 * Seeded generator of hard texts for the delivery property test. A small PRNG (mulberry32) rather than fast-check:
 * each case costs seconds on the real CLI, so shrinking is not affordable, and the mix of shapes must be chosen
 * (every shape in every run), not left to arbitraries; a seed reproduces a run exactly.
 */
export type Shape =
  'unbroken' | 'words' | 'unicode' | 'multiline' | 'tabs' | 'trailing' | 'leading' | 'markers' | 'huge';

export interface GeneratedText {
  index: number;
  shape: Shape;
  text: string;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'lorem',
  'ipsum',
  'dolor',
  'sit',
  'amet',
  'quote"d',
  "it's",
  '$(whoami)',
  'a;b',
  '`tick`',
  '--flag',
  '0123456789',
  'x',
];
const UNICODE = [
  '漢字',
  '日本語のテキスト',
  '한국어',
  '🚀',
  '👩‍💻',
  '🇩🇪',
  'é',
  'ñ',
  'ü',
  'Å',
  'שלום עולם',
  'مرحبا بالعالم',
  '∑∫√',
  'ß',
  '…',
  '—',
];
const MARKERS = [
  '[Pasted text #1]',
  '[Pasted text #2 +12 lines]',
  '<pasted_content>',
  '</pasted_content>',
  '[Image #1]',
  '<system>',
  '> quoted',
];
const LEADING = ['/', '!', '#', '@', '?'];
const SHAPES: Shape[] = ['unbroken', 'words', 'unicode', 'multiline', 'tabs', 'trailing', 'leading', 'markers'];

/** A generator of `runs` texts from `seed`; the last text of a run is always the 10,000-character one. */
export function generateTexts(seed: number, runs: number): GeneratedText[] {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  // mostly short, some long: lengths 1 to 8,000 (log-uniform)
  const length = () => Math.max(1, Math.min(8000, Math.round(Math.exp(rnd() * Math.log(8000)))));
  const words = (n: number, from: readonly string[] = WORDS) => {
    let s = '';
    while (s.length < n) s += (s ? ' ' : '') + pick(from);
    return s;
  };
  const make = (shape: Shape): string => {
    const n = length();
    switch (shape) {
      case 'unbroken': {
        const alphabet = pick(['z', 'ab', 'abcdefghijklmnopqrstuvwxyz0123456789', '-_.']);
        return Array.from({ length: n }, () => alphabet[int(0, alphabet.length - 1)]).join('');
      }
      case 'words':
        return words(n);
      case 'unicode':
        return words(n, [...UNICODE, ...WORDS]) + (rnd() < 0.3 ? 'e\u0301' : '');
      case 'multiline':
        return Array.from({ length: int(2, 12) }, () => (rnd() < 0.25 ? '' : words(int(1, Math.max(1, n / 4)))))
          .join('\n')
          .replace(/^\n+|\n+$/g, '')
          .concat('end');
      case 'tabs':
        return words(n).replace(/ /g, () => (rnd() < 0.3 ? '\t' : ' '));
      case 'trailing':
        return Array.from({ length: int(1, 4) }, () => words(int(1, Math.max(1, n / 2))) + ' '.repeat(int(1, 3))).join(
          '\n',
        );
      case 'leading':
        return pick(LEADING) + words(Math.max(1, n - 1));
      case 'markers':
        return (
          words(int(1, 40)) +
          ' ' +
          pick(MARKERS) +
          ' ' +
          words(Math.max(1, n - 60)) +
          (rnd() < 0.5 ? ' ' + pick(MARKERS) : '')
        );
      case 'huge':
        return words(10_000).slice(0, 10_000).replace(/ $/, 'x');
    }
  };
  const out: GeneratedText[] = [];
  for (let i = 0; i < runs - 1; i++) {
    const shape = SHAPES[i % SHAPES.length]!; // every shape in every run
    out.push({ index: i, shape, text: make(shape) });
  }
  out.push({ index: runs - 1, shape: 'huge', text: make('huge') });
  return out;
}

/**
 * What the model must receive for `sent`, Claude Code's own normalisation (measured): NFC, CRLF → LF, tabs → 4
 * spaces, trailing whitespace of the whole text trimmed (trailing spaces of inner lines are kept).
 */
export function expectedText(sent: string): string {
  return sent.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, '    ').trimEnd();
}

/**
 * The model's text as the sender wrote it: without the whole-message `<pasted_content>` wrapper 2.1.331+ may add,
 * and with the markers 2.1.332 escapes inside a text (`<\/pasted_content>`, `<\pasted_content>`) unescaped.
 */
export function unwrapPasted(received: string): string {
  const m = /^<pasted_content[^>]*>\n?([\s\S]*?)\n?<\/pasted_content>$/.exec(received);
  return (m ? m[1]! : received)
    .replace(/<\\\/pasted_content/g, '</pasted_content')
    .replace(/<\\pasted_content/g, '<pasted_content');
}
