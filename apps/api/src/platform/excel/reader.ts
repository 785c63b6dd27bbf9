import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { AppError } from '../http/errors.ts';
import { type CellValue, isBlankCell, matchKey, toHalfWidth } from './cells.ts';
import { openZipEntry, readZipDirectory, type ZipEntry } from './zip.ts';

/** One expected column of a sheet. */
export interface ColumnSpec<K extends string> {
  key: K;
  /** The header as the template writes it. */
  label: string;
  /** Other headers clerks use for it; parenthesised units such as `（㎡）` never matter. */
  synonyms?: readonly string[];
  /** The sheet is refused when the header lacks this column. */
  required?: boolean;
  /** An empty cell inside a merged range takes the merged value (e.g. 区县 spanning rows). */
  mergeable?: boolean;
}

/** One kind of sheet the workbook may hold, recognised by name or else by its header. */
export interface SheetSpec<K extends string> {
  name: string;
  synonyms?: readonly string[];
  columns: readonly ColumnSpec<K>[];
  /** How many known headers a row needs to be taken for the header row (default 3). */
  minHeaderMatches?: number;
}

/** A data row, handed to the caller while the workbook streams past. */
export interface SheetRow<K extends string> {
  /** The worksheet's name in the file. */
  readonly sheet: string;
  /** 1-based Excel row number. */
  readonly row: number;
  /** The cell of that column, `null` when blank or when the sheet lacks the column. */
  value(key: K): CellValue;
  /** The column's header as written in the file (the template label when absent). */
  column(key: K): string;
  /** Whether the sheet has the column at all. */
  has(key: K): boolean;
}

export interface SheetIssue {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export interface SheetSummary {
  /** The spec's name the sheet was read as. */
  spec: string;
  /** The worksheet's name in the file. */
  sheet: string;
  headerRow: number;
  /** Data rows delivered (blank rows, title rows, 序号-only rows and 合计 rows excluded). */
  rows: number;
}

export interface ReadOptions {
  /** Rows searched for the header (title rows sit above it). Default 30. */
  headerSearchRows?: number;
  /** Sheet names never read (instructions, hidden drop-down lists). */
  skipSheets?: readonly string[];
  /** Data rows over all sheets beyond which reading stops with an issue. Default 200,000. */
  maxRows?: number;
}

export interface ReadResult {
  sheets: SheetSummary[];
  /** Sheet-level problems: no header row, a required column missing, a column twice. */
  issues: SheetIssue[];
}

interface DeferredRow {
  row: number;
  values: CellValue[];
  /** For each empty cell: its column index, then the row and value of the last cell above it. */
  above: (number | CellValue)[];
}

export interface Merge {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

const FOOTER_EXACT = /^(合计|总计|小计|累计|共计)[:：]?$/;
const FOOTER_PREFIX =
  /^(注|说明|备注|填表说明)[:：]|^(填表人|填报人|制表人|审核人|负责人|联系人|联系电话|填报日期|填表日期|填报单位)/;

/**
 * Streams an .xlsx (a file path or a Node stream) sheet by sheet and row by row with ExcelJS's
 * streaming reader, calling `onRow` for each data row of each recognised sheet. Only the merged
 * ranges and the rows waiting for them are held in memory, so 10⁵ rows stay small.
 *
 * Tolerates title rows above the header, headers with stray spaces or line breaks and synonyms,
 * a 序号 column (any unknown column is ignored), blank rows, 合计/小计 rows and signature lines,
 * and merged cells. Rows with an empty cell in a mergeable column wait until the sheet's
 * `<mergeCells>` (written after all rows) is seen, so they reach `onRow` after the other rows.
 */
export async function readSheets<K extends string>(
  input: Readable | string,
  specs: readonly SheetSpec<K>[],
  onRow: (row: SheetRow<K>, spec: SheetSpec<K>) => void,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const headerSearchRows = options.headerSearchRows ?? 30;
  const maxRows = options.maxRows ?? 200_000;
  const skip = new Set((options.skipSheets ?? []).map(matchKey));
  const specByName = new Map<string, SheetSpec<K>>();
  for (const spec of specs) {
    for (const name of [spec.name, ...(spec.synonyms ?? [])]) specByName.set(matchKey(name), spec);
  }
  const headerIndex = new Map(specs.map((spec) => [spec, buildHeaderIndex(spec)]));
  const result: ReadResult = { sheets: [], issues: [] };
  let rowsBefore = 0;
  let inCallback = false;
  try {
    sheets: for await (const sheet of streamWorksheets(input, (name) => skip.has(matchKey(name)))) {
      const { name } = sheet;
      const named = specByName.get(matchKey(name));
      const state = new SheetState<K>(
        name,
        named ? [named] : specs,
        !!named,
        headerIndex,
        headerSearchRows,
      );
      for await (const row of sheet.rows) {
        const delivered = state.acceptRow(row.number, row.values as unknown[]);
        // Security: a small upload can unzip to millions of rows; stop before memory runs out.
        if (rowsBefore + state.rowCount > maxRows) {
          result.issues.push({
            sheet: name,
            row: row.number,
            column: '',
            message: `数据超过 ${maxRows} 行，已停止读取：请分批导入`,
          });
          break sheets;
        }
        if (delivered && state.spec) {
          inCallback = true;
          onRow(delivered, state.spec);
          inCallback = false;
        }
        // Leaving the loop closes the sheet's stream.
        if (state.abandoned) break;
      }
      for (const delivered of state.resolveDeferred(sheet.merges)) {
        inCallback = true;
        onRow(delivered, state.spec as SheetSpec<K>);
        inCallback = false;
      }
      state.finish();
      rowsBefore += state.rowCount;
      result.issues.push(...state.issues);
      if (state.spec && state.headerRow) {
        result.sheets.push({
          spec: state.spec.name,
          sheet: name,
          headerRow: state.headerRow,
          rows: state.rowCount,
        });
      }
    }
  } catch (error) {
    if (inCallback || error instanceof AppError) throw error;
    // The parser's own (English) reason stays out of the answer (issue 11: "Invalid string length").
    if (error instanceof RangeError)
      throw new AppError('PAYLOAD_TOO_LARGE', '工作簿内容过大，请分批导入');
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      '无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 工作簿（.xls 文件请先在 Excel 中另存为 .xlsx）',
    );
  }
  return result;
}

/** One worksheet: its name, its rows as ExcelJS streams them, and its merged ranges once read. */
export interface StreamedWorksheet {
  name: string;
  rows: AsyncIterable<ExcelJS.Row>;
  /** Filled while `rows` is iterated; complete once it is exhausted (merges follow the rows). */
  merges: Merge[];
}

/** The parts of ExcelJS's WorkbookReader used to parse single entries (see `streamWorksheets`). */
interface WorkbookReaderParts {
  model?: { sheets?: { name: string; id: number; rId: string }[] };
  workbookRels?: { Id: string; Type: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(
    iterator: AsyncIterable<Buffer | string>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: unknown }>;
}

/** Shared strings are held in memory (sharedStrings: 'cache'); refuse a bomb before that hurts. */
const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;

/**
 * Yields the worksheets of an .xlsx in workbook order, rows streamed by ExcelJS's WorkbookReader
 * (sharedStrings 'cache', styles and hyperlinks ignored). The entries are located through the zip's
 * central directory rather than ExcelJS's single pass over the archive: that pass ends early at
 * random when the last entries are small (exceljs#3064: workbook.xml or sharedStrings.xml lost,
 * so sheet names vanish or cells read as empty), and spools sheets stored before sharedStrings.xml
 * to temporary files. A stream is first written to a temporary file for the same reason.
 */
export async function* streamWorksheets(
  input: Readable | string,
  skip: (name: string) => boolean = () => false,
): AsyncGenerator<StreamedWorksheet> {
  let folder: string | null = null;
  let file: string;
  if (typeof input === 'string') {
    file = input;
  } else {
    folder = await mkdtemp(path.join(os.tmpdir(), 'xlsx-'));
    file = path.join(folder, 'upload.xlsx');
    await pipeline(input, createWriteStream(file));
  }
  try {
    const entries = await readZipDirectory(file);
    // Entries reach ExcelJS as text from a streaming decoder (see `tapMergeCells`).
    const entry = async (name: string): Promise<Readable | null> => {
      const found = entries.get(name);
      return found ? (await openZipEntry(file, found)).setEncoding('utf8') : null;
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    }) as unknown as WorkbookReaderParts;
    const rels = await entry('xl/_rels/workbook.xml.rels');
    const workbook = await entry('xl/workbook.xml');
    if (!rels || !workbook) throw new Error('not a workbook: xl/workbook.xml missing');
    await reader._parseRels(rels);
    await reader._parseWorkbook(workbook);
    const sharedStrings = await entry('xl/sharedStrings.xml');
    if (sharedStrings) {
      const sizeOf = entries.get('xl/sharedStrings.xml') as ZipEntry;
      if (sizeOf.uncompressedSize > MAX_SHARED_STRINGS_BYTES) {
        sharedStrings.destroy();
        throw new AppError('PAYLOAD_TOO_LARGE', '工作簿中的文字内容过多，请分批导入');
      }
      for await (const _ of reader._parseSharedStrings(sharedStrings)) {
        // 'cache' keeps them on the reader
      }
    }
    for (const sheet of reader.model?.sheets ?? []) {
      const rel = reader.workbookRels?.find((r) => r.Id === sheet.rId);
      if (!rel || !rel.Type.endsWith('/worksheet') || skip(sheet.name)) continue;
      const target = rel.Target.startsWith('/')
        ? rel.Target.slice(1)
        : path.posix.normalize(`xl/${rel.Target}`);
      const stream = await entry(target);
      if (!stream) continue;
      const merges: Merge[] = [];
      const sheetNo = /(\d+)\.xml$/.exec(target)?.[1] ?? String(sheet.id);
      const [emitted] = [...reader._parseWorksheet(tapMergeCells(stream, merges), sheetNo)];
      const rows = emitted?.value as AsyncIterable<ExcelJS.Row> | undefined;
      if (!rows) {
        stream.destroy();
        continue;
      }
      try {
        yield { name: sheet.name, rows, merges };
      } finally {
        stream.destroy();
      }
    }
  } finally {
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}

interface HeaderIndex {
  byKey: Map<string, number>;
  threshold: number;
}

function buildHeaderIndex<K extends string>(spec: SheetSpec<K>): HeaderIndex {
  const byKey = new Map<string, number>();
  spec.columns.forEach((column, index) => {
    for (const label of [column.label, ...(column.synonyms ?? [])]) {
      for (const key of headerKeys(label)) if (!byKey.has(key)) byKey.set(key, index);
    }
  });
  return { byKey, threshold: Math.min(spec.minHeaderMatches ?? 3, spec.columns.length) };
}

/** A header's matching keys: as written, and without a trailing unit such as `（㎡）`. */
function headerKeys(label: string): string[] {
  const key = matchKey(label).replace(/^[*※★]+|[*※★]+$/g, '');
  const bare = key.replace(/\([^()]*\)$/, '');
  return bare && bare !== key ? [key, bare] : [key];
}

function matchHeader(index: HeaderIndex, text: string): number | undefined {
  const [key, bare] = headerKeys(text);
  return index.byKey.get(key ?? '') ?? (bare === undefined ? undefined : index.byKey.get(bare));
}

class SheetState<K extends string> {
  spec: SheetSpec<K> | null = null;
  headerRow = 0;
  rowCount = 0;
  abandoned = false;
  readonly issues: SheetIssue[] = [];
  /** Excel column number of each spec column, 0 when the sheet lacks it. */
  private columnOf: number[] = [];
  private layout: RowLayout | null = null;
  private mergeable: number[] = [];
  /** Per column, the row and value of the last non-blank cell seen so far. */
  private readonly aboveRow: number[] = [];
  private readonly aboveValue: CellValue[] = [];
  private readonly deferred: DeferredRow[] = [];
  private sawContent = false;

  constructor(
    private readonly name: string,
    private readonly candidates: readonly SheetSpec<K>[],
    private readonly named: boolean,
    private readonly headerIndex: Map<SheetSpec<K>, HeaderIndex>,
    private readonly headerSearchRows: number,
  ) {}

  /** Takes one streamed row; returns it as a data row when it is one and can go out now. */
  acceptRow(rowNumber: number, raw: unknown[]): SheetRow<K> | null {
    if (!this.spec) {
      this.findHeader(rowNumber, raw);
      return null;
    }
    const { columnOf, aboveRow, aboveValue } = this;
    const values: CellValue[] = new Array<CellValue>(columnOf.length);
    let blank = true;
    for (let i = 0; i < columnOf.length; i++) {
      const col = columnOf[i] as number;
      const value = col === 0 ? null : toCellValue(raw[col]);
      values[i] = value;
      if (value !== null) blank = false;
    }
    if (blank || isFooter(raw)) return null;
    this.rowCount++;
    let waits = false;
    for (const i of this.mergeable) {
      if (values[i] === null) waits = true;
    }
    if (waits) {
      const above: (number | CellValue)[] = [];
      for (let i = 0; i < values.length; i++) {
        if (values[i] === null && aboveRow[i])
          above.push(i, aboveRow[i] as number, aboveValue[i] ?? null);
      }
      this.deferred.push({ row: rowNumber, values, above });
    }
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== null) {
        aboveRow[i] = rowNumber;
        aboveValue[i] = values[i] as CellValue;
      }
    }
    return waits ? null : new RowView(this.layout as RowLayout, rowNumber, values);
  }

  private findHeader(rowNumber: number, raw: unknown[]): void {
    if (rowNumber > this.headerSearchRows) {
      this.abandoned = true;
      return;
    }
    const texts: (string | null)[] = [];
    for (let col = 1; col < raw.length; col++) {
      const value = toCellValue(raw[col]);
      texts[col] = typeof value === 'string' ? value : null;
      if (value !== null) this.sawContent = true;
    }
    let best: { spec: SheetSpec<K>; hits: Map<number, number[]> } | null = null;
    for (const spec of this.candidates) {
      const index = this.headerIndex.get(spec) as HeaderIndex;
      const hits = new Map<number, number[]>();
      texts.forEach((text, col) => {
        if (text === null) return;
        const column = matchHeader(index, text);
        if (column !== undefined) hits.set(column, [...(hits.get(column) ?? []), col]);
      });
      if (hits.size >= index.threshold && (!best || hits.size > best.hits.size)) {
        best = { spec, hits };
      }
    }
    if (!best) return;
    const { spec, hits } = best;
    this.spec = spec;
    this.headerRow = rowNumber;
    this.columnOf = spec.columns.map((_, i) => hits.get(i)?.[0] ?? 0);
    const labels = spec.columns.map((column, i) => {
      const col = this.columnOf[i] ?? 0;
      const text = col ? texts[col] : null;
      return text ? toHalfWidth(text, true).replace(/\s+/g, '') : column.label;
    });
    this.layout = {
      sheet: this.name,
      labels,
      present: this.columnOf.map((col) => col > 0),
      indexOf: new Map(spec.columns.map((c, i) => [c.key as string, i])),
    };
    this.mergeable = spec.columns.flatMap((c, i) => (c.mergeable && this.columnOf[i] ? [i] : []));
    for (const [i, cols] of hits) {
      if (cols.length > 1) {
        this.issues.push({
          sheet: this.name,
          row: rowNumber,
          column: labels[i] ?? '',
          message: `列“${labels[i]}”出现了 ${cols.length} 次（${cols.map(columnLetter).join('、')} 列），请只保留一列`,
        });
      }
    }
    const missing = spec.columns.filter((c, i) => c.required && !this.columnOf[i]);
    for (const column of missing) {
      this.issues.push({
        sheet: this.name,
        row: rowNumber,
        column: column.label,
        message: `表头缺少必需的列“${column.label}”`,
      });
    }
    if (missing.length) this.abandoned = true;
  }

  /** Sheet-level checks once the sheet has streamed past. */
  finish(): void {
    if (this.spec || !this.named || !this.sawContent) return;
    const expected = (this.candidates[0]?.columns ?? [])
      .filter((c) => c.required)
      .map((c) => `“${c.label}”`)
      .join('');
    this.issues.push({
      sheet: this.name,
      row: 1,
      column: '',
      message: `前 ${this.headerSearchRows} 行中未找到表头行（应含 ${expected} 等列名）`,
    });
  }

  /** Fills the waiting rows' blanks from the merged ranges, then hands them out in row order. */
  *resolveDeferred(merges: readonly Merge[]): Generator<SheetRow<K>> {
    if (!this.deferred.length) return;
    const specIndexOfColumn = new Map(this.columnOf.map((col, i) => [col, i]));
    specIndexOfColumn.delete(0);
    const byColumn = new Map<number, Merge[]>();
    for (const merge of merges) {
      for (const i of this.mergeable) {
        const col = this.columnOf[i] ?? 0;
        if (col >= merge.c1 && col <= merge.c2 && merge.r2 > this.headerRow) {
          const list = byColumn.get(i) ?? [];
          list.push(merge);
          byColumn.set(i, list);
        }
      }
    }
    for (const list of byColumn.values()) list.sort((a, b) => a.r1 - b.r1);
    for (const waiting of this.deferred) {
      for (const i of this.mergeable) {
        if (waiting.values[i] !== null) continue;
        const merge = findMerge(byColumn.get(i), waiting.row);
        if (!merge) continue;
        const source = specIndexOfColumn.get(merge.c1);
        if (source === undefined) continue;
        if (merge.r1 === waiting.row) {
          waiting.values[i] = source === i ? null : (waiting.values[source] ?? null);
          continue;
        }
        // The top-left cell lies above, so this row's cell in its column is covered, hence empty.
        const { above } = waiting;
        for (let k = 0; k < above.length; k += 3) {
          if (above[k] === source && above[k + 1] === merge.r1) {
            waiting.values[i] = above[k + 2] as CellValue;
          }
        }
      }
      yield new RowView(this.layout as RowLayout, waiting.row, waiting.values);
    }
    this.deferred.length = 0;
  }
}

/** What every row of a sheet shares: names and positions of its columns. */
interface RowLayout {
  sheet: string;
  labels: string[];
  present: boolean[];
  indexOf: Map<string, number>;
}

class RowView<K extends string> implements SheetRow<K> {
  constructor(
    private readonly layout: RowLayout,
    readonly row: number,
    private readonly values: CellValue[],
  ) {}

  get sheet(): string {
    return this.layout.sheet;
  }

  value(key: K): CellValue {
    const i = this.layout.indexOf.get(key);
    return i === undefined ? null : (this.values[i] ?? null);
  }

  column(key: K): string {
    const i = this.layout.indexOf.get(key);
    return i === undefined ? key : (this.layout.labels[i] ?? key);
  }

  has(key: K): boolean {
    const i = this.layout.indexOf.get(key);
    return i !== undefined && this.layout.present[i] === true;
  }
}

function findMerge(list: Merge[] | undefined, row: number): Merge | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found: Merge | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const merge = list[mid] as Merge;
    if (merge.r1 <= row) {
      found = merge;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found && found.r2 >= row ? found : undefined;
}

function isFooter(raw: unknown[]): boolean {
  for (let col = 1; col < raw.length; col++) {
    const value = toCellValue(raw[col]);
    if (value === null) continue;
    if (typeof value !== 'string') return false;
    const text = toHalfWidth(value).replace(/\s+/g, '');
    return FOOTER_EXACT.test(text) || FOOTER_PREFIX.test(text);
  }
  return false;
}

/** Reduces an ExcelJS cell value (rich text, formula, hyperlink, error) to a primitive. */
export function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return isBlankCell(value) ? null : value;
  if (typeof value === 'number') return Number.isNaN(value) ? { error: '#VALUE!' } : value;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'object') return null;
  if (value instanceof Date) return value;
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.richText)) {
    const text = (object.richText as { text?: unknown }[])
      .map((run) => (typeof run.text === 'string' ? run.text : ''))
      .join('');
    return isBlankCell(text) ? null : text;
  }
  if ('formula' in object || 'sharedFormula' in object) return toCellValue(object.result);
  if ('error' in object) return { error: String(object.error) };
  if ('text' in object) return toCellValue(object.text);
  return null;
}

/** Column number → letters (1 → A, 27 → AA). */
export function columnLetter(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const MERGE_START = '<mergeCells';
const MERGE_END = '</mergeCells>';
const MERGE_REF = /<mergeCell\b[^>]*?\bref="\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)"/g;

/**
 * Passes the sheet XML through as text while collecting the `<mergeCell ref>`s, which follow the
 * rows. Byte chunks are decoded with a streaming decoder, so a character cut in two by a chunk
 * boundary stays whole: ExcelJS decodes each chunk on its own and would turn such a character
 * (any Chinese one) into U+FFFD, about one cell in a thousand in a large sheet.
 */
export async function* tapMergeCells(
  source: AsyncIterable<Buffer | string>,
  sink: Merge[],
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let captured: string | null = null;
  let done = false;
  let tail = '';
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (!done) {
      if (captured === null) {
        const seam = tail + text;
        const at = seam.indexOf(MERGE_START);
        if (at >= 0) captured = seam.slice(at);
        else tail = seam.slice(-(MERGE_START.length - 1));
      } else {
        captured += text;
      }
      if (captured !== null) {
        const end = captured.indexOf(MERGE_END);
        const selfClosed = /^<mergeCells\b[^>]*\/>/.test(captured);
        if (end >= 0 || selfClosed) {
          collectMerges(end >= 0 ? captured.slice(0, end) : '', sink);
          done = true;
          captured = null;
        }
      }
    }
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
  if (!done && captured !== null) collectMerges(captured, sink);
}

function collectMerges(xml: string, sink: Merge[]): void {
  for (const m of xml.matchAll(MERGE_REF)) {
    const [, a, b, c, d] = m;
    const r1 = Number(b);
    const r2 = Number(d);
    const c1 = columnNumber(a ?? '');
    const c2 = columnNumber(c ?? '');
    sink.push({
      r1: Math.min(r1, r2),
      r2: Math.max(r1, r2),
      c1: Math.min(c1, c2),
      c2: Math.max(c1, c2),
    });
  }
}
