import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';

const AREA_HEADERS = [
  '序号',
  '小区编号',
  '小区名称',
  '区县',
  '镇街',
  '社区代码',
  '社区名称',
  '地址',
  '经度',
  '纬度',
  '坐标系',
  '户数',
  '人口',
  '建成年份',
  '类型',
];
const FACILITY_HEADERS = [
  '序号',
  '设施编号',
  '设施名称',
  '设施类型',
  '服务小区',
  '建筑面积(㎡)',
  '占地面积(㎡)',
  '经度',
  '纬度',
  '坐标系',
  '产权归属',
  '运营单位',
  '规划状态',
  '规划说明',
  '建设状态',
  '建设说明',
  '移交状态',
  '移交说明',
  '使用状态',
  '使用说明',
];

/** A workbook as a clerk would fill it in: a title row above the header, a 序号 column. */
async function workbook(areas: unknown[][], facilities: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet('小区');
  a.addRow(['张店区社区配套设施台账（小区）']);
  a.mergeCells(1, 1, 1, AREA_HEADERS.length);
  a.addRow(AREA_HEADERS);
  areas.forEach((r, i) => a.addRow([i + 1, ...r]));
  const f = wb.addWorksheet('设施');
  f.addRow(FACILITY_HEADERS);
  facilities.forEach((r, i) => f.addRow([i + 1, ...r]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Report = {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { sheet: string; row: number; column: string; message: string }[];
};

let t: TestApp;
let zhangdian: Client;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
});
afterAll(async () => {
  await t.close();
});

async function countAreas(client: Client, q: string) {
  return (await client.get(`/api/residential-areas?q=${encodeURIComponent(q)}`)).json<{
    total: number;
  }>().total;
}

describe('P3 ledger import and export', () => {
  it('serves the template with the two sheets and Chinese headers', async () => {
    const res = await zhangdian.get('/api/imports/ledger/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 2)).toEqual(['小区', '设施']);
    const header = (wb.getWorksheet('设施')!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(
      expect.arrayContaining(['设施名称', '设施类型', '服务小区', '使用状态']),
    );
  });

  it('reports every problem by sheet, row and column, and writes nothing', async () => {
    const bad = await workbook(
      [
        [
          null,
          '导入甲小区',
          '张店区',
          '车站街道',
          '370303001999',
          null,
          '华光路1号',
          118.05,
          36.81,
          null,
          '１２００',
          3500,
          '2015年',
          '既有',
        ],
        [
          null,
          '导入乙小区',
          '张店区',
          '车站街道',
          '370303001001',
          null,
          null,
          null,
          null,
          null,
          '很多',
          null,
          null,
          '既有',
        ],
      ],
      [
        [
          null,
          '导入甲幼儿园',
          '幼儿园',
          '不存在的小区',
          '2400㎡',
          null,
          null,
          null,
          null,
          '政府',
          null,
          '已规划',
          null,
          '已建成',
          null,
          '已移交',
          null,
          '正常使用',
          null,
        ],
      ],
    );
    const res = await zhangdian.upload('/api/imports/ledger?dryRun=true', bad);
    expect(res.statusCode).toBe(200);
    const report = res.json<Report>();
    expect(report.created).toBe(0);
    expect(report.errors).toContainEqual(
      expect.objectContaining({ sheet: '小区', row: 4, column: '户数' }),
    );
    // Cell errors come first; database checks (unknown community, unknown area name) follow once the cells are clean.
    const fixedCells = await workbook(
      [
        [
          null,
          '导入甲小区',
          '张店区',
          '车站街道',
          '370303001999',
          null,
          '华光路1号',
          118.05,
          36.81,
          null,
          '１２００',
          3500,
          '2015年',
          '既有',
        ],
      ],
      [
        [
          null,
          '导入甲幼儿园',
          '幼儿园',
          '不存在的小区',
          '2400㎡',
          null,
          null,
          null,
          null,
          '政府',
          null,
          '已规划',
          null,
          '已建成',
          null,
          '已移交',
          null,
          '正常使用',
          null,
        ],
      ],
    );
    const second = (
      await zhangdian.upload('/api/imports/ledger?dryRun=false', fixedCells)
    ).json<Report>();
    expect(second.created).toBe(0);
    expect(second.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sheet: '小区',
          row: 3,
          column: '社区代码',
          message: '社区代码 370303001999 不存在',
        }),
        expect.objectContaining({ sheet: '设施', row: 2, column: '服务小区' }),
      ]),
    );
    expect(await countAreas(zhangdian, '导入甲小区')).toBe(0);
  });

  it('a clean workbook dry-runs, then commits all of it; a facility finds its area by name', async () => {
    const good = await workbook(
      [
        [
          null,
          '导入丙小区',
          '张店区',
          '车站街道',
          '370303001001',
          null,
          '华光路9号',
          118.05,
          36.81,
          'GCJ-02',
          '１２００',
          3500,
          '2015.6.1',
          '既有',
        ],
      ],
      [
        [
          null,
          '导入丙幼儿园',
          '幼儿园',
          '导入丙小区',
          '2400平方米',
          '3600㎡',
          118.051,
          36.811,
          'GCJ-02',
          '政府',
          '张店区教育局',
          '已规划',
          null,
          '已建成',
          null,
          '已移交',
          null,
          '正常使用',
          null,
        ],
      ],
    );
    const dry = (await zhangdian.upload('/api/imports/ledger?dryRun=true', good)).json<Report>();
    expect(dry).toMatchObject({ created: 2, updated: 0, errors: [] });
    expect(await countAreas(zhangdian, '导入丙小区')).toBe(0);
    const done = (await zhangdian.upload('/api/imports/ledger?dryRun=false', good)).json<Report>();
    expect(done).toMatchObject({ created: 2, updated: 0, errors: [] });
    const areas = (await zhangdian.get('/api/residential-areas?q=导入丙小区')).json<{
      items: { id: number; households: number; lon: number }[];
    }>();
    expect(areas.items).toHaveLength(1);
    expect(areas.items[0]!.households).toBe(1200);
    expect(areas.items[0]!.lon).toBeLessThan(118.05); // GCJ-02 converted to WGS-84
    const facs = (
      await zhangdian.get(`/api/facilities?residentialAreaId=${areas.items[0]!.id}`)
    ).json<{ items: { name: string; floorArea: number; siteArea: number }[] }>();
    expect(facs.items).toEqual([
      expect.objectContaining({ name: '导入丙幼儿园', floorArea: 2400, siteArea: 3600 }),
    ]);
  });

  it('an exported workbook, edited and imported again, updates the same records', async () => {
    const zichuan = await t.login('zichuan');
    const area = await buildArea(zichuan, {
      name: '淄川导出小区',
      regionCode: '370302001001',
      households: 500,
    });
    // A second area the clerk leaves as it is (coordinates with full precision).
    await buildArea(zichuan, {
      name: '淄川未改小区',
      regionCode: '370302001002',
      households: 300,
      lon: 117.96123456,
      lat: 36.64123456,
    });
    const exported = await zichuan.get('/api/exports/ledger.xlsx');
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('小区')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const nameCol = header.indexOf('小区名称');
    const householdsCol = header.indexOf('户数');
    let found = 0;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(nameCol).value === '淄川导出小区') {
        row.getCell(householdsCol).value = 650;
        found++;
      }
    });
    expect(found).toBe(1);
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const report = (
      await zichuan.upload('/api/imports/ledger?dryRun=false', edited)
    ).json<Report>();
    expect(report.errors).toEqual([]);
    expect(report.created).toBe(0);
    // Only the edited row is written; the rest of the export is already the ledger.
    expect(report.updated).toBe(1);
    expect(report.unchanged).toBe(1);
    const read = (await zichuan.get(`/api/residential-areas/${area.id}`)).json<{
      households: number;
      version: number;
    }>();
    expect(read).toMatchObject({ households: 650, version: 2 });
    expect(await countAreas(zichuan, '淄川导出小区')).toBe(1);
  });

  it('neutralises formulas in every exported cell', async () => {
    await buildArea(zhangdian, {
      name: '=HYPERLINK("http://x","点我")',
      regionCode: '370303001002',
    });
    const exported = await zhangdian.get('/api/exports/ledger.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const values: unknown[] = [];
    wb.getWorksheet('小区')!.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    expect(values).toContain('\'=HYPERLINK("http://x","点我")');
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
  });

  it('refuses a community outside the scope, and a file that is not .xlsx', async () => {
    const outside = await workbook(
      [
        [
          null,
          '越界小区',
          '淄川区',
          '般阳路街道',
          '370302001001',
          null,
          null,
          null,
          null,
          null,
          100,
          null,
          null,
          '既有',
        ],
      ],
      [],
    );
    const report = (
      await zhangdian.upload('/api/imports/ledger?dryRun=true', outside)
    ).json<Report>();
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        row: 3,
        column: '社区代码',
        message: '社区 370302001001 不在您的数据范围内',
      }),
    );
    const notExcel = await zhangdian.upload(
      '/api/imports/ledger?dryRun=true',
      Buffer.from('name,households\n甲,1\n'),
      'ledger.csv',
      'text/csv',
    );
    expect(notExcel.statusCode).toBe(415);
    expect(notExcel.json<{ error: { message: string } }>().error.message).toContain('.xlsx');
    const leader = await t.login('leader');
    expect((await leader.upload('/api/imports/ledger?dryRun=true', outside)).statusCode).toBe(403);
  });
  it('a commit after a dry run sees what changed in between: a deleted area, a lock (P3)', async () => {
    const area = await buildArea(zhangdian, { name: '预览后删除小区', regionCode: '370303001003' });
    // The clerk's workbook updates the area by its 小区编号 and adds a facility serving it.
    const file = await workbook(
      [
        [
          area.id,
          '预览后删除小区',
          '张店区',
          '车站街道',
          '370303001003',
          null,
          null,
          null,
          null,
          null,
          800,
          null,
          null,
          '既有',
        ],
      ],
      [
        [
          null,
          '预览后删除小区幼儿园',
          '幼儿园',
          `${area.id} 预览后删除小区`,
          120,
          null,
          null,
          null,
          null,
          '政府',
          null,
          '已规划',
          null,
          '已建成',
          null,
          '已移交',
          null,
          '正常使用',
          null,
        ],
      ],
    );
    const dry = (await zhangdian.upload('/api/imports/ledger?dryRun=true', file)).json<Report>();
    expect(dry).toMatchObject({ created: 1, updated: 1, errors: [] });

    // Deleted by a colleague before the commit: the commit checks again and writes nothing.
    expect((await zhangdian.delete(`/api/residential-areas/${area.id}`)).statusCode).toBe(204);
    const stale = (await zhangdian.upload('/api/imports/ledger?dryRun=false', file)).json<Report>();
    expect(stale.errors).toContainEqual(
      expect.objectContaining({ sheet: '小区', row: 3, column: '小区编号' }),
    );
    expect(await countAreas(zhangdian, '预览后删除小区')).toBe(0);

    // Previewed clean, then the district's ledger is submitted (locked): the commit is refused.
    const fresh = await workbook(
      [
        [
          null,
          '预览后锁定小区',
          '张店区',
          '车站街道',
          '370303001003',
          null,
          null,
          null,
          null,
          null,
          300,
          null,
          null,
          '既有',
        ],
      ],
      [],
    );
    expect(
      (await zhangdian.upload('/api/imports/ledger?dryRun=true', fresh)).json<Report>(),
    ).toMatchObject({ created: 1, errors: [] });
    const office = await t.login('office');
    const survey = (
      await office.post('/api/surveys', { name: '导入锁定测试', deadline: '2099-04-10' })
    ).json<{ id: number }>();
    expect(
      (await zhangdian.post(`/api/surveys/${survey.id}/submissions/370303/submit`)).statusCode,
    ).toBe(200);
    const locked = (
      await zhangdian.upload('/api/imports/ledger?dryRun=false', fresh)
    ).json<Report>();
    expect(locked.errors[0]?.message).toContain('锁定');
    expect(await countAreas(zhangdian, '预览后锁定小区')).toBe(0);
  });
});
