import { CONFIG_FIELDS, ConfigSchema } from './config-fields.js';

/** One row per setting: key, environment variable, default, description (for the docs table). */
export function configTable(): { key: string; env: string | null; default: unknown; description: string }[] {
  const defaults = ConfigSchema.parse({});
  return Object.entries(CONFIG_FIELDS).map(([key, f]) => ({
    key,
    env: f.env,
    default: key === 'stateDir' ? '~/.aegis' : (defaults as Record<string, unknown>)[key],
    description: f.schema.description ?? '',
  }));
}

/** The README's config table (markdown). */
export function configMarkdown(): string {
  const rows = configTable().map((r) => {
    const def = r.default === undefined ? '—' : `\`${JSON.stringify(r.default)}\``;
    return `| \`${r.key}\` | ${r.env ? `\`${r.env}\`` : '—'} | ${def} | ${r.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| key | environment | default | what |', '|---|---|---|---|', ...rows].join('\n');
}
