import { describe, expect, it } from 'vitest';
import { BatchedLookup, CoalescedRun } from './coalesce.ts';

/** A promise and the function that settles it, for stepping a task by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('CoalescedRun (issue 12: one read for concurrent requests, none older than its caller)', () => {
  it('a caller arriving during a run waits for a run that starts after it', async () => {
    // `value` stands for the database: what a run reads is what was committed when it started.
    let value = 0;
    const gates: ReturnType<typeof gate>[] = [];
    const readAt: number[] = [];
    const run = new CoalescedRun(async () => {
      readAt.push(value);
      const g = gate();
      gates.push(g);
      await g.promise;
    });
    const first = run.run();
    value = 1; // committed after the first run read, before the next caller arrives
    const second = run.run();
    const third = run.run();
    expect(readAt).toEqual([0]);
    gates[0]!.open();
    await first;
    await Promise.resolve();
    // The second and third callers share one new run, which reads the value they arrived after.
    expect(readAt).toEqual([0, 1]);
    gates[1]!.open();
    await Promise.all([second, third]);
    expect(readAt).toEqual([0, 1]);
  });

  it('fifty concurrent callers cost two runs, and a later caller starts a fresh one', async () => {
    let runs = 0;
    const run = new CoalescedRun(async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
    });
    await Promise.all(Array.from({ length: 50 }, () => run.run()));
    expect(runs).toBe(2);
    await run.run();
    expect(runs).toBe(3);
  });

  it('a failed run fails its own callers only; the next caller runs again', async () => {
    let fail = true;
    const run = new CoalescedRun(async () => {
      await Promise.resolve();
      if (fail) throw new Error('database down');
    });
    await expect(run.run()).rejects.toThrow('database down');
    fail = false;
    await expect(run.run()).resolves.toBeUndefined();
  });
});

describe('BatchedLookup (session look-ups of concurrent requests)', () => {
  it('keys asked while a batch is in flight go together in the next batch', async () => {
    const batches: string[][] = [];
    const gates: ReturnType<typeof gate>[] = [];
    const lookup = new BatchedLookup<string, string>(async (keys) => {
      batches.push([...keys]);
      const g = gate();
      gates.push(g);
      await g.promise;
      return new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k.toUpperCase()]));
    });
    const a = lookup.get('a');
    const b = lookup.get('b');
    const again = lookup.get('b');
    const gone = lookup.get('gone');
    expect(batches).toEqual([['a']]);
    gates[0]!.open();
    expect(await a).toBe('A');
    expect(batches).toEqual([['a'], ['b', 'gone']]);
    gates[1]!.open();
    expect(await b).toBe('B');
    expect(await again).toBe('B');
    expect(await gone).toBeUndefined();
  });

  it('a failed batch rejects each of its callers, and the next batch is tried', async () => {
    let fail = true;
    const lookup = new BatchedLookup<number, number>(async (keys) => {
      const failing = fail; // what the database is like when the batch is sent
      await Promise.resolve();
      if (failing) throw new Error('connection lost');
      return new Map(keys.map((k) => [k, k * 2]));
    });
    const [x, y] = [lookup.get(1), lookup.get(2)];
    fail = false;
    await expect(x).rejects.toThrow('connection lost');
    // `y` joined the batch after the failed one (it arrived while that was in flight).
    expect(await y).toBe(4);
    expect(await lookup.get(3)).toBe(6);
  });
});
