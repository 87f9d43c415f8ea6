import type { TmuxDriver } from '@aegis/tmux';

/**
 * The part of `@aegis/tmux`'s TmuxDriver core uses: the process runner / terminal seam. Tests pass a fake.
 */
export type Terminal = Pick<
  TmuxDriver,
  | 'createWindow'
  | 'listWindows'
  | 'windowInfo'
  | 'killWindow'
  | 'sendText'
  | 'sendKeys'
  | 'capture'
  | 'watch'
  | 'hasServer'
  | 'close'
> & { readonly socketName: string };

export type { KeyName, Target, WatchListener, WindowInfo } from '@aegis/tmux';
