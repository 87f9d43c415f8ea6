import type { Target } from './args.js';
import { TmuxError, isTmuxError } from './errors.js';
import type { ProcessTable } from './process-table.js';
import type { TmuxClient } from './tmux-client.js';
import {
  WINDOW_INFO_FORMAT,
  parseRawWindowInfo,
  parseRawWindowInfos,
  type RawWindowInfo,
  type WindowInfo,
} from './window-info.js';

/** Reads windows from tmux, nudging the server while a pane is closed but not yet reaped (tmux 3.3a race). */
export class WindowQueries {
  constructor(
    private readonly client: TmuxClient,
    private readonly table: ProcessTable,
    private readonly sessionName: string,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** All windows of the session ([] when there is no session or server). */
  async list(): Promise<WindowInfo[]> {
    const query = async (): Promise<RawWindowInfo[]> => {
      try {
        return parseRawWindowInfos(
          await this.client.run([['list-windows', '-t', `=${this.sessionName}`, '-F', WINDOW_INFO_FORMAT]]),
        );
      } catch (error) {
        if (isTmuxError(error, 'SERVER_GONE') || isTmuxError(error, 'NOT_FOUND')) return [];
        throw error;
      }
    };
    return (await this.#reaped(query)).map((raw) => raw.info);
  }

  /** Info about one window or pane. NOT_FOUND if it does not exist. */
  async info(target: Target): Promise<WindowInfo> {
    const query = async (): Promise<RawWindowInfo[]> => {
      const out = await this.client.run([['display-message', '-p', '-t', target, WINDOW_INFO_FORMAT]]);
      // display-message does not fail for a missing target (tmux 3.3a); it prints empty fields instead.
      const raw = parseRawWindowInfo(out.replace(/\n$/, ''));
      if (!raw)
        throw new TmuxError('NOT_FOUND', `can't find window or pane ${target}`, {
          args: ['display-message', '-t', target],
        });
      return [raw];
    };
    return (await this.#reaped(query))[0]!.info;
  }

  /** Runs `query`; while a pane is closed but unreaped (tmux 3.3a race), nudges the server and asks again. */
  async #reaped(query: () => Promise<RawWindowInfo[]>): Promise<RawWindowInfo[]> {
    let result = await query();
    for (let attempt = 0; attempt < 5; attempt++) {
      const unreaped = result.find((raw) => raw.unreaped);
      if (!unreaped) break;
      this.table.kill(unreaped.serverPid, 'SIGCHLD');
      await this.sleep(5 * (attempt + 1));
      result = await query();
    }
    return result;
  }

  /** Sends SIGCHLD to the tmux server so it reaps exited pane processes it missed (tmux 3.3a race). */
  async nudgeServer(): Promise<void> {
    const pid = Number((await this.client.run([['display-message', '-p', '#{pid}']])).trim());
    if (Number.isInteger(pid) && pid > 1) this.table.kill(pid, 'SIGCHLD');
  }
}
