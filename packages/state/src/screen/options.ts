import type { MenuOption, OptionKind } from '../types.js';
import type { PatternTable } from './pattern-table.js';

// `2.Yes, and always allow …`: 2.1.197 drops the space after the dot when Ink wraps a long label (80 columns)
const ROW = /^(\s*)(?:(❯)\s+)?(\d{1,2})\.(?:\s+|(?=\p{Lu}))(.*)$/u;

/** Turns a label into a stable id: the table's identity rules first, then a slug of the label. */
export function identifyOption(label: string, table: PatternTable): { id: string; kind: OptionKind } {
  for (const rule of table.identities) if (rule.re.test(label)) return { id: rule.id, kind: rule.kind };
  const slug = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  return { id: slug || 'option', kind: 'other' };
}

export interface MenuParse {
  options: MenuOption[];
  /** Line index of the first and last row that belonged to the menu (-1 when none). */
  first: number;
  last: number;
}

export interface MenuParseOptions {
  /** What indented lines under a row are: the rest of a wrapped label, or a description (AskUserQuestion). */
  continuation: 'label' | 'description';
  /** Extra lines that end the menu. */
  stop?: RegExp[];
}

/**
 * Parses a numbered menu (`❯ 1. Yes` / `  2. No`) from `lines[from..to)`. Rows must be numbered 1, 2, 3…
 * in order; rules and blank lines between rows are skipped; indented lines directly under a row continue
 * its label (80-column wrapping) or form its description. The `❯` row is marked `selected`.
 */
export function parseMenu(
  lines: readonly string[],
  from: number,
  to: number,
  table: PatternTable,
  opts: MenuParseOptions,
): MenuParse {
  const out: MenuOption[] = [];
  const stops = [table.dialogHint, /ctrl\+g to edit in/, ...(opts.stop ?? [])];
  let first = -1;
  let last = -1;
  let afterBlank = false;
  let current: MenuOption | undefined;
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? '';
    const row = ROW.exec(line);
    const expected = out.filter((o) => o.key !== null).length + 1;
    if (row && Number(row[3]) === expected) {
      current = makeOption(row[4] ?? '', String(expected), row[2] === '❯', table);
      out.push(current);
      if (first < 0) first = i;
      last = i;
      afterBlank = false;
      continue;
    }
    if (first < 0) continue;
    if (row) break; // numbering broke: something else (e.g. a plan's own list)
    if (line.trim() === '') {
      afterBlank = true;
      continue;
    }
    if (table.rule.test(line)) continue;
    if (stops.some((re) => re.test(line))) break;
    if (table.optionNoise.some((re) => re.test(line))) continue;
    if (afterBlank || !current) break;
    const text = line.trim();
    if (opts.continuation === 'description') {
      if (/^Submit$/.test(text)) {
        current = { id: 'submit', key: null, label: 'Submit', kind: 'allow' };
        out.push(current);
      } else {
        current.description = current.description ? `${current.description} ${text}` : text;
      }
    } else {
      const label = `${current.label} ${text}`;
      Object.assign(current, makeOption(label, current.key, current.selected === true, table));
    }
    last = i;
  }
  return { options: out, first, last };
}

const CURSOR_ROW = /^(\s*)❯\s+(?!\d{1,2}\.(?:\s|\p{Lu}))(\S.*)$/u;

/**
 * Parses a menu whose rows carry no digits (2.1.331's trust and API-key dialogs: `❯ No, exit` / `  Yes, I trust
 * this folder`) from `lines[from..to)`: the cursor row and the contiguous rows whose label starts in the same
 * column. Options keep the screen order and have `key: null`; the consumer moves the cursor with arrows (see
 * `optionKeys`). Empty when no cursor row is found.
 */
export function parseCursorMenu(lines: readonly string[], from: number, to: number, table: PatternTable): MenuParse {
  let cursor = -1;
  let indent = 0;
  for (let i = from; i < to && cursor < 0; i++) {
    const m = CURSOR_ROW.exec(lines[i] ?? '');
    if (m) {
      cursor = i;
      indent = (m[1] ?? '').length;
    }
  }
  if (cursor < 0) return { options: [], first: -1, last: -1 };
  const labelAt = (i: number): string | undefined => {
    const line = lines[i] ?? '';
    if (i === cursor) return CURSOR_ROW.exec(line)?.[2];
    if (line.trim() === '' || table.dialogHint.test(line) || table.rule.test(line)) return undefined;
    const m = /^( *)(\S.*)$/.exec(line);
    return m && (m[1] ?? '').length === indent + 2 && !/^❯/.test(m[2] ?? '') ? m[2] : undefined;
  };
  let first = cursor;
  while (first - 1 >= from && labelAt(first - 1) !== undefined) first--;
  let last = cursor;
  while (last + 1 < to && labelAt(last + 1) !== undefined) last++;
  const options: MenuOption[] = [];
  for (let i = first; i <= last; i++) options.push(makeOption(labelAt(i) ?? '', null, i === cursor, table));
  return { options, first, last };
}

/** Keys that choose `target`: its digit when it has one, else arrows from the cursor row and `Enter`. */
export function optionKeys(options: readonly MenuOption[], target: MenuOption): string[] {
  if (target.key !== null) return [target.key];
  const to = options.indexOf(target);
  if (to < 0) throw new Error(`option ${target.id} is not in the menu`);
  const from = options.findIndex((o) => o.selected);
  const delta = to - (from < 0 ? 0 : from);
  return [...Array.from({ length: Math.abs(delta) }, () => (delta > 0 ? 'Down' : 'Up')), 'Enter'];
}

function makeOption(rawLabel: string, key: string | null, selected: boolean, table: PatternTable): MenuOption {
  let label = rawLabel.trim();
  let checked: boolean | undefined;
  const box = table.ask.checkbox.exec(label);
  if (box) {
    checked = box[1] !== ' ';
    label = label.slice(box[0].length).trim();
  }
  const { id, kind } = identifyOption(label, table);
  const option: MenuOption = { id, key, label, kind };
  if (selected) option.selected = true;
  if (checked !== undefined) option.checked = checked;
  return option;
}

/** What a caller means by an answer, independent of the numbering on a given version. */
export type OptionIntent = 'approve' | 'approve_always' | 'deny' | 'trust' | 'exit';

/**
 * Picks the option for an intent: `approve` is the least-privilege allow option (`allow` before
 * `allow_always`), `approve_always` the remembering one, `deny` the rejecting one, `trust` the trusting one.
 */
export function pickOption(options: readonly MenuOption[], intent: OptionIntent): MenuOption | undefined {
  switch (intent) {
    case 'approve':
      return options.find((o) => o.kind === 'allow') ?? options.find((o) => o.kind === 'allow_always');
    case 'approve_always':
      return options.find((o) => o.kind === 'allow_always');
    case 'deny':
      return options.find((o) => o.kind === 'deny');
    case 'trust':
      return options.find((o) => o.id === 'trust');
    case 'exit':
      return options.find((o) => o.id === 'exit') ?? options.find((o) => o.kind === 'deny');
  }
}
