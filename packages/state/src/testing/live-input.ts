// Test/bench helper: typing into and answering a live Claude Code session the way a careful user would, reading the
// screen back after each key (a freshly drawn screen can drop keys).
import type { FakeModel } from '@aegis/testkit';
import type { KeyName, Target, TmuxDriver } from '@aegis/tmux';
import { classifyScreen } from '../screen/classify.js';
import { optionKeys, pickOption, type OptionIntent } from '../screen/options.js';
import type { StateTracker } from '../tracker.js';
import type { SessionState } from '../types.js';
import { waitUntil } from './wait-until.js';

export interface LiveInput {
  /** Types `text`, waits for the draft, sends Enter alone and confirms the model got it (Enter again only if not). */
  submit(text: string): Promise<void>;
  /** Answers the dialog in `state` by meaning: its digit, or arrows (confirmed on screen) and Enter. */
  choose(state: SessionState, intent: OptionIntent): Promise<void>;
  /** Answers the open dialog with the option labelled `label` (retried until the dialog closes). */
  chooseLabel(label: string): Promise<void>;
  /** Sends `keys` and waits for `done`; sends them again (at most 4 times) when a freshly drawn screen dropped them. */
  pressUntil(keys: KeyName[], done: () => boolean | Promise<boolean>, what: string): Promise<void>;
}

export function liveInput(
  o: { driver: TmuxDriver; fake: FakeModel; version: string },
  win: Target,
  tracker: StateTracker,
): LiveInput {
  const capture = () => o.driver.capture(win);
  const keys = (k: KeyName[]) => o.driver.sendKeys(win, k);
  const input: LiveInput = {
    async submit(text) {
      const before = o.fake.prompts().length;
      await o.driver.sendText(win, text, { mode: 'typed' });
      await waitUntil(
        async () => classifyScreen(await capture(), { version: o.version }).input?.text.includes(text),
        `the draft "${text}"`,
        10_000,
      );
      for (let attempt = 1; ; attempt++) {
        await keys(['Enter']);
        const got = await waitUntil(
          () => o.fake.prompts().length > before,
          'the prompt to reach the model',
          3_000,
        ).catch(() => false);
        if (got) return;
        const reading = classifyScreen(await capture(), { version: o.version });
        // submitted, and still in Claude's hands (e.g. a slow UserPromptSubmit hook on a loaded machine): wait, don't press again
        if (reading.kind === 'working') {
          await waitUntil(() => o.fake.prompts().length > before, 'the prompt to reach the model', 30_000);
          return;
        }
        const draft = reading.input?.text.includes(text);
        if (!draft || attempt === 3) throw new Error(`prompt "${text}" not submitted; screen:\n${await capture()}`);
      }
    },
    async choose(state, intent) {
      if (!('options' in state) || !state.options) throw new Error(`${state.kind} has no options`);
      const label = pickOption(state.options, intent)?.label;
      if (!label) throw new Error(`no option for ${intent} in ${JSON.stringify(state.options)}`);
      return input.chooseLabel(label);
    },
    async chooseLabel(label) {
      const kind = tracker.state.kind;
      for (let attempt = 1; ; attempt++) {
        // read the options fresh from the screen: a dialog may have redrawn and reset its cursor
        const reading = classifyScreen(await capture(), { version: o.version });
        const target = reading.options.find((x) => x.label === label);
        if (!target) {
          if (tracker.state.kind !== kind) return; // already answered
          throw new Error(`option "${label}" not on screen:\n${await capture()}`);
        }
        const plan = optionKeys(reading.options, target);
        if (plan.length === 1) await keys(plan as KeyName[]);
        else {
          await keys(plan.slice(0, -1) as KeyName[]);
          const onIt = await waitUntil(
            async () =>
              classifyScreen(await capture(), { version: o.version }).options.find((x) => x.selected)?.label === label,
            'the cursor on the option',
            1_500,
          ).catch(() => false);
          if (onIt) await keys(['Enter']);
        }
        const closed = await waitUntil(
          async () => !classifyScreen(await capture(), { version: o.version }).options.some((x) => x.label === label),
          'the dialog to close',
          2_000,
        ).catch(() => false);
        if (closed) return;
        if (attempt === 4) throw new Error(`could not choose ${label}; screen:\n${await capture()}`);
      }
    },
    async pressUntil(k, done, what) {
      for (let attempt = 1; ; attempt++) {
        await keys(k);
        if (await waitUntil(done, what, 2_000).catch(() => false)) return;
        if (attempt === 4) throw new Error(`${what}: no effect of ${k.join(' ')}; screen:\n${await capture()}`);
      }
    },
  };
  return input;
}
