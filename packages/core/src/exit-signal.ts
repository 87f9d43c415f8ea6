import { constants } from 'node:os';

/** tmux reports the signal that killed a pane's process as a number (`pane_dead_signal`); events carry its name. */
export function signalName(signal: number | null | undefined): string | null {
  if (signal === null || signal === undefined || signal <= 0) return null;
  const name = Object.entries(constants.signals).find(([, n]) => n === signal)?.[0];
  return name ?? `signal ${signal}`;
}
