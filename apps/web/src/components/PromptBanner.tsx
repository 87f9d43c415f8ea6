import { useState } from 'preact/hooks';
import { client, describeError, type KeysBody, type MenuOption, type Question, type Session } from '../api.js';

/** Runs one answer; a refusal (409 when someone answered first) is shown as the server's message. */
function useAct(): [string | null, boolean, (fn: () => Promise<unknown>) => Promise<void>] {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return [error, busy, act];
}

/** A permission prompt, plan or question waiting on a person: Approve / Reject, Claude's own options, answers. */
export function PromptBanner({ session, canAnswer }: { session: Session; canAnswer: boolean }) {
  const p = session.pendingPrompt;
  if (!p) return null;
  return (
    <section class="banner" role="region" aria-label="Waiting on you" data-prompt={p.id}>
      {p.kind === 'asking' ? (
        <QuestionForm key={p.id} session={session} canAnswer={canAnswer} />
      ) : (
        <Permission key={p.id} session={session} canAnswer={canAnswer} />
      )}
    </section>
  );
}

function describe(s: Session): string {
  const st: Partial<NonNullable<Session['state']>> = s.state ?? {};
  const kind = s.pendingPrompt!.kind;
  if (kind === 'plan_approval') return 'Claude proposes a plan';
  if (kind === 'trust_prompt') return 'Claude Code asks whether to trust this folder';
  const what = st.command ?? st.file ?? st.description ?? '';
  return `Claude wants to use ${st.tool ?? 'a tool'}${what ? `: ${what}` : ''}`;
}

function Permission({ session, canAnswer }: { session: Session; canAnswer: boolean }) {
  const p = session.pendingPrompt!;
  const [error, busy, act] = useAct();
  const others = p.options.filter((o) => o.kind === 'allow_always' || (o.kind === 'other' && o.key));
  const plan = session.state?.plan;
  return (
    <div>
      <p class="ask">{describe(session)}</p>
      {plan && <pre class="plan">{plan}</pre>}
      {canAnswer ? (
        <div class="actions">
          <button
            class="approve"
            disabled={busy}
            onClick={() => act(() => client.approve(session.id, { promptId: p.id }))}
          >
            Approve
          </button>
          <button
            class="reject"
            disabled={busy}
            onClick={() => act(() => client.reject(session.id, { promptId: p.id }))}
          >
            Reject
          </button>
          {others.map((o) => (
            <button
              key={o.id}
              class="option"
              disabled={busy}
              onClick={() => act(() => chooseOption(session.id, p.id, o))}
            >
              {o.label}
            </button>
          ))}
        </div>
      ) : (
        <p class="muted">Your key may watch, not answer.</p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Claude's other options: "always allow" through the API; the rest by their number key. */
function chooseOption(id: string, promptId: string, o: MenuOption): Promise<unknown> {
  return o.kind === 'allow_always'
    ? client.approve(id, { promptId, always: true })
    : client.keys(id, { keys: [o.key as KeysBody['keys'][number]] });
}

function QuestionForm({ session, canAnswer }: { session: Session; canAnswer: boolean }) {
  const p = session.pendingPrompt!;
  const questions: Question[] = session.state?.questions ?? [];
  const [chosen, setChosen] = useState<string[][]>(() => questions.map(() => []));
  const [free, setFree] = useState<string[]>(() => questions.map(() => ''));
  const [error, busy, act] = useAct();
  // every option list must be non-empty: with a question answered only in words, only the words are sent
  const submit = (opts: string[][], text: string[]) =>
    act(() =>
      client.answer(
        session.id,
        opts.every((o) => o.length > 0) ? { promptId: p.id, options: opts, text } : { promptId: p.id, text },
      ),
    );
  const single = questions.length === 1 && !questions[0]!.multiSelect;
  return (
    <div>
      {questions.map((q, i) => (
        <fieldset key={i} class="question">
          <legend>
            {q.header ? `${q.header}: ` : ''}
            {q.text}
          </legend>
          <div class="actions">
            {q.options
              .filter((o) => o.key)
              .map((o) =>
                q.multiSelect ? (
                  <label key={o.id} class="check">
                    <input
                      type="checkbox"
                      disabled={!canAnswer}
                      checked={chosen[i]!.includes(o.id)}
                      onChange={(e) =>
                        setChosen(
                          chosen.map((c, j) =>
                            j !== i
                              ? c
                              : (e.target as HTMLInputElement).checked
                                ? [...c, o.id]
                                : c.filter((x) => x !== o.id),
                          ),
                        )
                      }
                    />
                    {o.label}
                  </label>
                ) : (
                  <button
                    key={o.id}
                    class={chosen[i]!.includes(o.id) ? 'option picked' : 'option'}
                    disabled={!canAnswer || busy}
                    // one single-choice question: a click answers it; otherwise it picks, and Submit sends all
                    onClick={() =>
                      single ? submit([[o.id]], ['']) : setChosen(chosen.map((c, j) => (j === i ? [o.id] : c)))
                    }
                  >
                    {o.label}
                  </button>
                ),
              )}
          </div>
          {canAnswer && (
            <input
              class="free"
              placeholder="Or type an answer"
              aria-label={`Answer in your words: ${q.text}`}
              value={free[i]}
              onInput={(e) => setFree(free.map((f, j) => (j === i ? (e.target as HTMLInputElement).value : f)))}
            />
          )}
        </fieldset>
      ))}
      {canAnswer && (!single || free.some((f) => f)) && (
        <button class="approve" disabled={busy} onClick={() => submit(chosen, free)}>
          Submit answers
        </button>
      )}
      {!canAnswer && <p class="muted">Your key may watch, not answer.</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
