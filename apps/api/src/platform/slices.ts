import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long work on the request thread, done in slices (issue 12: one slow request never stalls the
 * others). The work is a generator whose every `yield` marks a point where it may pause; it runs
 * until a slice of `sliceMs` has passed, then gives the event loop a turn (requests, timers,
 * database answers), and goes on. With `sliceMs` 0 it gives a turn at every step.
 */
export async function runInSlices(steps: Iterator<unknown>, sliceMs = SLICE_MS): Promise<void> {
  let started = performance.now();
  while (!steps.next().done) {
    if (performance.now() - started >= sliceMs) {
      await nextTurn();
      started = performance.now();
    }
  }
}

/** Long enough that the turns cost little, short enough that a request waits no longer. */
export const SLICE_MS = 20;
