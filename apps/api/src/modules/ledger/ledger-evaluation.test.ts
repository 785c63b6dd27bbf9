import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildFacility } from '../../../test/factories.ts';
import { loadLedgerForEvaluation } from './ledger-evaluation.repo.ts';

/*
 * P2 / issue 12: the gap analysis reads the whole ledger in pages (so other requests run between
 * them); the pages together are exactly the ledger, every facility with all its areas.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const zhangdian = await t.login('zhangdian');
  const areas: number[] = [];
  for (let i = 0; i < 12; i++) areas.push((await buildArea(zhangdian, { households: 100 + i })).id);
  // Facilities of one area and of two; one archived (it leaves the read).
  for (let i = 0; i < 14; i++) {
    const linked = i % 2 === 0 ? [areas[i % 12]!] : [areas[i % 12]!, areas[(i + 5) % 12]!];
    await buildFacility(zhangdian, linked, { floorArea: 100 + i });
  }
  const gone = await buildFacility(zhangdian, [areas[0]!]);
  await t.db.execute(sql`update facilities set archived_at = now() where id = ${gone.id}`);
});
afterAll(async () => {
  await t.close();
});

describe('the ledger read for the gap analysis', () => {
  it('reads in small pages exactly what one read gives (P2)', async () => {
    const whole = await loadLedgerForEvaluation(t.db, 1_000_000);
    const paged = await loadLedgerForEvaluation(t.db, 4);
    expect(paged).toEqual(whole);
    const result = await t.db.execute(sql`select
      (select count(*)::int from residential_areas where archived_at is null) as areas,
      (select count(*)::int from facilities where archived_at is null) as facilities,
      (select count(*)::int from facility_areas fa join facilities f on f.id = fa.facility_id
        where f.archived_at is null) as links`);
    const counts = (result as { rows: { areas: number; facilities: number; links: number }[] })
      .rows[0];
    // Many pages of each: areas, facilities and links.
    expect(counts!.areas).toBeGreaterThan(4 * 2);
    expect(counts!.facilities).toBeGreaterThan(4 * 2);
    expect(counts!.links).toBeGreaterThan(4 * 2);
    expect(paged.areas).toHaveLength(counts!.areas);
    expect(paged.facilities).toHaveLength(counts!.facilities);
    expect(paged.facilities.reduce((n, f) => n + f.residentialAreaIds.length, 0)).toBe(
      counts!.links,
    );
  });
});
