import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';
import ExcelJS from 'exceljs';
import { todayInShanghai } from '../../platform/time.ts';

type Bulk = { total: number; processed: number; created: number; existing: number; done: boolean };

let t: TestApp;
let zhangdian: Client;
const STREET = '370303004';
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  // 24 new areas with nothing built: each lacks a dozen or more facility types.
  for (let i = 0; i < 24; i++) {
    await buildArea(zhangdian, {
      name: `批量立项小区${i + 1}`,
      regionCode: `${STREET}001`,
      kind: 'new',
      households: 1500 + i,
      population: 4500,
      lon: 118.1 + i * 0.01,
      lat: 36.75,
    });
  }
});
afterAll(async () => {
  await t.close();
});

async function gapProblems(): Promise<number> {
  const res = await zhangdian.get(`/api/problems?source=gap_analysis&region=${STREET}&pageSize=1`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ total: number }>().total;
}

async function runBulk(filter: Record<string, unknown>, limit?: number) {
  const steps: Bulk[] = [];
  let offset = 0;
  for (;;) {
    const res = await zhangdian.post('/api/gap-analysis/problems/bulk', {
      filter,
      offset,
      ...(limit ? { limit } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
    const step = res.json<Bulk>();
    steps.push(step);
    offset = step.processed;
    if (step.done) return steps;
  }
}

describe('P2 → P5 raising every finding of a filter as problems, in chunks', () => {
  it('raises hundreds of findings once; running the filter again creates nothing', async () => {
    const list = (await zhangdian.get(`/api/gap-analysis?region=${STREET}&pageSize=1`)).json<{
      summary: { byStatus: { short: number; missing: number } };
    }>();
    const gaps = list.summary.byStatus.short + list.summary.byStatus.missing;
    expect(gaps).toBeGreaterThanOrEqual(200);

    const first = await runBulk({ region: STREET }, 100);
    expect(first.length).toBe(Math.ceil(gaps / 100));
    expect(first.at(-1)).toMatchObject({ total: gaps, processed: gaps, done: true });
    expect(first.reduce((n, s) => n + s.created, 0)).toBe(gaps);
    // Progress grows monotonically, chunk by chunk.
    expect(first.map((s) => s.processed)).toEqual(
      first.map((_, i) => Math.min((i + 1) * 100, gaps)),
    );

    expect(await gapProblems()).toBe(gaps);
    // Each problem says what the analysis measured: a radius gap names no facility within it.
    const raised = (
      await zhangdian.get(`/api/problems?source=gap_analysis&region=${STREET}&pageSize=100`)
    ).json<{ items: { description: string }[] }>().items;
    expect(raised.length).toBeGreaterThan(0);
    for (const p of raised) expect(p.description).toMatch(/^\S+(缺失|不足)：\S+要求 .+。依据：/);
    expect(
      raised.filter((p) => p.description.includes('半径内没有计入的设施')).length,
    ).toBeGreaterThan(0);
    expect(raised.filter((p) => /半径要求.*现有 0m/.test(p.description))).toEqual([]);

    const again = await runBulk({ region: STREET });
    expect(again.reduce((n, s) => n + s.created, 0)).toBe(0);
    expect(again.reduce((n, s) => n + s.existing, 0)).toBe(gaps);
    expect(await gapProblems()).toBe(gaps);
  });

  it('raises nothing outside the caller’s scope (a district asking for another one)', async () => {
    const res = await zhangdian.post('/api/gap-analysis/problems/bulk', {
      filter: { region: '370302' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Bulk>()).toMatchObject({ total: 0, created: 0, done: true });
  });

  it('exports and raises 有缺口 (status=gap): the short and the missing of the filter', async () => {
    const list = (await zhangdian.get(`/api/gap-analysis?region=${STREET}&pageSize=1`)).json<{
      summary: { byStatus: { short: number; missing: number } };
    }>();
    const gaps = list.summary.byStatus.short + list.summary.byStatus.missing;
    const res = await zhangdian.get(`/api/exports/gap-analysis.xlsx?region=${STREET}&status=gap`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('缺口清单')!;
    expect(sheet.actualRowCount - 1).toBe(gaps);
    // Every gap was raised by the first test: the same filter in bulk finds them all, adds none.
    const steps = await runBulk({ region: STREET, status: 'gap' });
    expect(steps.at(-1)!.total).toBe(gaps);
    expect(steps.reduce((n, s) => n + s.created, 0)).toBe(0);
  });

  it('exports the gap list of a filter as .xlsx named by the region', async () => {
    const res = await zhangdian.get(
      `/api/exports/gap-analysis.xlsx?region=${STREET}&status=missing`,
    );
    expect(res.statusCode).toBe(200);
    const disposition = String(res.headers['content-disposition']);
    // Named by the day in Beijing (from 00:00 to 08:00 there, the UTC day is the day before).
    expect(decodeURIComponent(disposition)).toContain(
      `缺口分析-和平街道-${todayInShanghai()}.xlsx`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('缺口清单')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('依据是否核实');
    const missing = (
      await zhangdian.get(`/api/gap-analysis?region=${STREET}&status=missing&pageSize=1`)
    ).json<{ total: number }>().total;
    expect(sheet.actualRowCount - 1).toBe(missing);
    expect(sheet.getRow(2).getCell(1).value).toBe('张店区');
    expect(sheet.getRow(2).getCell(2).value).toBe('和平街道');
    // Every gap of the street was raised above: each row names its problem, as the screen does.
    expect(header.slice(-2)).toEqual(['问题编号', '问题状态']);
    const listed = (
      await zhangdian.get(`/api/gap-analysis?region=${STREET}&status=missing&pageSize=1`)
    ).json<{ items: { problem: { id: number } | null }[] }>().items[0]!;
    const cells = (r: number) => (sheet.getRow(r).values as unknown[]).slice(-2);
    expect(cells(2)).toEqual([`#${listed.problem!.id}`, '待制定方案']);
    for (let r = 2; r <= sheet.actualRowCount; r++) {
      expect(cells(r)[0]).toMatch(/^#\d+$/);
      expect(cells(r)[1]).toBe('待制定方案');
    }
  });
});
