import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { regions } from './org.tables.ts';

/**
 * Region names, read once per database and then kept: regions are reference data, inserted when
 * the database is set up (reference-data.ts) and never renamed or removed. A code not found is
 * not remembered, so a region inserted later is found on its first use. The one place that turns
 * region codes into names, for summaries, lists, exports and residents' pages.
 */
const known = new WeakMap<Db, Map<string, string>>();

/** The names of `codes` that exist (a code without a region is absent from the answer). */
export async function regionNames(db: Db, codes: Iterable<string>): Promise<Map<string, string>> {
  let memo = known.get(db);
  if (!memo) {
    memo = new Map();
    known.set(db, memo);
  }
  const wanted = new Set(codes);
  const missing = [...wanted].filter((c) => !memo.has(c));
  for (let i = 0; i < missing.length; i += 1000) {
    const rows = await db
      .select({ code: regions.code, name: regions.name })
      .from(regions)
      .where(inArray(regions.code, missing.slice(i, i + 1000)));
    for (const r of rows) memo.set(r.code, r.name);
  }
  const out = new Map<string, string>();
  for (const code of wanted) {
    const name = memo.get(code);
    if (name !== undefined) out.set(code, name);
  }
  return out;
}

/** The name of one region code, or `undefined` when there is no such region. */
export async function regionName(db: Db, code: string): Promise<string | undefined> {
  return (await regionNames(db, [code])).get(code);
}
