/** What `doctor --probe` found: one verdict per check, in the order they ran. */
export interface ProbeCheck {
  /** Stable id (`version`, `trust`, `idle`, `permission`, …). */
  id: string;
  /** What was checked, as printed: `trust dialog recognised`. */
  name: string;
  ok: boolean;
  /** Why it failed, or what was seen. */
  detail: string;
  /** The screen Aegis did not understand, saved for a bug report. */
  screenFile?: string;
}

export interface ProbeReport {
  ok: boolean;
  /** `claude --version` (the number), or null when it did not answer. */
  version: string | null;
  claude: string;
  durationMs: number;
  checks: ProbeCheck[];
}

export function probeText(r: ProbeReport): string {
  const v = r.version ?? 'claude';
  const lines = r.checks.map((c) => {
    const why = c.ok ? '' : ` (${c.detail}${c.screenFile ? `, saved to ${c.screenFile}` : ''})`;
    return `${v}: ${c.name} ${c.ok ? '✓' : '✗'}${why}`;
  });
  const failed = r.checks.filter((c) => !c.ok).length;
  const verdict = failed
    ? `${failed} of ${r.checks.length} checks failed: Aegis does not fully understand Claude Code ${v} (${r.claude})`
    : `Aegis understands Claude Code ${v} (${r.checks.length} check${r.checks.length === 1 ? '' : 's'}, ${(r.durationMs / 1000).toFixed(1)} s)`;
  return `${lines.join('\n')}\n${verdict}\n`;
}
