/**
 * A subscriber resuming after `after`: live events are buffered while the stored ones after `after` are read, then
 * both are handed over in id order, each once — no gap between the stored and the live part, no duplicate.
 * `live` is the function to register as the live listener; `start(stored)` begins the hand-over.
 */
export function resumeFrom<E extends { id: number }>(
  after: number,
  listener: (e: E) => void,
): { live: (e: E) => void; start(stored: Promise<E[]>): void } {
  let last = after;
  let replaying = true;
  const buffered: E[] = [];
  const deliver = (e: E) => {
    if (e.id > last) {
      last = e.id;
      listener(e);
    }
  };
  return {
    live: (e) => (replaying ? buffered.push(e) : deliver(e)),
    start(stored) {
      void stored
        .catch(() => [] as E[])
        .then((events) => {
          for (const e of [...events, ...buffered]) deliver(e);
          replaying = false;
        });
    },
  };
}
