import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { residentialAreas } from './ledger.tables.ts';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';

// Issue 12, lists at any depth (P3 ledger): page numbers and keyset cursors walk the same rows,
// each once, in the same order, however deep the page.
let t: TestApp;
let zhangdian: Client;
const N = 1234;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  // Areas over several streets and communities of 张店区 and one of 淄川区 (outside the scope).
  await t.db.execute(sql`
    with c as (
      select code, (row_number() over (order by md5(code)) - 1)::int as i from regions
      where level = 'community' and (code like '370303%' or code like '370302001%')
    )
    insert into residential_areas (city_code, region_code, name, households, kind)
    select left(c.code, 4), c.code, '分页小区' || g, 100 + g, 'existing'
    from generate_series(1, ${N}) g
    join c on c.i = (g * 7) % (select count(*) from c)`);
});
afterAll(async () => {
  await t.close();
});

type Page = {
  items: { id: number; regionCode: string }[];
  total: number;
  nextCursor: string | null;
};

async function allOf(region: string | null) {
  const [row] = await t.db
    .select({ ids: sql<number[] | null>`array_agg(id order by region_code collate "C", id)` })
    .from(residentialAreas)
    .where(sql`region_code like ${`${region ?? '370303'}%`}`);
  return row?.ids ?? [];
}

describe('residential areas list: pages and cursors', () => {
  it('every page number gives the next rows of one order: none twice, none missing, the last page too', async () => {
    const expected = await allOf(null);
    expect(expected.length).toBeGreaterThan(100);
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const r = (
        await zhangdian.get(`/api/residential-areas?page=${page}&pageSize=97`)
      ).json<Page>();
      expect(r.total).toBe(expected.length);
      if (r.items.length === 0) break;
      seen.push(...r.items.map((a) => a.id));
      expect(r.nextCursor === null).toBe(seen.length === expected.length);
    }
    expect(seen).toEqual(expected);
    // Past the end: an empty page with the total.
    const past = (await zhangdian.get('/api/residential-areas?page=999&pageSize=97')).json<Page>();
    expect(past).toMatchObject({ items: [], total: expected.length, nextCursor: null });
  });

  it('following nextCursor gives the same rows as page numbers, within a street filter as well', async () => {
    for (const region of [null, '370303001']) {
      const expected = await allOf(region);
      const filter = region ? `&region=${region}` : '';
      const seen: number[] = [];
      let url = `/api/residential-areas?pageSize=50${filter}`;
      for (;;) {
        const r = (await zhangdian.get(url)).json<Page>();
        expect(r.total).toBe(expected.length);
        seen.push(...r.items.map((a) => a.id));
        if (!r.nextCursor) break;
        url = `/api/residential-areas?pageSize=50${filter}&after=${r.nextCursor}`;
      }
      expect(seen).toEqual(expected);
    }
  });

  it('a page stays stable when a row is added before it is read by cursor', async () => {
    const first = (await zhangdian.get('/api/residential-areas?pageSize=10')).json<Page>();
    const last = first.items.at(-1)!;
    // A new area sorting before the cursor does not shift the following page.
    const before = (
      await zhangdian.get(`/api/residential-areas?pageSize=10&after=${first.nextCursor}`)
    ).json<Page>();
    await t.db.execute(sql`
      insert into residential_areas (city_code, region_code, name, households, kind)
      values ('3703', ${first.items[0]!.regionCode}, '游标前插入的小区', 10, 'existing')`);
    const after = (
      await zhangdian.get(`/api/residential-areas?pageSize=10&after=${first.nextCursor}`)
    ).json<Page>();
    expect(after.items.map((a) => a.id)).toEqual(before.items.map((a) => a.id));
    expect(after.items[0]!.regionCode >= last.regionCode).toBe(true);
  });

  it('a cursor that is not one of ours is refused with a Chinese 400', async () => {
    const r = await zhangdian.get('/api/residential-areas?after=abc%27%3B');
    expect(r.statusCode).toBe(400);
    expect(r.json<{ error: { code: string; message: string } }>().error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(r.body).toContain('分页游标无效');
  });
});
