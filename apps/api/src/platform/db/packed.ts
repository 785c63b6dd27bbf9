import { Column, is, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * Bulk reads as one text value. The embedded engine (PGlite, WebAssembly) pays about 50 µs per
 * row of twenty columns to hand rows to JavaScript, so reading 100,000 facilities row by row takes
 * 6 s; the same rows packed by `string_agg` into one value take about 1 s (figures from
 * `apps/api/bench/ledger-import-db.ts`). Used where a use case needs many whole rows at once,
 * e.g. the ledger import comparing a workbook with the ledger. A real PostgreSQL server answers
 * the same query as quickly.
 *
 * Each column is any SQL expression; it comes back as its PostgreSQL text form (numbers as
 * PostgreSQL prints them: `Number()` reads them back exactly), or null. The unit and record
 * separators (U+001F, U+001E) and U+001D inside values come back as spaces; the import's parser
 * never produces those characters, so a stored value holding one simply compares as changed.
 */
export async function selectPacked(
  db: Db,
  columns: readonly (SQL | AnyColumn)[],
  from: SQL,
): Promise<(string | null)[][]> {
  const fields = sql.join(
    columns.map((c) =>
      isTextColumn(c)
        ? sql`coalesce(translate(${c}, chr(29) || chr(30) || chr(31), '   '), chr(29))`
        : sql`coalesce((${c})::text, chr(29))`,
    ),
    sql`, `,
  );
  const result = await db.execute<{ packed: string | null }>(
    sql`select string_agg(concat_ws(chr(31), ${fields}), chr(30)) as packed from ${from}`,
  );
  const packed = (result as { rows: { packed: string | null }[] }).rows[0]?.packed;
  if (!packed) return [];
  return packed
    .split('\x1e')
    .map((line) => line.split('\x1f').map((v) => (v === '\x1d' ? null : v)));
}

/** Numbers, dates and booleans print without separators; only text needs them replaced. */
function isTextColumn(c: SQL | AnyColumn): boolean {
  return !is(c, Column) || c.dataType === 'string';
}

/** A PostgreSQL `int[]` literal as one parameter (drizzle would expand a JS array into many). */
export function intArrayParam(values: readonly number[]): SQL {
  return sql`${`{${values.map((v) => Math.trunc(v)).join(',')}}`}::int[]`;
}
