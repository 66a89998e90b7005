/**
 * How many actions a step launches ahead of the concurrency slots, at least:
 * enough for the re-reads and batches they gather into to reach a thousand
 * targets (EC2 takes 1,000 instance ids a call) when other actions that can
 * go at the same time come before them in the plan (a hundred databases'
 * stops, another region's instances): four such batches' worth. An action
 * under way but waiting holds a promise and its state, a few hundred bytes.
 */
export const LAUNCH_WINDOW = 4096;

/**
 * Runs `run` for each of `ordered`, in order, with at most `window` of them
 * under way at once (a step may hold 100,000 actions); resolves once every
 * one has finished. `run` must not reject.
 */
export function runInWindow<T>(
  ordered: readonly T[],
  window: number,
  run: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  let running = 0;
  return new Promise<void>((resolve) => {
    const pump = () => {
      while (running < window && next < ordered.length) {
        const item = ordered[next] as T;
        next += 1;
        running += 1;
        const finished = () => {
          running -= 1;
          pump();
        };
        run(item).then(finished, finished);
      }
      if (running === 0 && next >= ordered.length) resolve();
    };
    pump();
  });
}
