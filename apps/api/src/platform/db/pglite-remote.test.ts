import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { migrateDatabase, openPglite, openPgliteThread, type Database } from './client.ts';
import { users } from './schema.ts';
import { databaseRefusal } from '../http/error-handler.ts';
import { isDatabaseUnavailable } from './availability.ts';

/**
 * The embedded database in its own thread (ADR 0016) behaves as the in-process one — results,
 * transactions, savepoints, errors — and a long query no longer stalls the request thread.
 * Always PGlite, whatever DATABASE_URL says: this is the embedded engine's own adapter.
 */
type Rows = { rows: Record<string, unknown>[] };
const run = async (database: Database, q: SQL) => (await database.db.execute(q)) as Rows;

describe('PGlite in its own thread', () => {
  let thread: Database;
  let local: Database;

  beforeAll(async () => {
    [thread, local] = await Promise.all([openPgliteThread(null), openPglite(null)]);
    await Promise.all([migrateDatabase(thread), migrateDatabase(local)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([thread.close(), local.close()]);
  });

  it('answers the same rows as the engine in this thread (text dates, numbers, arrays)', async () => {
    const q = sql`select '2020-12-31'::date as d, '2020-12-31 08:00:00+08'::timestamptz as t,
      12345678901::int8 as big, 1.50::numeric as n, array[1, 2]::int[] as a, '{"k": "值"}'::jsonb as j,
      null::text as nothing`;
    const [a, b] = await Promise.all([run(thread, q), run(local, q)]);
    expect(a.rows).toEqual(b.rows);
    expect(a.rows[0]).toMatchObject({ d: '2020-12-31', t: '2020-12-31 00:00:00+00' });
  });

  it('commits, rolls back on a throw, and keeps nested savepoints', async () => {
    await thread.db.transaction(async (tx) => {
      await tx.execute(sql`create table t_commit (x int primary key)`);
      await tx.execute(sql`insert into t_commit values (1)`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into t_commit values (2)`);
          throw new Error('inner');
        })
        .catch(() => undefined);
    });
    const kept = await run(thread, sql`select x from t_commit order by x`);
    expect(kept.rows).toEqual([{ x: 1 }]);

    await expect(
      thread.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t_commit values (3)`);
        throw new Error('回滚');
      }),
    ).rejects.toThrow('回滚');
    const after = await run(thread, sql`select count(*)::int as n from t_commit`);
    expect(after.rows).toEqual([{ n: 1 }]);
  });

  it('carries PostgreSQL error fields, so a duplicate maps to 409 CONFLICT', async () => {
    const row = { username: 'thread_user', displayName: '线程', passwordHash: 'x' };
    await thread.db.insert(users).values(row);
    const err = await thread.db
      .insert(users)
      .values(row)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(databaseRefusal(err, 'POST')).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      sqlState: '23505',
    });
  });

  it('runs statements of other callers while a transaction is open, after it', async () => {
    await thread.db.execute(sql`create table t_order (x int)`);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = thread.db.transaction(async (t) => {
      await t.execute(sql`insert into t_order values (1)`);
      await gate;
      await t.execute(sql`insert into t_order values (2)`);
    });
    await new Promise((r) => setTimeout(r, 50));
    const outside = run(thread, sql`select count(*)::int as n from t_order`);
    release();
    await tx;
    // PGlite serialises: the outside read waited for the commit and sees both rows.
    expect((await outside).rows).toEqual([{ n: 2 }]);
  });

  it('leaves this thread free while a long query runs', async () => {
    const heavy = sql`select count(*)::int as n from generate_series(1, 3000000) g
      where g % 7 = 0 and md5(g::text) like 'a%'`;
    const ticks = async (db: Database) => {
      let count = 0;
      const timer = setInterval(() => count++, 10);
      const started = performance.now();
      await db.db.execute(heavy);
      clearInterval(timer);
      return { count, ms: performance.now() - started };
    };
    const remote = await ticks(thread);
    const inProcess = await ticks(local);
    // In this thread the engine holds the event loop for the whole query: about no tick. In its
    // own thread the 10 ms timer keeps firing (at least a third of the possible ticks).
    expect(inProcess.count).toBeLessThan(3);
    expect(remote.count).toBeGreaterThan(remote.ms / 10 / 3);
  }, 60_000);

  it('fails every later call at once when its thread is gone', async () => {
    const db = await openPgliteThread(null);
    await db.close();
    const err = await db.db.execute(sql`select 1`).then(
      () => null,
      (e: unknown) => e,
    );
    // Answered as the database being unreachable (503 with Retry-After), not as a 500.
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});
