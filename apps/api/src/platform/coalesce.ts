/**
 * Shared reads for concurrent requests (docs/adr/0018-coalesced-reads-and-kept-answers.md). A
 * request must see every write committed before it arrived, so it cannot reuse a read that was
 * already under way: it waits for the next one. Requests that arrive while a read is in flight
 * share that next read, so fifty concurrent requests cost two database round trips, not fifty,
 * and none of them sees anything older than its own arrival.
 */

/** A task run on demand: each caller waits for a run that started after it called. */
export class CoalescedRun {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly task: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) return this.start();
    // A run is under way: it may have read before this caller's arrival. Join the one after it.
    this.next ??= this.running.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  private startNext(): Promise<void> {
    this.next = null;
    return this.start();
  }

  private start(): Promise<void> {
    const current = this.task();
    this.running = current;
    void current.then(
      () => this.settle(current),
      () => this.settle(current),
    );
    return current;
  }

  private settle(current: Promise<void>): void {
    if (this.running === current) this.running = null;
  }
}

/**
 * Look-ups by key, batched the same way: keys asked for while a batch is in flight go together
 * in the next batch, which starts after that one ends. `load` answers for a set of keys; a key it
 * leaves out resolves to `undefined`.
 */
export class BatchedLookup<K, V> {
  private pending = new Map<K, Waiter<V>[]>();
  private inFlight = false;

  constructor(private readonly load: (keys: K[]) => Promise<Map<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.inFlight) this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    this.inFlight = true;
    this.load([...batch.keys()]).then(
      (found) => {
        for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
        this.done();
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        this.done();
      },
    );
  }

  private done(): void {
    this.inFlight = false;
    if (this.pending.size > 0) this.flush();
  }
}

type Waiter<V> = { resolve: (v: V | undefined) => void; reject: (e: unknown) => void };
