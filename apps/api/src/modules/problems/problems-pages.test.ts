import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { problems } from './problems.tables.ts';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';

// Issue 12, lists at any depth (P4 problem ledger): both orders, by page number and by cursor,
// give every problem of the scope once, deep pages included.
let t: TestApp;
let zhangdian: Client;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  // Deadlines repeat and are missing on a third of the rows, so ties and nulls are crossed.
  await t.db.execute(sql`
    with c as (
      select code, (row_number() over (order by md5(code)) - 1)::int as i from regions
      where level = 'community' and (code like '370303%' or code like '370302001%')
    )
    insert into problems (city_code, region_code, facility_type, category, stage, title, description, source, deadline)
    select left(c.code, 4), c.code, 'kindergarten', 'education', 'planning', '分页问题' || g, '分页问题', 'manual',
      case when g % 3 = 0 then null else date '2026-01-01' + (g % 17) end
    from generate_series(1, 700) g
    join c on c.i = (g * 11) % (select count(*) from c)`);
});
afterAll(async () => {
  await t.close();
});

type Page = { items: { id: number }[]; total: number; nextCursor: string | null };

async function expected(order: 'recent' | 'deadline') {
  const by = order === 'recent' ? sql`id desc` : sql`deadline asc nulls last, id asc`;
  const [row] = await t.db
    .select({ ids: sql<number[]>`array_agg(id order by ${by})` })
    .from(problems)
    .where(sql`region_code like '370303%'`);
  return row!.ids;
}

describe('problems list: pages and cursors', () => {
  for (const order of ['recent', 'deadline'] as const) {
    it(`order=${order}: page numbers and nextCursor walk the same rows, each once`, async () => {
      const all = await expected(order);
      expect(all.length).toBeGreaterThan(200);
      const byPage: number[] = [];
      for (let page = 1; ; page++) {
        const r = (
          await zhangdian.get(`/api/problems?order=${order}&page=${page}&pageSize=43`)
        ).json<Page>();
        expect(r.total).toBe(all.length);
        if (r.items.length === 0) break;
        byPage.push(...r.items.map((p) => p.id));
      }
      expect(byPage).toEqual(all);
      const byCursor: number[] = [];
      let url = `/api/problems?order=${order}&pageSize=60`;
      for (;;) {
        const r = (await zhangdian.get(url)).json<Page>();
        byCursor.push(...r.items.map((p) => p.id));
        if (!r.nextCursor) break;
        url = `/api/problems?order=${order}&pageSize=60&after=${r.nextCursor}`;
      }
      expect(byCursor).toEqual(all);
    });
  }

  it('a filter narrows the cursor walk too (status and street)', async () => {
    const [row] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(problems)
      .where(sql`region_code like '370303001%' and status = 'open'`);
    const seen = new Set<number>();
    let url = '/api/problems?region=370303001&status=open&pageSize=7';
    for (;;) {
      const r = (await zhangdian.get(url)).json<Page>();
      expect(r.total).toBe(row!.n);
      for (const p of r.items) seen.add(p.id);
      if (!r.nextCursor) break;
      url = `/api/problems?region=370303001&status=open&pageSize=7&after=${r.nextCursor}`;
    }
    expect(seen.size).toBe(row!.n);
  });

  it('a forged cursor is refused with a Chinese 400', async () => {
    const r = await zhangdian.get(
      `/api/problems?after=${Buffer.from('x.1').toString('base64url')}`,
    );
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('分页游标无效');
  });
});
