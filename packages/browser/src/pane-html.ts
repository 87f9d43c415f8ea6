const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML page a terminal screen is rendered from (monospace, dark). */
export function paneHtml(text: string, title: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>html,body{margin:0;background:#1e1e1e}pre{margin:0;padding:12px;color:#e6e6e6;font:14px/1.25 "DejaVu Sans Mono",monospace;white-space:pre}</style>
<pre>${escapeHtml(text)}</pre>`;
}
