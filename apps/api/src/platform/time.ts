import { sql, type SQL } from 'drizzle-orm';

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Asia/Shanghai as YYYY-MM-DD (API.md: dates are Shanghai dates). */
export function todayInShanghai(now: Date = new Date()): string {
  return SHANGHAI_DATE.format(now);
}

/**
 * The Shanghai date `days` from today (negative: before), as YYYY-MM-DD. Tests set deadlines with
 * it: a UTC date is the Shanghai date's day before from 16:00 to 24:00 UTC, which once made a
 * "3 days left" deadline 2 days left, and a reminder test fail only in the evening.
 */
export function shanghaiDateIn(days: number, now: Date = new Date()): string {
  return todayInShanghai(new Date(now.getTime() + days * 86_400_000));
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A timestamp column as a Shanghai date in SQL (UTC+8, no daylight saving since 1991), by
 * arithmetic: `at time zone 'Asia/Shanghai'` costs a zone lookup per row, which dominated the
 * supervision overview.
 */
export function shanghaiDay(column: SQL | string): SQL {
  const c = typeof column === 'string' ? sql.raw(column) : column;
  return sql`(date '1970-01-01' + floor((extract(epoch from ${c}) + 28800) / 86400)::int)`;
}
