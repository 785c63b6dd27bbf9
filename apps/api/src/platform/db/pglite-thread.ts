/**
 * The embedded database's own thread (ADR 0016). PGlite is PostgreSQL compiled to WebAssembly:
 * each query runs to its end on the thread that calls it, and handing rows to JavaScript costs
 * about 50 µs per row. In the request thread that stalls every other request, the load shedder
 * included. Here it stalls only this thread; the request thread sends SQL and receives rows
 * through messages (`pglite-remote.ts` is the other end, and documents the protocol).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import type { Reply, Request, ThreadOptions } from './pglite-remote.ts';

const port = parentPort;
if (!port) throw new Error('pglite-thread.ts runs as a worker thread');
const options = workerData as ThreadOptions;

const pg = new PGlite({
  ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  ...(options.load ? { loadDataDir: new Blob([options.load]) } : {}),
});

/** Values of these types stay text, as Drizzle asks of PGlite (its parsers are identities). */
const identity = (value: string) => value;

function queryOptions(rowMode: 'array' | 'object', textTypes: readonly number[]): QueryOptions {
  return {
    rowMode,
    parsers: Object.fromEntries(textTypes.map((oid) => [oid, identity])),
  };
}

/** A transaction's later statements, delivered in order to the callback that holds it open. */
class Inbox {
  private waiting: ((r: Request) => void) | null = null;
  private queued: Request[] = [];
  push(r: Request): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(r);
    } else this.queued.push(r);
  }
  next(): Promise<Request> {
    const r = this.queued.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

const transactions = new Map<number, Inbox>();
let nextTx = 1;
/** Thrown inside PGlite's transaction callback to make it roll back. */
const ROLLBACK = new Error('rollback requested');

function send(reply: Reply): void {
  port!.postMessage(reply);
}

/** A PostgreSQL error's own fields (SQLSTATE `code`, `constraint`, `detail`…) travel as data. */
function errorFields(e: unknown): Reply['error'] {
  if (e instanceof Error) {
    const fields: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(e)) {
      if (typeof v === 'string' || typeof v === 'number') fields[k] = v;
    }
    return { ...fields, name: e.name, message: e.message };
  }
  return { name: 'Error', message: String(e) };
}

async function run(on: PGlite | Transaction, r: Request): Promise<unknown> {
  if (r.op === 'query') {
    const res = await on.query(r.sql, r.params, queryOptions(r.rowMode, r.textTypes));
    return { rows: res.rows, fields: res.fields, affectedRows: res.affectedRows };
  }
  if (r.op === 'exec') {
    const res = await on.exec(r.sql);
    return res.map((x) => ({ rows: x.rows, fields: x.fields, affectedRows: x.affectedRows }));
  }
  throw new Error(`unexpected ${r.op}`);
}

function begin(id: number): void {
  const txId = nextTx++;
  const inbox = new Inbox();
  transactions.set(txId, inbox);
  // The request that ends the transaction is answered with its outcome (a failed COMMIT too).
  let endId = id;
  pg.transaction(async (tx) => {
    send({ id, result: txId });
    for (;;) {
      const r = await inbox.next();
      if (r.op === 'end') {
        endId = r.id;
        if (r.commit) return;
        throw ROLLBACK;
      }
      try {
        send({ id: r.id, result: await run(tx, r) });
      } catch (e) {
        send({ id: r.id, error: errorFields(e) });
      }
    }
  }).then(
    () => {
      transactions.delete(txId);
      send({ id: endId, result: null });
    },
    (e: unknown) => {
      transactions.delete(txId);
      send(e === ROLLBACK ? { id: endId, result: null } : { id: endId, error: errorFields(e) });
    },
  );
}

async function handle(r: Request): Promise<void> {
  if (r.txId !== undefined) {
    const inbox = transactions.get(r.txId);
    if (inbox) inbox.push(r);
    else send({ id: r.id, error: { name: 'Error', message: 'transaction is closed' } });
    return;
  }
  try {
    if (r.op === 'begin') return begin(r.id);
    if (r.op === 'dump') {
      const blob = await pg.dumpDataDir('none');
      return send({ id: r.id, result: await blob.arrayBuffer() });
    }
    if (r.op === 'close') {
      await pg.close();
      return send({ id: r.id, result: null });
    }
    send({ id: r.id, result: await run(pg, r) });
  } catch (e) {
    send({ id: r.id, error: errorFields(e) });
  }
}

pg.waitReady.then(
  () => {
    port.on('message', (r: Request) => void handle(r));
    send({ id: 0, result: 'ready' });
  },
  (e: unknown) => send({ id: 0, error: errorFields(e) }),
);
