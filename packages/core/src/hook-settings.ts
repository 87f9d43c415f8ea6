import { HTTP_HOOK_EVENTS, TOOL_HOOK_EVENTS } from '@aegis/state';

/** Header carrying the per-session secret. */
export const HOOK_SECRET_HEADER = 'x-aegis-hook-secret';

export interface HookSettingsOptions {
  /** e.g. `http://127.0.0.1:41234/hooks/<session id>` */
  url: string;
  secret: string;
  /** Seconds Claude waits for the PermissionRequest reply (Aegis may hold it for an answer). Default 600. */
  permissionTimeoutSec?: number;
  /** Seconds for every other hook. Default 10. */
  timeoutSec?: number;
}

/** The `--settings` document that installs Aegis's HTTP hooks (shape proven in fixtures/claude-code/<version>/hooks). */
export function hookSettings(o: HookSettingsOptions): { hooks: Record<string, unknown[]> } {
  const hooks: Record<string, unknown[]> = {};
  for (const event of HTTP_HOOK_EVENTS) {
    const hook = {
      type: 'http',
      url: o.url,
      headers: { [HOOK_SECRET_HEADER]: o.secret },
      timeout: event === 'PermissionRequest' ? (o.permissionTimeoutSec ?? 600) : (o.timeoutSec ?? 10),
    };
    hooks[event] = [TOOL_HOOK_EVENTS.has(event) ? { matcher: '*', hooks: [hook] } : { hooks: [hook] }];
  }
  return { hooks };
}
