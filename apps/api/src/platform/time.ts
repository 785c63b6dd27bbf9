import { sql, type SQL } from 'drizzle-orm';

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const SHANGHAI_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant in Asia/Shanghai to the minute, `2026-12-08 09:30` (exports, tests of screens). */
export function shanghaiMinute(at: Date): string {
  return SHANGHAI_MINUTE.format(at);
}

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
 * supervision overview. `date_part` works in double precision; `extract` (numeric since
 * PostgreSQL 14) cost about three times as much per row. Seconds since 1970 with microseconds
 * fit a double exactly enough: a whole-second midnight divides exactly.
 */
export function shanghaiDay(column: SQL | string): SQL {
  const c = typeof column === 'string' ? sql.raw(column) : column;
  return sql`(date '1970-01-01' + floor((date_part('epoch', ${c}) + 28800) / 86400)::int)`;
}

/**
 * The instant a Shanghai date begins, as a SQL timestamptz constant: `column < shanghaiStart(d)`
 * means "before day d" and, unlike `shanghaiDay(column) < d`, costs no arithmetic per row and
 * can use an index.
 */
export function shanghaiStart(date: string): SQL {
  return sql`${`${date} 00:00:00+08`}::timestamptz`;
}

/** The Shanghai date `days` after (or before, when negative) `date`, both YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Shanghai days as integers (days since 1970-01-01), for kept facts compared in memory: a
 * YYYY-MM-DD date's number, and back.
 */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
export function dateOfDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** SQL: a timestamp column's Shanghai day number (the integer behind `shanghaiDay`). */
export function shanghaiDayNumber(column: SQL | string): SQL {
  const c = typeof column === 'string' ? sql.raw(column) : column;
  return sql`floor((date_part('epoch', ${c}) + 28800) / 86400)::int`;
}
