/** Shared state of one capture run: output folder, path rewriting, log, temp folders, results. */
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { tempDir, type ClaudeConfigOptions, type FakeModel } from '@aegis/scripted-model';
import { createClaudeConfigDir } from '../claude-config.js';
import type { Tmux } from './capture-tmux.js';

export class CaptureContext {
  readonly captures: string[] = [];
  readonly failures: string[] = [];
  readonly notes: string[] = [];
  private readonly logLines: string[] = [];
  /** Random temp paths → same-length placeholders (columns on screen stay unchanged). */
  private readonly rewrites = new Map<string, string>();
  private readonly started = Date.now();
  /** Temp folders made by this run, removed by `cleanup()`. */
  private readonly temps: string[] = [];
  home = '';

  constructor(
    readonly version: string,
    readonly binary: string,
    readonly outDir: string,
    readonly fake: FakeModel,
    readonly tmux: Tmux,
  ) {}

  log(line: string): void {
    const ms = String(Date.now() - this.started).padStart(7);
    this.logLines.push(`[${ms} ms] ${line}`);
  }

  note(line: string): void {
    this.notes.push(line);
    this.log(`NOTE ${line}`);
    console.log(`  note: ${line}`);
  }

  /** Registers a random temp path (`…-XXXXXX` from mkdtemp) for rewriting, plus its project-slug form. */
  private register(path: string): string {
    this.temps.push(path);
    const placeholder = path.slice(0, -6) + 'XXXXXX';
    this.rewrites.set(path, placeholder);
    const slug = (p: string) => p.replace(/[^a-zA-Z0-9]/g, '-');
    this.rewrites.set(slug(path), slug(placeholder));
    // 2.1.331 derives the session name from the folder name, lower-cased (`aegis-capture-main-ab12cd-3f`).
    const base = (q: string) => q.slice(q.lastIndexOf('/') + 1).toLowerCase();
    this.rewrites.set(base(path), base(placeholder));
    return path;
  }

  sanitize(text: string): string {
    let out = text;
    for (const [from, to] of this.rewrites) out = out.split(from).join(to);
    return out;
  }

  async workDir(prefix: string): Promise<string> {
    return this.register(await tempDir(`aegis-capture-${prefix}-`));
  }

  async configDir(options: Partial<ClaudeConfigOptions>): Promise<string> {
    return this.register(await createClaudeConfigDir({ version: this.version, ...options }));
  }

  async initHome(): Promise<void> {
    this.home = this.register(await tempDir('aegis-capture-home-'));
  }

  /** Writes `<outDir>/<rel>` (path rewriting applied). */
  async write(rel: string, content: string): Promise<void> {
    const file = join(this.outDir, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, this.sanitize(content));
  }

  /** Copies the transcripts of a config dir (`projects/<slug>/**.jsonl|.meta.json`) to `jsonl/<scenario>/`. */
  async copyTranscripts(configDir: string, scenario: string): Promise<number> {
    const root = join(configDir, 'projects');
    let count = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.name.endsWith('.jsonl') || e.name.endsWith('.meta.json')) {
          // strip the project slug folder: jsonl/<scenario>/<session-id>.jsonl (+ <session-id>/subagents/…)
          const rel = relative(root, p).split('/').slice(1).join('/');
          await this.write(join('jsonl', scenario, rel), await readFile(p, 'utf8'));
          count++;
        }
      }
    };
    await walk(root);
    this.log(`copied ${count} transcript file(s) to jsonl/${scenario}/`);
    return count;
  }

  /** Removes the temp work, config and home folders (set AEGIS_CAPTURE_KEEP=1 to keep them for a look). */
  async cleanup(): Promise<void> {
    if (process.env.AEGIS_CAPTURE_KEEP === '1') return;
    for (const dir of this.temps) await rm(dir, { recursive: true, force: true });
  }

  /** Appends this run's log to `capture-log.txt` (partial `--only` runs add to the log of earlier runs). */
  async writeLog(header: string): Promise<void> {
    const file = join(this.outDir, 'capture-log.txt');
    await appendFile(file, this.sanitize(`### ${header}\n${this.logLines.join('\n')}\n\n`));
  }
}
