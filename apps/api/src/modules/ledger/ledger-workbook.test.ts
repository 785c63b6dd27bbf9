import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACILITY_TYPES, facilityInput, residentialAreaInput } from '@zibo/shared';
import {
  type AreaExportRecord,
  type FacilityExportRecord,
  type ParsedArea,
  type ParsedFacility,
  parseLedgerWorkbook,
  toFacilityInput,
  toResidentialAreaInput,
  writeLedgerTemplate,
  writeLedgerWorkbook,
} from './ledger-workbook.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ledger-workbook-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function streamOf(workbook: ExcelJS.Workbook): Promise<Readable> {
  return Readable.from(Buffer.from(await workbook.xlsx.writeBuffer()));
}

const STAGES_EMPTY = {
  planning: { status: null, note: null },
  construction: { status: null, note: null },
  handover: { status: null, note: null },
  use: { status: null, note: null },
};

/** A workbook as a district clerk really sends it. */
function buildClerkWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const areas = wb.addWorksheet('小区');
  areas.addRow(['淄博市张店区居住小区及配套设施台账']);
  areas.mergeCells('A1:O1');
  areas.addRow([
    '填报单位：张店区住房和城乡建设局',
    null,
    null,
    null,
    null,
    '填报日期：2020年4月10日',
  ]);
  areas.addRow([
    '序号',
    '小区编号',
    ' 小区\n名称 ',
    '区县',
    '镇（街道）',
    '社区代码',
    '社区名称',
    '地址',
    '经　度',
    '纬度',
    '坐标系',
    '户数（户）',
    '人口',
    '建成年份',
    '类型',
  ]);
  // prettier-ignore
  {
    areas.addRow([1, 12, '华光小区', '张店区', '车站街道', '370303001001', '华光社区', '华光路１２号', 118.05, 36.81, null, '１２００', '３４００人', '2015年', '既有']); // 4
    areas.addRow([2, null, '锦绣苑（二期）', null, null, '370303001002', '和平社区', null, '118.06', '36.82', '高德', 800, null, 42156, '新建']); // 5
    areas.addRow([3, 15, '　新村小区 ', null, '公园街道', null, null, '新村西路', null, null, null, '1,050户', '2,900', new Date(Date.UTC(2008, 5, 1)), '既有小区']); // 6
    areas.addRow([]); // 7
    areas.addRow([4]); // 8
    areas.addRow([5, null, '东方花园', '张店区', '和平街道', '３７０３０３ ００２００１', '东方社区', null, null, null, 'WGS-84', 300, 900, '2010.5', '既有']); // 9
    areas.addRow(['合　计', null, null, null, null, null, null, null, null, null, null, 3350, 7200]); // 10
    areas.addRow(['填表人：张三', null, null, '审核人：李四']); // 11
  }
  areas.mergeCells('D4:D6');
  areas.mergeCells('E4:E5');
  areas.mergeCells('F5:F6');
  areas.mergeCells('G5:G6');

  const facilities = wb.addWorksheet('设施');
  facilities.addRow(['配套设施台账']);
  facilities.mergeCells('A1:U1');
  facilities.addRow([
    '序号',
    '设施编号',
    '设施名称',
    '设施类型',
    '服务小区',
    '建筑面积（㎡）',
    '占地面积(平方米)',
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
    '更新时间',
  ]);
  // prettier-ignore
  {
    facilities.addRow([1, 101, '华光幼儿园', '幼 儿 园', '12 华光小区', '350平方米', '1,200', 118.051, 36.811, null, '政府', '张店区教育局', '已规划', null, '已建成', null, '已移交', null, '正常使用', null, '2024-01-01 10:00']); // 3
    facilities.addRow([2, null, '锦绣苑日间照料中心', '日间照料中心', '锦绣苑（二期）、新村小区', '350㎡', '/', null, null, null, '业主', null, '已规划', null, '在建', '预计２０２１年竣工', null, null, null, null]); // 4
    facilities.addRow([3, null, '新村便利店', '便利店', '15，12', '１，２００ m2', null, '118.07', '36.83', 'BD-09', '投资方', '-2', '未规划', '=1+1', null, null, null, null, '闲置', '第一行\n第二行']); // 5
    facilities.addRow([4, null, '东方健身广场', '健身广场', null, 500, 2000, null, null, null, null, null, '已规划', null, '已建成', null, '未到移交期', null, '在用', null]); // 6
    facilities.addRow([]); // 7
    facilities.addRow(['总计', null, null, null, null, 2400, 3200]); // 8
  }
  facilities.mergeCells('E5:E6');
  return wb;
}

const CLERK_AREAS: ParsedArea[] = [
  {
    row: 4,
    id: 12,
    name: '华光小区',
    regionCode: '370303001001',
    address: '华光路12号',
    lon: 118.05,
    lat: 36.81,
    coordSystem: 'wgs84',
    households: 1200,
    population: 3400,
    buildYear: 2015,
    kind: 'existing',
    regionNames: { district: '张店区', street: '车站街道', community: '华光社区' },
  },
  {
    row: 5,
    name: '锦绣苑（二期）',
    regionCode: '370303001002',
    address: null,
    lon: 118.06,
    lat: 36.82,
    coordSystem: 'gcj02',
    households: 800,
    population: null,
    buildYear: 2015,
    kind: 'new',
    regionNames: { district: '张店区', street: '车站街道', community: '和平社区' },
  },
  {
    row: 6,
    id: 15,
    name: '新村小区',
    regionCode: '370303001002',
    address: '新村西路',
    lon: null,
    lat: null,
    coordSystem: 'wgs84',
    households: 1050,
    population: 2900,
    buildYear: 2008,
    kind: 'existing',
    regionNames: { district: '张店区', street: '公园街道', community: '和平社区' },
  },
  {
    row: 9,
    name: '东方花园',
    regionCode: '370303002001',
    address: null,
    lon: null,
    lat: null,
    coordSystem: 'wgs84',
    households: 300,
    population: 900,
    buildYear: 2010,
    kind: 'existing',
    regionNames: { district: '张店区', street: '和平街道', community: '东方社区' },
  },
];

const CLERK_FACILITIES: ParsedFacility[] = [
  {
    row: 3,
    id: 101,
    type: 'kindergarten',
    name: '华光幼儿园',
    areaRefs: [{ id: 12, name: '华光小区' }],
    floorArea: 350,
    siteArea: 1200,
    lon: 118.051,
    lat: 36.811,
    coordSystem: 'wgs84',
    ownership: 'government',
    operator: '张店区教育局',
    stages: {
      planning: { status: 'planned', note: null },
      construction: { status: 'built', note: null },
      handover: { status: 'handed_over', note: null },
      use: { status: 'in_use', note: null },
    },
  },
  {
    row: 4,
    type: 'elderly_day_care',
    name: '锦绣苑日间照料中心',
    areaRefs: [{ name: '锦绣苑（二期）' }, { name: '新村小区' }],
    floorArea: 350,
    siteArea: null,
    lon: null,
    lat: null,
    coordSystem: 'wgs84',
    ownership: 'owners',
    operator: null,
    stages: {
      ...STAGES_EMPTY,
      planning: { status: 'planned', note: null },
      construction: { status: 'under_construction', note: '预计2021年竣工' },
    },
  },
  {
    row: 5,
    type: 'convenience_store',
    name: '新村便利店',
    areaRefs: [{ id: 15 }, { id: 12 }],
    floorArea: 1200,
    siteArea: null,
    lon: 118.07,
    lat: 36.83,
    coordSystem: 'bd09',
    ownership: 'investor',
    operator: '-2',
    stages: {
      ...STAGES_EMPTY,
      planning: { status: 'not_planned', note: '=1+1' },
      use: { status: 'idle', note: '第一行\n第二行' },
    },
  },
  {
    row: 6,
    type: 'fitness_site',
    name: '东方健身广场',
    areaRefs: [{ id: 15 }, { id: 12 }],
    floorArea: 500,
    siteArea: 2000,
    lon: null,
    lat: null,
    coordSystem: 'wgs84',
    ownership: null,
    operator: null,
    stages: {
      planning: { status: 'planned', note: null },
      construction: { status: 'built', note: null },
      handover: { status: 'not_due', note: null },
      use: { status: 'in_use', note: null },
    },
  },
];

describe('parseLedgerWorkbook: what clerks really send (P3 ledger)', () => {
  it('reads title rows, merged cells, 序号, full-width text, units, dates and 合计 into exact records', async () => {
    const parsed = await parseLedgerWorkbook(await streamOf(buildClerkWorkbook()));
    expect(parsed.errors).toEqual([]);
    expect(parsed.truncated).toBe(false);
    expect(parsed.rows).toBe(8);
    expect(parsed.areas).toEqual(CLERK_AREAS);
    expect(parsed.facilities).toEqual(CLERK_FACILITIES);
  });

  it('gives records that the API contracts accept as they are', async () => {
    const parsed = await parseLedgerWorkbook(await streamOf(buildClerkWorkbook()));
    for (const area of parsed.areas) {
      expect(residentialAreaInput.safeParse(toResidentialAreaInput(area)).success).toBe(true);
    }
    for (const facility of parsed.facilities) {
      expect(facilityInput.safeParse(toFacilityInput(facility, [1, 2])).success).toBe(true);
    }
  });
});

describe('parseLedgerWorkbook: 服务小区 and sheet names', () => {
  it('splits 服务小区 on 、，,;； and line breaks but not inside brackets', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('配套设施');
    sheet.addRow(['设施名称', '设施类型', '服务小区']);
    sheet.addRow([
      '甲',
      '幼儿园',
      '幸福里（一、二期），华光小区;12\n 13 锦绣苑 ；幸福里（一、二期）',
    ]);
    sheet.addRow(['乙', '小学', '１２、[东,西]区、12']);
    const parsed = await parseLedgerWorkbook(await streamOf(wb));
    expect(parsed.errors).toEqual([]);
    expect(parsed.facilities.map((f) => f.areaRefs)).toEqual([
      [
        { name: '幸福里（一、二期）' },
        { name: '华光小区' },
        { id: 12 },
        { id: 13, name: '锦绣苑' },
      ],
      [{ id: 12 }, { name: '[东,西]区' }],
    ]);
  });
});

describe('parseLedgerWorkbook: errors by sheet, row and column', () => {
  function buildBadWorkbook(): ExcelJS.Workbook {
    const wb = new ExcelJS.Workbook();
    const areas = wb.addWorksheet('小区');
    areas.addRow(['张店区小区台账']);
    areas.addRow(['小区编号', '小区名称', '社区代码', '户数', '类型', '经度', '纬度', '建成年份']);
    areas.addRow([null, null, '370303001001', 'abc', '既有']); // 3
    areas.addRow([7, '甲小区', '1234', 100, '旧房', 118.0, null, 1800]); // 4
    areas.addRow([null, '乙小区', '370303001001', 100, '新建', 36.8, 118.0]); // 5
    areas.addRow([7, '丙小区', '370303001001', 10, '新建']); // 6
    areas.addRow([null, '丙 小区', '370303001001', 10, '既有']); // 7
    areas.addRow([null, '丁小区', '370303001001', 10, '既有', 200, 36.8]); // 8
    const facilities = wb.addWorksheet('设施');
    facilities.addRow([
      '设施名称',
      '设施类型',
      '服务小区',
      '建筑面积',
      '规划状态',
      '规划说明',
      '产权归属',
    ]);
    facilities.addRow(['甲', '游泳馆', null, '约350', '已建成', 'x'.repeat(501), '政府']); // 2
    facilities.addRow(['乙', '幼儿园', '0', 350, null, null, '个人']); // 3
    return wb;
  }

  it('names the sheet, the Excel row and the column as written for every bad cell', async () => {
    const parsed = await parseLedgerWorkbook(await streamOf(buildBadWorkbook()));
    expect(parsed.errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['小区', 3, '小区名称'],
      ['小区', 3, '户数'],
      ['小区', 4, '社区代码'],
      ['小区', 4, '纬度'],
      ['小区', 4, '建成年份'],
      ['小区', 4, '类型'],
      ['小区', 5, '经度'],
      ['小区', 6, '小区编号'],
      ['小区', 7, '小区名称'],
      ['小区', 8, '经度'],
      ['设施', 2, '设施类型'],
      ['设施', 2, '服务小区'],
      ['设施', 2, '建筑面积'],
      ['设施', 2, '规划状态'],
      ['设施', 2, '规划说明'],
      ['设施', 3, '服务小区'],
      ['设施', 3, '产权归属'],
    ]);
    expect(parsed.errors.map((e) => e.message)).toEqual([
      '小区名称必须填写',
      '户数应为整数（可带单位“户”），实际为“abc”',
      '社区代码应为 12 位社区（村居）代码，实际为“1234”',
      '纬度未填写：经度和纬度应同时填写',
      '建成年份不能早于 1900 年',
      '类型应为以下之一：新建、既有，实际为“旧房”',
      '经度、纬度可能填反了：经度应在 73～136 之间，纬度应在 3～54 之间',
      '小区编号 7 与第 4 行重复',
      '同一社区内小区名称“丙 小区”与第 6 行重复',
      '经度应在 73～136 之间（十进制度数），实际为 200',
      expect.stringContaining('设施类型应为以下之一：幼儿园、小学、中学'),
      '服务小区必须填写：一个或多个小区编号或小区名称，用“、”分隔',
      '建筑面积应填写确切数值，不能填写约数“约350”',
      '规划状态应为以下之一：已规划、未规划、规划变更，实际为“已建成”',
      '规划说明不能超过 500 个字（现为 501 个字）',
      '服务小区中的小区编号“0”无效',
      '产权归属应为以下之一：政府、投资方、全体业主、其他，实际为“个人”',
    ]);
    // All-or-nothing is the caller's, but no bad row ever becomes a record.
    expect(parsed.areas).toEqual([]);
    expect(parsed.facilities).toEqual([]);
    expect(parsed.rows).toBe(8);
  });

  it('stops listing errors at maxErrors and says so, still counting the rows', async () => {
    const wb = new ExcelJS.Workbook();
    const areas = wb.addWorksheet('小区');
    areas.addRow(['小区名称', '社区代码', '户数', '类型']);
    for (let i = 0; i < 30; i++) areas.addRow([`小区${i}`, '370303001001', '很多', '既有']);
    const parsed = await parseLedgerWorkbook(await streamOf(wb), { maxErrors: 10 });
    expect(parsed.truncated).toBe(true);
    expect(parsed.rows).toBe(30);
    expect(parsed.errors).toHaveLength(11);
    expect(parsed.errors.slice(0, 10).map((e) => e.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(parsed.errors[10]).toEqual({
      sheet: '',
      row: 0,
      column: '',
      message: '错误超过 10 条，其余未再列出：请先修改以上错误后重新导入',
    });
  });

  it('refuses a sheet whose header lacks a required column, and a workbook with neither sheet', async () => {
    const missing = new ExcelJS.Workbook();
    missing.addWorksheet('设施').addRow(['设施名称', '服务小区', '建筑面积', '产权归属']);
    expect((await parseLedgerWorkbook(await streamOf(missing))).errors).toEqual([
      { sheet: '设施', row: 1, column: '设施类型', message: '表头缺少必需的列“设施类型”' },
    ]);

    const unrelated = new ExcelJS.Workbook();
    unrelated.addWorksheet('Sheet1').addRow(['姓名', '电话']);
    expect((await parseLedgerWorkbook(await streamOf(unrelated))).errors).toEqual([
      { sheet: '', row: 0, column: '', message: '未找到“小区”或“设施”工作表：请使用导入模板填写' },
    ]);
  });
});

const EXPORT_AREAS: AreaExportRecord[] = [
  {
    id: 1,
    name: '幸福里（东区）',
    regionCode: '370303001001',
    regionName: '华光社区',
    streetName: '车站街道',
    districtName: '张店区',
    address: '+SUM(A1)',
    lon: 118.054927,
    lat: 36.813487,
    households: 1200,
    population: 3400,
    buildYear: 2015,
    kind: 'existing',
  },
  {
    id: 2,
    name: '=1+1',
    regionCode: '370303001002',
    regionName: '和平社区',
    streetName: '车站街道',
    districtName: '张店区',
    address: null,
    lon: null,
    lat: null,
    households: 0,
    population: null,
    buildYear: null,
    kind: 'new',
  },
  {
    id: 3,
    name: '新村小区、二期',
    regionCode: '370303001002',
    regionName: '和平社区',
    streetName: '车站街道',
    districtName: '张店区',
    address: '@x',
    lon: 118.1,
    lat: 36.8,
    households: 50,
    population: 120,
    buildYear: 1990,
    kind: 'existing',
  },
];

const EXPORT_FACILITIES: FacilityExportRecord[] = [
  {
    id: 10,
    type: 'kindergarten',
    name: '华光幼儿园',
    residentialAreas: [
      { id: 1, name: '幸福里（东区）' },
      { id: 3, name: '新村小区、二期' },
    ],
    floorArea: 350.5,
    siteArea: null,
    lon: 118.05,
    lat: 36.81,
    ownership: 'government',
    operator: '-2',
    stages: {
      planning: { status: 'planned', note: '@x\n第二行' },
      construction: { status: 'built_short', note: '=HYPERLINK("http://evil","点我")' },
      handover: { status: null, note: null },
      use: { status: 'occupied', note: null },
    },
    updatedAt: '2024-05-01T02:03:04.000Z',
  },
  {
    id: 11,
    type: 'health_station',
    name: '+SUM(A1)',
    residentialAreas: [{ id: 2, name: '=1+1' }],
    floorArea: null,
    siteArea: 5000,
    lon: null,
    lat: null,
    ownership: null,
    operator: null,
    stages: {
      planning: { status: null, note: null },
      construction: { status: null, note: null },
      handover: { status: 'refused', note: '开发商拒不移交' },
      use: { status: null, note: null },
    },
    updatedAt: '2024-05-01T16:30:00.000Z',
  },
];

async function exportToFile(
  name: string,
  areas: AreaExportRecord[],
  facilities: FacilityExportRecord[],
) {
  const file = path.join(dir, name);
  await writeLedgerWorkbook(createWriteStream(file), { areas, facilities });
  return file;
}

describe('writeLedgerWorkbook: export, edit, import again', () => {
  it('gives back the same records with their ids, so a re-import updates them', async () => {
    const file = await exportToFile('round-trip.xlsx', EXPORT_AREAS, EXPORT_FACILITIES);
    const parsed = await parseLedgerWorkbook(file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.areas).toEqual(
      EXPORT_AREAS.map((a, i) => ({
        row: i + 2,
        id: a.id,
        name: a.name,
        regionCode: a.regionCode,
        address: a.address,
        lon: a.lon,
        lat: a.lat,
        coordSystem: 'wgs84',
        households: a.households,
        population: a.population,
        buildYear: a.buildYear,
        kind: a.kind,
        regionNames: { district: a.districtName, street: a.streetName, community: a.regionName },
      })),
    );
    expect(parsed.facilities).toEqual([
      {
        row: 2,
        id: 10,
        type: 'kindergarten',
        name: '华光幼儿园',
        areaRefs: [{ id: 1, name: '幸福里（东区）' }, { id: 3 }],
        floorArea: 350.5,
        siteArea: null,
        lon: 118.05,
        lat: 36.81,
        coordSystem: 'wgs84',
        ownership: 'government',
        operator: '-2',
        stages: EXPORT_FACILITIES[0]!.stages,
      },
      {
        row: 3,
        id: 11,
        type: 'health_station',
        name: '+SUM(A1)',
        areaRefs: [{ id: 2, name: '=1+1' }],
        floorArea: null,
        siteArea: 5000,
        lon: null,
        lat: null,
        coordSystem: 'wgs84',
        ownership: null,
        operator: null,
        stages: EXPORT_FACILITIES[1]!.stages,
      },
    ]);
  });

  it('keeps the ids of rows a clerk edited and leaves added rows without one', async () => {
    const file = await exportToFile('edited.xlsx', EXPORT_AREAS, []);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('小区')!;
    sheet.getCell('L2').value = 1300; // 户数 of id 1
    sheet.addRow([4, null, '新增小区', '张店区', '车站街道', '370303001001', '华光社区']);
    sheet.getCell('L5').value = 40;
    sheet.getCell('O5').value = '新建';
    const edited = path.join(dir, 'edited-again.xlsx');
    await wb.xlsx.writeFile(edited);
    const parsed = await parseLedgerWorkbook(edited);
    expect(parsed.errors).toEqual([]);
    expect(parsed.areas.map((a) => [a.id, a.name, a.households])).toEqual([
      [1, '幸福里（东区）', 1300],
      [2, '=1+1', 0],
      [3, '新村小区、二期', 50],
      [undefined, '新增小区', 40],
    ]);
  });

  it('neutralises formulas in every exported cell: none evaluates, each reads back as text', async () => {
    const file = await exportToFile('formulas.xlsx', EXPORT_AREAS, EXPORT_FACILITIES);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const strings: string[] = [];
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') strings.push(cell.value);
        }),
      );
    }
    expect(strings.filter((s) => /^[=+\-@]/.test(s))).toEqual([]);
    expect(strings).toEqual(
      expect.arrayContaining([
        "'=1+1",
        "'+SUM(A1)",
        "'-2",
        "'@x",
        "'@x\n第二行",
        `'=HYPERLINK("http://evil","点我")`,
      ]),
    );
    // 服务小区 starts with the area's id, so its text is safe as it is.
    expect(strings).toContain('2 =1+1');
  });

  it('writes the Shanghai time of the last update, which the import ignores', async () => {
    const file = await exportToFile('updated.xlsx', [], EXPORT_FACILITIES);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('设施')!;
    expect(sheet.getRow(1).getCell(21).value).toBe('更新时间');
    expect(sheet.getCell('U2').value).toBe('2024-05-01 10:03');
    expect(sheet.getCell('U3').value).toBe('2024-05-02 00:30');
  });
});

describe('writeLedgerTemplate', () => {
  it('has the two sheets with Chinese headers, drop-downs, instructions, and parses to nothing', async () => {
    const file = path.join(dir, 'template.xlsx');
    await writeLedgerTemplate(createWriteStream(file));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['小区', 'visible'],
      ['设施', 'visible'],
      ['填表说明', 'visible'],
      ['下拉选项', 'hidden'],
    ]);
    const headers = (name: string) =>
      (wb.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
    expect(headers('小区')).toEqual([
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
    ]);
    expect(headers('设施')).toEqual([
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
      '更新时间',
    ]);
    const typeList = wb.getWorksheet('设施')!.getCell('D2').dataValidation?.formulae?.[0];
    const match = /!\$([A-Z]+)\$1:\$\1\$(\d+)$/.exec(String(typeList));
    expect(match).not.toBeNull();
    const lists = wb.getWorksheet('下拉选项')!;
    const typeNames = lists.getColumn(match![1]!).values.slice(1);
    expect(typeNames).toEqual(FACILITY_TYPES.map((t) => t.name));

    const parsed = await parseLedgerWorkbook(file);
    expect(parsed).toEqual({ areas: [], facilities: [], errors: [], rows: 0, truncated: false });
  });
});
