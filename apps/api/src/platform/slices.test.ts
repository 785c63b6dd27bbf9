import { describe, expect, it } from 'vitest';
import { runInSlices } from './slices.ts';

/* Issue 12: long work on the request thread lets other work run between its slices. */

function* steps(count: number, done: string[]): Generator<void, void, void> {
  for (let i = 0; i < count; i++) {
    done.push(`step ${i}`);
    yield;
  }
}

describe('work in slices', () => {
  it('gives the event loop a turn between slices, so work that arrived meanwhile runs', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    await runInSlices(steps(5, log), 0);
    // The other work ran after the first step, not after the last.
    expect(log.indexOf('other work')).toBe(1);
    expect(log.filter((x) => x.startsWith('step'))).toHaveLength(5);
  });

  it('runs every step of a slice without a turn', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    await runInSlices(steps(5, log), 60_000);
    expect(log).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4']);
  });

  it('passes on a failure of the work, after the steps before it', async () => {
    const log: string[] = [];
    function* failing(): Generator<void, void, void> {
      log.push('step 0');
      yield;
      throw new Error('broken');
    }
    await expect(runInSlices(failing(), 0)).rejects.toThrow('broken');
    expect(log).toEqual(['step 0']);
  });
});
