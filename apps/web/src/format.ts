import type { Session } from './api.js';

/** "3 s", "4 min", "2 h", "5 d" since `at`. */
export function ago(at: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

export function tokens(u: Session['usage']): string {
  if (!u) return '–';
  const n = u.inputTokens + u.outputTokens + (u.cacheCreationInputTokens ?? 0) + (u.cacheReadInputTokens ?? 0);
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

export function cost(u: { costUsd: number } | null): string {
  return u ? `$${u.costUsd.toFixed(u.costUsd < 1 ? 4 : 2)}` : '–';
}

/** Status words people read, and their colour class. */
const STATUS_CLASS: Record<string, string> = {
  working: 'st-working',
  idle: 'st-idle',
  starting: 'st-starting',
  permission_prompt: 'st-waiting',
  plan_approval: 'st-waiting',
  asking: 'st-waiting',
  trust_prompt: 'st-waiting',
  api_key_prompt: 'st-waiting',
  bypass_permissions_prompt: 'st-waiting',
  stalled: 'st-bad',
  error: 'st-bad',
  exited: 'st-gone',
};

export const statusClass = (s: string): string => STATUS_CLASS[s] ?? 'st-other';
export const statusWord = (s: string): string => s.replace(/_/g, ' ');

export const folderName = (p: string): string => p.split('/').filter(Boolean).pop() ?? p;
