import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type CellValue, isCellError, neutraliseFormula } from './cells.ts';
import { columnLetter } from './reader.ts';

export { neutraliseFormula } from './cells.ts';

/** The hidden sheet holding the drop-down lists; readers should skip it. */
export const LISTS_SHEET = '下拉选项';

export interface WriteColumn {
  header: string;
  /** Width in characters (a Chinese character counts about two). */
  width?: number;
  /** Drop-down choices, offered through a data validation on the column. */
  choices?: readonly string[];
  /** Excel number format, e.g. `@` for codes that must stay text, `0.00` for areas. */
  numFmt?: string;
  /** Shows the header in red: the column must be filled in. */
  required?: boolean;
}

export interface WriteSheet {
  name: string;
  columns: readonly WriteColumn[];
  /** One array per row, in column order. */
  rows?: Iterable<readonly CellValue[]> | AsyncIterable<readonly CellValue[]>;
  /** Rows below the data that still get the drop-downs, for clerks to add records. Default 1000. */
  blankRows?: number;
}

export interface WriteOptions {
  /** Shared strings make smaller files at the cost of memory for distinct strings. Default true. */
  sharedStrings?: boolean;
}

/** Rows written between pauses that let the zip stream drain to `out`. */
const DRAIN_EVERY = 500;

const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, name: '宋体', size: 11 };
const REQUIRED_FONT: Partial<ExcelJS.Font> = { ...HEADER_FONT, color: { argb: 'FFC00000' } };
const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFD9E1F2' },
};
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF8EA9DB' } };

/**
 * Streams an .xlsx to `out` with ExcelJS's streaming writer: per sheet a styled, frozen header,
 * column widths and formats, drop-downs for columns with choices (lists on a hidden sheet), and
 * every string cell passed through `neutraliseFormula`. Resolves when `out` has finished, so the
 * caller must already be consuming `out` (e.g. piping it to a file or an HTTP reply).
 */
export async function writeWorkbook(
  out: Writable,
  sheets: readonly WriteSheet[],
  options: WriteOptions = {},
): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: options.sharedStrings ?? true,
  });
  workbook.creator = '社区配套设施规划建设管理平台';
  const lists = collectLists(sheets);
  let total = 0;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    });
    worksheet.columns = sheet.columns.map((column) => ({
      width: column.width ?? Math.max(10, column.header.length * 2 + 2),
      style: column.numFmt ? { numFmt: column.numFmt } : {},
    }));
    const header = worksheet.addRow(sheet.columns.map((c) => neutraliseFormula(c.header)));
    header.height = 30;
    sheet.columns.forEach((column, i) => {
      const cell = header.getCell(i + 1);
      cell.font = column.required ? REQUIRED_FONT : HEADER_FONT;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
    });
    header.commit();
    let written = 0;
    for await (const values of sheet.rows ?? []) {
      worksheet.addRow(values.map(toWritable)).commit();
      written++;
      if (written % DRAIN_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    total += written;
    const lastRow = 1 + written + (sheet.blankRows ?? 1000);
    sheet.columns.forEach((column, i) => {
      const list = column.choices && lists.get(listKey(column.choices));
      if (!list || lastRow < 2) return;
      const letter = columnLetter(i + 1);
      validationsOf(worksheet).add(`${letter}2:${letter}${lastRow}`, {
        type: 'list',
        allowBlank: true,
        formulae: [list.range],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '输入有误',
        error: `“${column.header}”请从下拉列表中选择`,
      });
    });
    worksheet.commit();
  }
  if (lists.size) {
    const worksheet = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    const columns = [...lists.values()];
    const height = Math.max(...columns.map((l) => l.choices.length));
    for (let r = 0; r < height; r++) {
      worksheet.addRow(columns.map((l) => toWritable(l.choices[r] ?? null))).commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
  return { rows: total };
}

/** ExcelJS's typings omit the streaming worksheet's `dataValidations`, which it does write. */
function validationsOf(worksheet: ExcelJS.Worksheet): {
  add(address: string, validation: ExcelJS.DataValidation): void;
} {
  return (worksheet as unknown as { dataValidations: ReturnType<typeof validationsOf> })
    .dataValidations;
}

function toWritable(value: CellValue): ExcelJS.CellValue {
  if (value === null || isCellError(value)) return null;
  if (typeof value === 'string') return neutraliseFormula(value);
  return value;
}

interface List {
  choices: readonly string[];
  range: string;
}

function listKey(choices: readonly string[]): string {
  return choices.join('\u0000');
}

function collectLists(sheets: readonly WriteSheet[]): Map<string, List> {
  const lists = new Map<string, List>();
  for (const sheet of sheets) {
    for (const column of sheet.columns) {
      if (!column.choices?.length) continue;
      const key = listKey(column.choices);
      if (lists.has(key)) continue;
      const letter = columnLetter(lists.size + 1);
      lists.set(key, {
        choices: column.choices,
        range: `'${LISTS_SHEET}'!$${letter}$1:$${letter}$${column.choices.length}`,
      });
    }
  }
  return lists;
}
