import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from './cells.ts';
import { readSheets } from './reader.ts';
import { LISTS_SHEET, type WriteSheet, writeWorkbook } from './writer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'excel-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, sheets: WriteSheet[], sharedStrings = true) {
  const file = path.join(dir, name);
  const result = await writeWorkbook(createWriteStream(file), sheets, { sharedStrings });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return { file, result, workbook };
}

async function* slowly(rows: CellValue[][]): AsyncGenerator<CellValue[]> {
  for (const row of rows) {
    await new Promise((resolve) => setImmediate(resolve));
    yield row;
  }
}

describe('writeWorkbook', () => {
  it('writes a styled, frozen header with widths, formats and drop-downs from a hidden sheet', async () => {
    const { result, workbook } = await write('layout.xlsx', [
      {
        name: '小区',
        columns: [
          { header: '小区名称', width: 24, required: true },
          { header: '社区代码', numFmt: '@' },
          { header: '类型', choices: ['新建', '既有'] },
          { header: '坐标系', choices: ['WGS-84', 'GCJ-02', 'BD-09'] },
        ],
        rows: slowly([
          ['华光小区', '370303001001', '新建', 'WGS-84'],
          ['锦绣苑', '370303001002', '既有', null],
        ]),
        blankRows: 10,
      },
      {
        name: '设施',
        columns: [{ header: '坐标系', choices: ['WGS-84', 'GCJ-02', 'BD-09'] }],
        rows: [],
        blankRows: 5,
      },
    ]);
    expect(result.rows).toBe(2);
    const [areas, facilities, lists] = workbook.worksheets;
    expect(workbook.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['小区', 'visible'],
      ['设施', 'visible'],
      [LISTS_SHEET, 'hidden'],
    ]);
    expect(areas!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(areas!.getColumn(1).width).toBe(24);
    const header = areas!.getRow(1);
    expect(header.values).toEqual([undefined, '小区名称', '社区代码', '类型', '坐标系']);
    expect(header.getCell(1).font.color?.argb).toBe('FFC00000');
    expect(header.getCell(2).font.bold).toBe(true);
    expect(areas!.getCell('B2').numFmt).toBe('@');
    expect(areas!.getCell('B2').value).toBe('370303001001');
    // One list per distinct set of choices, shared by the two 坐标系 columns.
    expect(lists!.getColumn(1).values.slice(1)).toEqual(['新建', '既有']);
    expect(lists!.getColumn(2).values.slice(1)).toEqual(['WGS-84', 'GCJ-02', 'BD-09']);
    const kind = areas!.getCell('C2').dataValidation;
    expect(kind).toMatchObject({ type: 'list', formulae: [`'${LISTS_SHEET}'!$A$1:$A$2`] });
    expect(areas!.getCell('D13').dataValidation?.formulae).toEqual([`'${LISTS_SHEET}'!$B$1:$B$3`]);
    expect(areas!.getCell('D14').dataValidation).toBeUndefined();
    expect(areas!.getCell('A2').dataValidation).toBeUndefined();
    expect(facilities!.getCell('A6').dataValidation?.formulae).toEqual([
      `'${LISTS_SHEET}'!$B$1:$B$3`,
    ]);
  });

  it('neutralises formulas in every string cell, and the reader gives the text back', async () => {
    const dangerous = ['=1+1', '+SUM(A1)', '-2', '@x', '=HYPERLINK("http://evil","点我")'];
    const { file, workbook } = await write('formulas.xlsx', [
      {
        name: '小区',
        columns: [{ header: '小区名称' }, { header: '社区代码' }, { header: '户数' }],
        rows: dangerous.map((s, i) => [s, s, i]),
      },
    ]);
    const sheet = workbook.worksheets[0]!;
    for (let i = 0; i < dangerous.length; i++) {
      const cell = sheet.getCell(i + 2, 1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${dangerous[i]}`);
      expect(cell.formula).toBeUndefined();
    }
    expect(sheet.getCell(2, 3).value).toBe(0);

    const texts: CellValue[] = [];
    await readSheets(
      file,
      [
        {
          name: '小区',
          columns: [
            { key: 'name', label: '小区名称' },
            { key: 'code', label: '社区代码' },
            { key: 'n', label: '户数' },
          ],
        },
      ],
      (row) => texts.push(row.value('name')),
    );
    // The reader hands out the cell as stored; text normalisers take the apostrophe off.
    expect(texts).toEqual(dangerous.map((s) => `'${s}`));
  });

  it('writes inline strings when asked, which read back the same', async () => {
    const sheets: WriteSheet[] = [
      {
        name: '小区',
        columns: [{ header: '小区名称' }, { header: '社区代码' }, { header: '户数' }],
        rows: [['华光小区', '370303001001', 10]],
      },
    ];
    const read = async (file: string) => {
      const rows: CellValue[][] = [];
      await readSheets(
        file,
        [
          {
            name: '小区',
            columns: [
              { key: 'name', label: '小区名称' },
              { key: 'code', label: '社区代码' },
              { key: 'n', label: '户数' },
            ],
          },
        ],
        (row) => rows.push([row.value('name'), row.value('code'), row.value('n')]),
      );
      return rows;
    };
    const inline = await write('inline.xlsx', sheets, false);
    const shared = await write('shared.xlsx', sheets, true);
    expect(await read(inline.file)).toEqual([['华光小区', '370303001001', 10]]);
    expect(await read(shared.file)).toEqual(await read(inline.file));
  });
});
