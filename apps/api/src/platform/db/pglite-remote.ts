/**
 * PGlite in its own thread, seen from the request thread (ADR 0016). `PGliteRemote` offers the
 * part of PGlite's interface that Drizzle's PGlite driver and its migrator use — `query`, `exec`
 * and `transaction` — and sends each call to `pglite-thread.ts`, where the engine runs.
 *
 * Protocol: every request carries an `id` and is answered once with `{id, result}` or
 * `{id, error}`. `begin` opens a transaction inside the thread and answers its `txId`; statements
 * carrying that `txId` run in it, in the order sent, and `end` commits or rolls it back. While a
 * transaction is open, PGlite makes other statements wait, exactly as in the request thread.
 * Errors come back as plain objects with PostgreSQL's fields (`code`, `constraint`, `detail`…),
 * so the error handler maps them to contract codes as it does for node-postgres.
 */
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';

export type ThreadOptions = { dataDir: string | null; load: ArrayBuffer | null };

type Statement =
  | {
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object';
      /** Type OIDs whose values stay text (Drizzle's identity parsers). */
      textTypes: number[];
    }
  | { op: 'exec'; sql: string };
/** What the request thread sends; the thread answers each with a `Reply` of the same `id`. */
export type Message = { txId?: number } & (
  Statement | { op: 'begin' | 'dump' | 'close' } | { op: 'end'; commit: boolean }
);
export type Request = Message & { id: number };
export type Reply = {
  id: number;
  result?: unknown;
  error?: { name: string; message: string; [field: string]: string | number };
};

/** The thread's entry: a plain module that runs `pglite-thread.ts` through tsx (ADR 0002). */
const THREAD = new URL('./pglite-thread.mjs', import.meta.url);

type Send = (message: Message) => Promise<unknown>;

/** A statement sender: the whole database, or one open transaction. */
class Channel {
  constructor(
    private readonly send: Send,
    readonly txId: number | undefined,
  ) {}

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    const textTypes = Object.keys(options?.parsers ?? {}).map(Number);
    for (const oid of textTypes) {
      // Only identity parsers can be honoured on the other side of a thread.
      if (options!.parsers![oid]!('\u0001') !== '\u0001') {
        throw new Error(`PGliteRemote: parser for type ${oid} is not an identity`);
      }
    }
    return (await this.send({
      op: 'query',
      sql,
      params,
      rowMode: options?.rowMode ?? 'object',
      textTypes,
      txId: this.txId,
    })) as Results<T>;
  }

  async exec(sql: string): Promise<Results[]> {
    return (await this.send({ op: 'exec', sql, txId: this.txId })) as Results[];
  }
}

export class PGliteRemote extends Channel {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private nextId = 1;
  private failure: Error | null = null;
  readonly waitReady: Promise<void>;

  constructor(options: ThreadOptions) {
    super((request) => this.call(request), undefined);
    this.worker = new Worker(THREAD, {
      workerData: options,
      transferList: options.load ? [options.load] : [],
    });
    this.waitReady = new Promise((resolve, reject) => {
      this.pending.set(0, { resolve: () => resolve(), reject });
    });
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.error) waiter.reject(toError(reply.error));
      else waiter.resolve(reply.result);
    });
    // A thread that dies takes every waiting statement with it, and later calls fail at once,
    // as SQLSTATE 08006 (connection failure): requests answer 503, as when PostgreSQL is down.
    const fail = (cause: Error) => {
      this.failure ??= Object.assign(new Error(`PGlite thread stopped: ${cause.message}`), {
        code: '08006',
        cause,
      });
      for (const w of this.pending.values()) w.reject(this.failure);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  }

  private call(message: Message): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Drizzle rolls back by throwing from the callback; it never calls `rollback` itself. */
  async transaction<T>(callback: (tx: Channel) => Promise<T>): Promise<T> {
    const txId = (await this.call({ op: 'begin' })) as number;
    let result: T;
    try {
      result = await callback(new Channel((message) => this.call(message), txId));
    } catch (e) {
      await this.call({ op: 'end', commit: false, txId });
      throw e;
    }
    await this.call({ op: 'end', commit: true, txId });
    return result;
  }

  /** The data folder as a tarball, like `PGlite.dumpDataDir('none')`. */
  async dumpDataDir(): Promise<Blob> {
    return new Blob([(await this.call({ op: 'dump' })) as ArrayBuffer]);
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}

function toError(fields: NonNullable<Reply['error']>): Error {
  const e = new Error(fields.message);
  Object.assign(e, fields);
  return e;
}
