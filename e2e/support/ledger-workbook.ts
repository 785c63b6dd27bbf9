import ExcelJS from 'exceljs';

/** Headers of sheet 小区 as apps/api/src/modules/ledger/ledger-workbook.ts writes them. */
export const AREA_HEADERS = [
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
] as const;

/** Headers of sheet 设施 (the four stages each have 状态 and 说明). */
export const FACILITY_HEADERS = [
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
] as const;

type Cell = string | number | null;
export type AreaRow = Partial<Record<(typeof AREA_HEADERS)[number], Cell>>;
export type FacilityRow = Partial<Record<(typeof FACILITY_HEADERS)[number], Cell>>;

/** A ledger workbook as a clerk fills the template: header on row 1, one record a row. */
export async function buildLedgerWorkbook(input: {
  areas: AreaRow[];
  facilities: FacilityRow[];
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const areas = workbook.addWorksheet('小区');
  areas.addRow([...AREA_HEADERS]);
  for (const a of input.areas) areas.addRow(AREA_HEADERS.map((h) => a[h] ?? null));
  const facilities = workbook.addWorksheet('设施');
  facilities.addRow([...FACILITY_HEADERS]);
  for (const f of input.facilities) facilities.addRow(FACILITY_HEADERS.map((h) => f[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The header row and data rows of one sheet of a workbook, as text. */
export async function readSheet(
  buffer: Buffer,
  sheet: string,
): Promise<{ headers: string[]; rows: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const worksheet = workbook.getWorksheet(sheet);
  if (!worksheet) throw new Error(`no sheet ${sheet}`);
  const values: string[][] = [];
  worksheet.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
    values.push(cells);
  });
  const [headers = [], ...rows] = values;
  return { headers, rows };
}
