import type { NormalizedScreen } from './normalize.js';
import { parseCursorMenu, parseMenu } from './options.js';
import type { PatternTable } from './pattern-table.js';
import type { ScreenReading } from './reading.js';

type Found = Omit<ScreenReading, 'patternVersion'>;

const lastIndex = (lines: readonly string[], from: number, re: RegExp): number => {
  for (let i = lines.length - 1; i >= from; i--) if (re.test(lines[i] ?? '')) return i;
  return -1;
};

const lastRuleAbove = (lines: readonly string[], i: number, t: PatternTable): number => {
  for (let j = i - 1; j >= 0; j--) if (t.rule.test(lines[j] ?? '')) return j;
  return -1;
};

/** Startup gates: trust, API-key question, bypass-permissions disclaimer. */
export function readGate(lines: readonly string[], from: number, t: PatternTable): Found | undefined {
  const gates = [
    { kind: 'trust_prompt', anchors: t.trust.anchors, name: 'trust' },
    { kind: 'api_key_prompt', anchors: t.apiKey.anchors, name: 'apiKey' },
    { kind: 'bypass_permissions_prompt', anchors: t.bypass.anchors, name: 'bypass' },
  ] as const;
  for (const g of gates) {
    const found = g.anchors.map((re) => lastIndex(lines, from, re)).filter((i) => i >= 0);
    if (found.length === 0) continue;
    const a = Math.min(...found); // an anchor may be an option label itself: parse from the first one
    let menu = parseMenu(lines, a, lines.length, t, { continuation: 'label' });
    if (menu.options.length === 0) menu = parseCursorMenu(lines, a, lines.length, t); // 2.1.331: no digits
    if (menu.options.length === 0) continue;
    const r: Found = { kind: g.kind, matched: [g.name], options: menu.options };
    if (g.kind === 'trust_prompt') {
      const l = lastIndex(lines, from, t.trust.folderLabel);
      const folder = l >= 0 ? lines.slice(l + 1, l + 4).find((x) => x.trim() !== '') : undefined;
      if (folder) r.folder = folder.trim();
    }
    return r;
  }
  return undefined;
}

export function readPlan(screen: NormalizedScreen, from: number, t: PatternTable): Found | undefined {
  const { lines } = screen;
  const header = lastIndex(lines, from, t.plan.header);
  const anchor = lastIndex(lines, Math.max(from, header), t.plan.anchors[0] ?? /$^/);
  if (anchor < 0 || (header < 0 && lastIndex(lines, from, t.plan.anchors[1] ?? /$^/) < 0)) return undefined;
  const menu = parseMenu(lines, anchor + 1, lines.length, t, { continuation: 'label' });
  if (menu.options.length === 0) return undefined;
  const r: Found = { kind: 'plan_approval', matched: ['plan'], options: menu.options };
  // at 80x24 the `Here is Claude's plan:` line may have scrolled away: the plan still sits between `╌` rules
  const planTop = header >= 0 ? header : lastIndex(lines.slice(0, anchor), from, t.plan.anchors[1] ?? /$^/);
  if (planTop >= 0) {
    const d1 = lines.findIndex((l, i) => i > planTop && t.dashedRule.test(l));
    const d2 = d1 < 0 ? -1 : lines.findIndex((l, i) => i > d1 && t.dashedRule.test(l));
    if (d1 >= 0 && d2 > d1)
      r.plan = lines
        .slice(d1 + 1, d2)
        .map((l) => l.replace(/^ /, ''))
        .join('\n')
        .trim();
  }
  const pf = lastIndex(lines, anchor, t.plan.planFile);
  if (pf >= 0) {
    let file = t.plan.planFile.exec(lines[pf] ?? '')?.[1] ?? '';
    const next = lines[pf + 1];
    if (next && /^\s{2,}\S+$/.test(next)) file += next.trim(); // wrapped at 80 columns
    r.planFile = file.trim();
  }
  return r;
}

export function readAsk(screen: NormalizedScreen, from: number, t: PatternTable): Found | undefined {
  const { lines } = screen;
  const chips = lastIndex(lines, from, t.ask.chips);
  const hint = lastIndex(lines, from, t.ask.hint);
  if (chips < 0 && hint < 0) return undefined;
  const start = chips >= 0 ? chips : lastRuleAbove(lines, hint, t);
  const headers = chips >= 0 ? parseChips(lines[chips] ?? '') : [];
  const current = chips >= 0 ? currentChip(screen, chips, headers) : undefined;
  const review = lastIndex(lines, Math.max(start, from), t.ask.review);
  if (review >= 0) {
    const menu = parseMenu(lines, review, lines.length, t, { continuation: 'description' });
    const questions = [];
    // 2.1.197 lists the questions above `Ready to submit…`; 2.1.331 below `Review your answers`
    const end = menu.first >= 0 ? menu.first : lines.length;
    for (let i = start + 1; i < end; i++) {
      const q = /^\s*● (.+)$/.exec(lines[i] ?? '');
      if (q?.[1]) questions.push({ text: q[1].trim(), multiSelect: false, options: [] });
    }
    return { kind: 'asking', matched: ['ask', 'askReview'], options: menu.options, questions };
  }
  // question text: first non-blank block after the chips line, up to the first option row
  let i = start + 1;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  const textLines: string[] = [];
  while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^\s*(?:❯\s+)?\d+\.\s/.test(lines[i] ?? '')) {
    textLines.push((lines[i] ?? '').trim());
    i++;
  }
  const menu = parseMenu(lines, i, lines.length, t, { continuation: 'description' });
  if (menu.options.length === 0) return undefined;
  const multiSelect = menu.options.some((o) => o.checked !== undefined);
  const question = {
    text: textLines.join(' '),
    multiSelect,
    options: menu.options,
    ...(current ? { header: current } : {}),
  };
  return { kind: 'asking', matched: ['ask'], options: menu.options, questions: [question] };
}

function parseChips(line: string): Array<{ header: string; answered: boolean }> {
  const out: Array<{ header: string; answered: boolean }> = [];
  for (const m of line.matchAll(/([☐☒✔])\s+([^☐☒✔→]+)/g)) {
    const header = (m[2] ?? '').trim();
    if (m[1] === '✔' && header === 'Submit') continue;
    out.push({ header, answered: m[1] !== '☐' });
  }
  return out;
}

function currentChip(
  screen: NormalizedScreen,
  line: number,
  chips: Array<{ header: string; answered: boolean }>,
): string | undefined {
  if (chips.length === 1) return chips[0]?.header;
  const segs = screen.styles?.[line];
  const lit = segs?.find((s) => s.bg !== undefined && /[☐☒]/.test(s.text));
  if (lit) return chips.find((c) => lit.text.includes(c.header))?.header;
  return chips.find((c) => !c.answered)?.header;
}

export function readPermission(lines: readonly string[], from: number, t: PatternTable): Found | undefined {
  let anchor = -1;
  let match: { re: RegExp; tool?: string } | undefined;
  for (const a of t.permission.anchors) {
    const i = lastIndex(lines, from, a.re);
    if (i > anchor) {
      anchor = i;
      match = a;
    }
  }
  if (anchor < 0 || !match) return undefined;
  const menu = parseMenu(lines, anchor + 1, lines.length, t, { continuation: 'label' });
  if (menu.options.length === 0) return undefined;
  const anchorLine = lines[anchor] ?? '';
  const r: Found = {
    kind: 'permission_prompt',
    matched: ['permission'],
    options: menu.options,
    question: anchorLine.trim(),
  };
  const top = lastRuleAbove(lines, anchor, t);
  let tool = match.tool;
  const fileFromQuestion = match.re.exec(anchorLine)?.[1];
  if (fileFromQuestion && match.tool) r.file = fileFromQuestion.trim();
  let title = -1;
  for (let i = Math.max(top, from) + 1; i < anchor && title < 0; i++) {
    const tt = t.permission.titles.find((x) => x.re.test(lines[i] ?? ''));
    if (tt) {
      title = i;
      tool ??= tt.tool;
    }
  }
  const dashes =
    title < 0 ? [] : lines.map((l, i) => i).filter((i) => i > title && i < anchor && t.dashedRule.test(lines[i] ?? ''));
  if (title >= 0 && tool === 'Bash' && dashes.length >= 2 && dashes[0] !== undefined && dashes[1] !== undefined) {
    // 2.1.331: [tip] description, then the command between two `╌` rules
    const d0 = dashes[0];
    const d1 = dashes[1];
    let pre = lines
      .slice(title + 1, d0)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join(' ');
    if (t.permission.tip) pre = pre.replace(t.permission.tip, '').trim();
    const cmd = lines
      .slice(d0 + 1, d1)
      .map((l) => l.replace(/^ /, ''))
      .join('\n')
      .trim();
    if (cmd) r.command = cmd;
    if (pre) r.description = pre;
  } else if (title >= 0 && tool === 'Bash') {
    const end = lastIndex(lines.slice(0, anchor), title, t.permission.requiresApproval);
    const block = lines
      .slice(title + 1, end >= 0 ? end : anchor)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (block.length >= 2) {
      r.command = block.slice(0, -1).join('\n');
      r.description = block[block.length - 1];
    } else if (block[0]) r.command = block[0];
  } else if (title >= 0 && !r.file) {
    const f = lines.slice(title + 1, anchor).find((l) => l.trim() !== '' && !t.dashedRule.test(l));
    if (f) r.file = f.trim();
  }
  // `● Bash(echo hi > out.txt)` above the dialog names the tool when the title scrolled away
  for (let i = (top >= 0 ? top : anchor) - 1; i >= Math.max(0, (top >= 0 ? top : anchor) - 8) && !tool; i--) {
    const m = t.toolLine.exec(lines[i] ?? '');
    if (m?.[1]) tool = m[1] === 'Update' ? 'Edit' : m[1];
  }
  if (tool) {
    r.tool = tool;
    r.matched.push(tool === 'Bash' ? 'permissionBash' : 'permissionWriteEdit');
  }
  return r;
}

/** A numbered menu or an `Esc to cancel` dialog nothing else recognised. */
export function readGeneric(lines: readonly string[], from: number, t: PatternTable): Found | undefined {
  const last = lines[lines.length - 1] ?? '';
  const top = lastRuleAbove(lines, lines.length, t);
  const start = Math.max(from, top + 1);
  const menu = parseMenu(lines, start, lines.length, t, { continuation: 'label' });
  if (menu.options.length >= 2 && menu.options.some((o) => o.selected)) {
    return { kind: 'menu', matched: ['menu'], options: menu.options };
  }
  if (t.dialogHint.test(last) && top >= 0) {
    const title = lines.slice(top + 1).find((l) => l.trim() !== '');
    return { kind: 'dialog', matched: ['dialog'], options: [], ...(title ? { title: title.trim() } : {}) };
  }
  return undefined;
}
