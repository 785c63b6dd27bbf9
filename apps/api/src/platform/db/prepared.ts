import { isTransaction, type Db } from './client.ts';

/**
 * The queries every request runs (its session, the revisions its kept answers are checked
 * against, the gap analysis's change rows) built once per database handle and prepared: on a
 * hot route drizzle's building of the query cost more of the request thread than the query
 * (issue 12), and a named statement spares PostgreSQL the parse and plan too. A transaction
 * builds its own each time: a prepared query belongs to the handle it was prepared on.
 */
const cache = new WeakMap<Db, Map<string, unknown>>();

export function preparedQuery<Q>(db: Db, name: string, build: (db: Db) => Q): Q {
  if (isTransaction(db)) return build(db);
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map<string, unknown>()));
  let query = byName.get(name) as Q | undefined;
  if (query === undefined) byName.set(name, (query = build(db)));
  return query;
}
