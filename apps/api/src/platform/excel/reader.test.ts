import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import type { CellValue } from './cells.ts';
import {
  columnLetter,
  readSheets,
  type SheetRow,
  type SheetSpec,
  tapMergeCells,
  toCellValue,
} from './reader.ts';

type Key = 'name' | 'district' | 'code' | 'count' | 'note';

const SPEC: SheetSpec<Key> = {
  name: '小区',
  synonyms: ['小区台账', '居住小区'],
  columns: [
    { key: 'name', label: '小区名称', synonyms: ['名称'], required: true },
    { key: 'district', label: '区县', mergeable: true },
    { key: 'code', label: '社区代码', required: true, mergeable: true },
    { key: 'count', label: '户数', synonyms: ['总户数'] },
    { key: 'note', label: '备注' },
  ],
};

const OTHER: SheetSpec<Key> = {
  name: '设施',
  columns: [
    { key: 'name', label: '设施名称', required: true },
    { key: 'district', label: '设施类型' },
    { key: 'code', label: '服务小区', required: true },
  ],
};

interface Seen {
  spec: string;
  sheet: string;
  row: number;
  values: Record<string, CellValue>;
}

async function read(input: Readable | string, specs: SheetSpec<Key>[] = [SPEC]) {
  const rows: Seen[] = [];
  const result = await readSheets(input, specs, (row: SheetRow<Key>, spec) => {
    const values: Record<string, CellValue> = {};
    for (const c of spec.columns) values[c.key] = row.value(c.key);
    rows.push({ spec: spec.name, sheet: row.sheet, row: row.row, values });
  });
  return { rows, ...result };
}

async function streamOf(workbook: ExcelJS.Workbook): Promise<Readable> {
  return Readable.from(Buffer.from(await workbook.xlsx.writeBuffer()));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'excel-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readSheets: finding the data', () => {
  it('skips title rows, the 序号 column, blank and 序号-only rows, 合计 and signature rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['淄博市张店区居住小区台账']);
    ws.mergeCells('A1:E1');
    ws.addRow(['填报单位：张店区住建局', null, null, '2020年4月']);
    ws.addRow(['序号', ' 小区\n名称 ', '区县', '社区代码', '总户数']);
    ws.addRow([1, '华光小区', '张店区', '370303001001', 1200]);
    ws.addRow([]);
    ws.addRow([2, '  ', null, null, null]);
    ws.addRow([3, '锦绣苑', '张店区', '370303001002', '800户']);
    ws.addRow(['合 计', null, null, null, 2000]);
    ws.addRow(['填表人：李四', null, '审核人：王五']);
    const { rows, sheets, issues } = await read(await streamOf(wb));
    expect(issues).toEqual([]);
    expect(sheets).toEqual([{ spec: '小区', sheet: '小区', headerRow: 3, rows: 2 }]);
    expect(rows.map((r) => [r.row, r.values.name, r.values.count])).toEqual([
      [4, '华光小区', 1200],
      [7, '锦绣苑', '800户'],
    ]);
  });

  it('reports the header as written in the file, and the template label for absent columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区台账');
    ws.addRow(['名 称', '社区代码', '总户数']);
    ws.addRow(['华光小区', '370303001001', 10]);
    const columns: string[] = [];
    await readSheets(await streamOf(wb), [SPEC], (row) => {
      columns.push(row.column('name'), row.column('count'), row.column('note'));
      expect(row.has('note')).toBe(false);
      expect(row.value('note')).toBeNull();
    });
    expect(columns).toEqual(['名称', '总户数', '备注']);
  });

  it('recognises a sheet by its header when its name is unknown, and ignores unrelated sheets', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['本表用于填报小区台账']);
    const facilities = wb.addWorksheet('Sheet2');
    facilities.addRow(['设施名称', '设施类型', '服务小区']);
    facilities.addRow(['华光幼儿园', '幼儿园', '华光小区']);
    const areas = wb.addWorksheet('Sheet1');
    areas.addRow(['小区名称', '区县', '社区代码']);
    areas.addRow(['华光小区', '张店区', '370303001001']);
    const path1 = path.join(dir, 'by-header.xlsx');
    await wb.xlsx.writeFile(path1);
    const { rows, sheets, issues } = await read(path1, [SPEC, OTHER]);
    expect(issues).toEqual([]);
    expect(sheets.map((s) => [s.spec, s.sheet])).toEqual([
      ['设施', 'Sheet2'],
      ['小区', 'Sheet1'],
    ]);
    expect(rows.map((r) => [r.spec, r.values.name])).toEqual([
      ['设施', '华光幼儿园'],
      ['小区', '华光小区'],
    ]);
  });

  it('never reads sheets named in skipSheets', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('选项').addRow(['小区名称', '社区代码', '户数']);
    const rows: number[] = [];
    const result = await readSheets(await streamOf(wb), [SPEC], (r) => rows.push(r.row), {
      skipSheets: ['选项'],
    });
    expect(result.sheets).toEqual([]);
    expect(rows).toEqual([]);
  });
});

describe('readSheets: header problems', () => {
  it('refuses a sheet whose header lacks a required column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['标题']);
    ws.addRow(['小区名称', '区县', '户数', '备注']);
    ws.addRow(['华光小区', '张店区', 10, null]);
    const { rows, issues } = await read(await streamOf(wb));
    expect(rows).toEqual([]);
    expect(issues).toEqual([
      { sheet: '小区', row: 2, column: '社区代码', message: '表头缺少必需的列“社区代码”' },
    ]);
  });

  it('reports a column that appears twice', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['小区名称', '社区代码', '户数', '总户数']);
    ws.addRow(['华光小区', '370303001001', 10, 11]);
    const { rows, issues } = await read(await streamOf(wb));
    expect(issues).toEqual([
      {
        sheet: '小区',
        row: 1,
        column: '户数',
        message: '列“户数”出现了 2 次（C、D 列），请只保留一列',
      },
    ]);
    expect(rows[0]?.values.count).toBe(10);
  });

  it('reports a named sheet with content but no header, and stays silent on an empty one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    for (let i = 0; i < 5; i++) ws.addRow(['甲', '乙', '丙']);
    wb.addWorksheet('小区台账');
    const short = wb.addWorksheet('居住小区');
    short.addRow(['甲', '乙']);
    const { issues } = await readSheets(await streamOf(wb), [SPEC], () => undefined, {
      headerSearchRows: 3,
    });
    expect(issues).toEqual([
      {
        sheet: '小区',
        row: 1,
        column: '',
        message: '前 3 行中未找到表头行（应含 “小区名称”“社区代码” 等列名）',
      },
      {
        sheet: '居住小区',
        row: 1,
        column: '',
        message: '前 3 行中未找到表头行（应含 “小区名称”“社区代码” 等列名）',
      },
    ]);
  });

  it('refuses a file that is not an .xlsx with a Chinese message', async () => {
    const notXlsx = Readable.from(Buffer.from('序号,小区名称\n1,华光小区\n'));
    const error = await readSheets(notXlsx, [SPEC], () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((error as AppError).message).toContain('.xlsx');
  });

  it('lets an error thrown by the caller through unchanged', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['小区名称', '社区代码', '户数']);
    ws.addRow(['华光小区', '370303001001', 10]);
    const error = await readSheets(await streamOf(wb), [SPEC], () => {
      throw new RangeError('mine');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
  });
});

describe('readSheets: limits', () => {
  it('stops with an issue past maxRows, before handing out the row over the limit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['小区名称', '社区代码', '户数']);
    for (let i = 0; i < 5; i++) ws.addRow([`小区${i}`, '370303001001', i]);
    wb.addWorksheet('设施').addRow(['设施名称', '设施类型', '服务小区']);
    const seen: number[] = [];
    const result = await readSheets(await streamOf(wb), [SPEC, OTHER], (r) => seen.push(r.row), {
      maxRows: 3,
    });
    expect(seen).toEqual([2, 3, 4]);
    expect(result.issues).toEqual([
      { sheet: '小区', row: 5, column: '', message: '数据超过 3 行，已停止读取：请分批导入' },
    ]);
    expect(result.sheets).toEqual([]);
  });
});

describe('readSheets: merged cells', () => {
  it('fills empty cells of mergeable columns from vertical, block and row merges', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['小区名称', '区县', '社区代码', '户数', '备注']);
    ws.addRow(['甲', '张店区', '370303001001', 1, '一']); // 2
    ws.addRow(['乙', null, '370303001002', 2, null]); // 3
    ws.addRow(['丙', null, '370303001003', 3, null]); // 4
    ws.addRow(['丁', '淄川区', '370302001001', 4, null]); // 5
    ws.addRow(['戊', null, null, 5, null]); // 6
    ws.addRow(['己', '周村区', null, null, null]); // 7 (区县 and 社区代码 merged across)
    ws.mergeCells('B2:B4'); // vertical in a mergeable column
    ws.mergeCells('E2:E3'); // vertical in a column that is not mergeable
    ws.mergeCells('B5:C6'); // block: 淄川区 over 区县 and 社区代码, rows 5–6
    ws.mergeCells('B7:C7'); // within one row
    const { rows } = await read(await streamOf(wb));
    rows.sort((a, b) => a.row - b.row);
    expect(
      rows.map((r) => [r.row, r.values.name, r.values.district, r.values.code, r.values.note]),
    ).toEqual([
      [2, '甲', '张店区', '370303001001', '一'],
      [3, '乙', '张店区', '370303001002', null],
      [4, '丙', '张店区', '370303001003', null],
      [5, '丁', '淄川区', '淄川区', null],
      [6, '戊', '淄川区', '淄川区', null],
      [7, '己', '周村区', '周村区', null],
    ]);
  });

  it('leaves an empty cell empty when no merged range covers it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['小区名称', '区县', '社区代码']);
    ws.addRow(['甲', '张店区', '370303001001']);
    ws.addRow(['乙', null, '370303001002']);
    ws.addRow(['丙', '周村区', '370306001001']);
    ws.addRow(['丁', null, '370306001002']);
    ws.mergeCells('B4:B5');
    const { rows } = await read(await streamOf(wb));
    // Rows waiting for the merges (which follow all rows in the XML) come after the others.
    expect(rows.map((r) => r.row)).toEqual([2, 4, 3, 5]);
    rows.sort((a, b) => a.row - b.row);
    expect(rows.map((r) => r.values.district)).toEqual(['张店区', null, '周村区', '周村区']);
  });

  it('finds <mergeCells> however the sheet XML is cut into chunks', async () => {
    const xml =
      '<sheetData><row r="1"/></sheetData><mergeCells count="2"><mergeCell ref="B2:B4"/>' +
      '<mergeCell ref="$C$5:D6"/></mergeCells><pageMargins/>';
    for (let cut = 1; cut < xml.length; cut += 3) {
      const merges: { r1: number; c1: number; r2: number; c2: number }[] = [];
      const chunks = [xml.slice(0, cut), xml.slice(cut, cut + 7), xml.slice(cut + 7)].map((s) =>
        Buffer.from(s),
      );
      const passed: string[] = [];
      for await (const chunk of tapMergeCells(Readable.from(chunks), merges)) {
        passed.push(chunk.toString());
      }
      expect(passed.join('')).toBe(xml);
      expect(merges).toEqual([
        { r1: 2, c1: 2, r2: 4, c2: 2 },
        { r1: 5, c1: 3, r2: 6, c2: 4 },
      ]);
    }
  });
});

describe('readSheets: Chinese text across chunk boundaries', () => {
  it('keeps a character whole when a chunk ends inside its bytes', async () => {
    const xml =
      '<sheetData><row r="1"><c t="inlineStr"><is><t>华光小区</t></is></c></row></sheetData>';
    const bytes = Buffer.from(xml);
    const start = bytes.indexOf(Buffer.from('华'));
    for (let cut = start + 1; cut < start + 12; cut++) {
      const passed: string[] = [];
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      for await (const chunk of tapMergeCells(Readable.from(chunks), [])) passed.push(chunk);
      expect(passed.join('')).toBe(xml);
    }
  });

  // Large enough that the inflated XML arrives in many chunks, with shared strings (ExcelJS's
  // Workbook) and with inline strings (its streaming writer, as the platform's exports are).
  it.each([
    ['shared strings', false],
    ['inline strings', true],
  ])('reads 20,000 distinct Chinese names intact (%s)', async (_label, inline) => {
    const names = Array.from(
      { length: 20_000 },
      (_, i) => `第${i}号华光小区（东区）社区卫生服务站`,
    );
    const file = path.join(dir, `chinese-${String(inline)}.xlsx`);
    if (inline) {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
        filename: file,
        useSharedStrings: false,
      });
      const ws = wb.addWorksheet('小区');
      ws.addRow(['小区名称', '社区代码', '户数']).commit();
      for (const name of names) ws.addRow([name, '370303001001', 10]).commit();
      await wb.commit();
    } else {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('小区');
      ws.addRow(['小区名称', '社区代码', '户数']);
      for (const name of names) ws.addRow([name, '370303001001', 10]);
      await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
    }
    const { rows } = await read(file);
    expect(rows.map((r) => r.values.name)).toEqual(names);
  });
});

describe('toCellValue', () => {
  it('reduces rich text, formulas, hyperlinks and errors to primitives', () => {
    expect(toCellValue({ richText: [{ text: '华光' }, { text: '小区' }] })).toBe('华光小区');
    expect(toCellValue({ formula: 'A1+1', result: 3 })).toBe(3);
    expect(toCellValue({ formula: 'A1' })).toBeNull();
    expect(toCellValue({ formula: 'X', result: Number.NaN })).toEqual({ error: '#VALUE!' });
    expect(toCellValue({ error: '#N/A' })).toEqual({ error: '#N/A' });
    expect(toCellValue({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(toCellValue(' 　')).toBeNull();
  });
});

describe('columnLetter', () => {
  it('numbers columns as Excel does', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('readSheets: reading from a file path', () => {
  it('reads the same rows from a path as from a stream', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('小区');
    ws.addRow(['小区名称', '社区代码', '户数']);
    ws.addRow(['华光小区', '370303001001', 10]);
    const file = path.join(dir, 'path.xlsx');
    await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const fromPath = await read(file);
    const fromStream = await read(await streamOf(wb));
    expect(fromPath.rows).toEqual(fromStream.rows);
    expect(fromPath.rows).toHaveLength(1);
  });
});
