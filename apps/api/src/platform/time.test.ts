import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPglite, type Database } from './db/client.ts';
import { addDays, shanghaiDay, shanghaiStart } from './time.ts';

/**
 * The supervision figures (P11) count "by a Shanghai date" in SQL two ways: a column's day by
 * arithmetic (`shanghaiDay`), and a column against the instant a day begins (`shanghaiStart`).
 * Both must agree with Asia/Shanghai at the midnight boundary, to the microsecond.
 */
describe('Shanghai dates in SQL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPglite(null);
  });
  afterAll(() => database.close());

  const instants = [
    '2020-12-31 15:59:59.999999+00',
    '2020-12-31 16:00:00+00',
    '2020-12-31 16:00:00.000001+00',
    '2021-01-01 00:00:00+08',
    '2024-02-28 16:00:00+00',
    '1999-12-31 23:59:59+08',
  ];

  it('gives the day Asia/Shanghai gives, and "before the day begins" agrees with it', async () => {
    for (const at of instants) {
      const res = (await database.db.execute(sql`select
          ${shanghaiDay(sql`${at}::timestamptz`)}::text as arithmetic,
          (${at}::timestamptz at time zone 'Asia/Shanghai')::date::text as zone,
          ${at}::timestamptz < ${shanghaiStart('2021-01-01')} as before_2021`)) as {
        rows: { arithmetic: string; zone: string; before_2021: boolean }[];
      };
      const row = res.rows[0]!;
      expect(row.arithmetic, at).toBe(row.zone);
      expect(row.before_2021, at).toBe(row.zone < '2021-01-01');
    }
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2021-01-10', -10)).toBe('2020-12-31');
    expect(addDays('2021-01-10', 0)).toBe('2021-01-10');
  });
});
