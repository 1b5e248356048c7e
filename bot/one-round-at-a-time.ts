/**
 * Runs work for a key one round at a time. A call while a round of its key runs asks for one more round
 * after it (the calls made meanwhile share that one), with the argument of the newest call. The promise
 * resolves once a round that started after the call has ended, so the last round always sees what the
 * last call was about. A round that fails does not stop the one asked for after it; the promise
 * rejects when the last round failed.
 */
export function oneRoundAtATime<A>(work: (arg: A) => Promise<void>): (key: string, arg: A) => Promise<void> {
  const running = new Map<string, { next: A | undefined; again: boolean; done: Promise<void> }>();
  return (key, arg) => {
    const round = running.get(key);
    if (round) {
      round.next = arg;
      round.again = true;
      return round.done;
    }
    const state = { next: arg as A | undefined, again: true, done: Promise.resolve() };
    state.done = (async () => {
      let failure: { error: unknown } | undefined;
      while (state.again) {
        state.again = false;
        try {
          await work(state.next as A);
          failure = undefined;
        } catch (error) {
          failure = { error };
        }
      }
      running.delete(key);
      if (failure) throw failure.error;
    })();
    running.set(key, state);
    return state.done;
  };
}
