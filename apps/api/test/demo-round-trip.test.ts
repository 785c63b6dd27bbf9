import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { seedDemoLedger } from '../src/demo/seed.ts';
import { startTestApp, type Client, type TestApp } from './harness.ts';

/**
 * Issue 11 (API.md Ledger: "an export, edited and imported again, updates the same records"):
 * on the demo city that `npm start` seeds, a district's export imports back unchanged — the
 * import finds nothing to create or update, the records keep their versions, and exporting again
 * gives the same rows.
 */
let t: TestApp;
let zhangdian: Client;
beforeAll(async () => {
  t = await startTestApp();
  const seeded = await seedDemoLedger(t.db);
  expect(seeded.areas).toBeGreaterThan(100);
  zhangdian = await t.login('zhangdian');
}, 120_000);
afterAll(async () => {
  await t.close();
});

type Report = { rows: number; created: number; updated: number; errors: unknown[] };

/** Every sheet's rows as plain values (dates and rich text reduced to text). */
async function rowsOf(bytes: Buffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      rows.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) =>
            v instanceof Date
              ? v.toISOString()
              : typeof v === 'object' && v !== null
                ? JSON.stringify(v)
                : v,
          ),
      );
    });
    out[ws.name] = rows;
  });
  return out;
}

async function versions(): Promise<string> {
  const res = await t.db.execute(
    sql`select string_agg(id || ':' || version, ',' order by id) as v from (
          select id, version from residential_areas where region_code like '370303%'
          union all select -id, version from facilities where region_code like '370303%') x`,
  );
  return (res as { rows: { v: string }[] }).rows[0]!.v;
}

describe('demo city: export → import → export', () => {
  it('imports a district’s own export back without a change', async () => {
    const first = await zhangdian.get('/api/exports/ledger.xlsx');
    expect(first.statusCode).toBe(200);
    const before = await versions();

    const dry = await zhangdian.upload('/api/imports/ledger?dryRun=true', first.rawPayload);
    expect(dry.statusCode, dry.body.slice(0, 500)).toBe(200);
    const dryReport = dry.json<Report>();
    expect(dryReport.errors).toEqual([]);

    const commit = await zhangdian.upload('/api/imports/ledger?dryRun=false', first.rawPayload);
    expect(commit.statusCode, commit.body.slice(0, 500)).toBe(200);
    const report = commit.json<Report>();
    expect(report.errors).toEqual([]);
    expect(report.rows).toBeGreaterThan(100);
    expect({ created: report.created, updated: report.updated }).toEqual({
      created: 0,
      updated: 0,
    });
    expect(await versions()).toBe(before);

    const second = await zhangdian.get('/api/exports/ledger.xlsx');
    const [a, b] = await Promise.all([rowsOf(first.rawPayload), rowsOf(second.rawPayload)]);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const sheet of Object.keys(a)) {
      expect(b[sheet]!.length, sheet).toBe(a[sheet]!.length);
      expect(b[sheet], sheet).toEqual(a[sheet]);
    }
    console.info(
      `demo round trip (张店区): ${report.rows} rows, sheets ${Object.entries(a)
        .map(([k, v]) => `${k} ${v.length}`)
        .join(', ')}`,
    );
  }, 180_000);
});
