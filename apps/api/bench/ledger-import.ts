import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { FACILITY_TYPES, STAGE_STATUSES, OWNERSHIPS } from '@zibo/shared';
import {
  type AreaExportRecord,
  type FacilityExportRecord,
  parseLedgerWorkbook,
  writeLedgerWorkbook,
} from '../src/modules/ledger/ledger-workbook.ts';
import { streamWorksheets } from '../src/platform/excel/reader.ts';
import { currentCity } from '../src/platform/city.ts';

export interface BenchLedgerImportOptions {
  /** Facility rows in the generated workbook. Default 100,000. */
  rows?: number;
  /** Residential areas on sheet 小区, served by the facilities. Default 2,000. */
  areas?: number;
  /** Timed rounds of each reader; the fastest counts. Default 2. */
  rounds?: number;
  /** Where the workbook is written (a temporary folder by default, removed afterwards). */
  dir?: string;
  log?: (line: string) => void;
}

export interface BenchLedgerImportResult {
  rows: number;
  fileMb: number;
  writeMs: number;
  /** ExcelJS's own streaming read, rows iterated and nothing else (fastest round, wall time). */
  excelJsReadMs: number;
  parseMs: number;
  /** The same two in CPU time. */
  excelJsReadCpuMs: number;
  parseCpuMs: number;
  /**
   * ExcelJS's worksheet parsing as the import drives it (entries found through the zip's central
   * directory), rows only: what the import's own work is added to.
   */
  rowsOnlyMs: number;
  /** parseMs / excelJsReadMs; the target is ≤ 2. */
  ratio: number;
  /** parseCpuMs / excelJsReadCpuMs. */
  cpuRatio: number;
  /** Highest RSS sampled while parsing, and the process's peak over the whole run; target < 1 GB. */
  parsePeakRssMb: number;
  processPeakRssMb: number;
  parsedFacilities: number;
  errors: number;
}

const MB = 1024 * 1024;

/** A small deterministic generator (mulberry32) so every run writes the same workbook. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The district the ledger benchmarks work in: the configured city's central district (张店区 in
 * the default city), or its first by the code scheme.
 */
export function benchDistrict(): string {
  const city = currentCity();
  return city.centralDistrict ?? `${city.code}01`;
}

export function* generateAreas(count: number): Generator<AreaExportRecord> {
  const street = `${benchDistrict()}001`;
  const next = random(1);
  for (let i = 1; i <= count; i++) {
    const community = String(1 + (i % 40)).padStart(3, '0');
    yield {
      id: i,
      name: `第${i}小区`,
      regionCode: `${street}${community}`,
      regionName: `第${community}社区`,
      streetName: '车站街道',
      districtName: '张店区',
      address: `华光路${i}号`,
      lon: 117.9 + next() * 0.3,
      lat: 36.7 + next() * 0.2,
      households: Math.floor(100 + next() * 2000),
      population: Math.floor(300 + next() * 6000),
      buildYear: 1980 + Math.floor(next() * 44),
      kind: next() < 0.2 ? 'new' : 'existing',
    };
  }
}

export function* generateFacilities(
  count: number,
  areaCount: number,
): Generator<FacilityExportRecord> {
  const next = random(2);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const maybe = <T>(value: T, p = 0.8): T | null => (next() < p ? value : null);
  for (let i = 1; i <= count; i++) {
    const type = FACILITY_TYPES[i % FACILITY_TYPES.length]!;
    const first = 1 + Math.floor(next() * areaCount);
    const served = [{ id: first, name: `第${first}小区` }];
    if (next() < 0.3) {
      const second = 1 + ((first + 1) % areaCount);
      served.push({ id: second, name: `第${second}小区` });
    }
    yield {
      id: i,
      type: type.code,
      name: `第${first}小区${type.name}${i}`,
      residentialAreas: served,
      floorArea: maybe(Math.round(50 + next() * 3000)),
      siteArea: maybe(Math.round(100 + next() * 8000), 0.5),
      lon: 117.9 + next() * 0.3,
      lat: 36.7 + next() * 0.2,
      ownership: maybe(pick(OWNERSHIPS)),
      operator: maybe(`运营单位${i % 500}`, 0.6),
      stages: {
        planning: { status: pick(STAGE_STATUSES.planning), note: null },
        construction: {
          status: pick(STAGE_STATUSES.construction),
          note: maybe(`施工备注${i % 97}`, 0.2),
        },
        handover: { status: maybe(pick(STAGE_STATUSES.handover), 0.7), note: null },
        use: { status: maybe(pick(STAGE_STATUSES.use), 0.6), note: maybe('使用良好', 0.1) },
      },
      updatedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    };
  }
}

interface Measured<T> {
  value: T;
  ms: number;
  /** CPU time of the process (user + system), steadier than wall time on a busy machine. */
  cpuMs: number;
  peakRss: number;
}

/** Runs `work` while sampling the RSS; returns its wall and CPU time and the highest RSS seen. */
async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const value = await work();
    const used = process.cpuUsage(cpu);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return {
      value,
      ms: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
      peakRss,
    };
  } finally {
    clearInterval(timer);
  }
}

/** ExcelJS's own streaming reader over the file, rows iterated and nothing else. */
export async function readWithExcelJsOnly(file: string): Promise<number> {
  // ExcelJS's single pass over the zip sometimes loses the last entries (exceljs#3064); retry once.
  for (let attempt = 1; ; attempt++) {
    try {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        worksheets: 'emit',
        entries: 'ignore',
      });
      let rows = 0;
      for await (const sheet of reader) {
        for await (const _row of sheet) rows++;
      }
      return rows;
    } catch (error) {
      if (attempt > 1) throw error;
    }
  }
}

/** The same ExcelJS worksheet parsing as the import, rows iterated and nothing else. */
async function readRowsOnly(file: string): Promise<number> {
  let rows = 0;
  for await (const sheet of streamWorksheets(file)) {
    for await (const _row of sheet.rows) rows++;
  }
  return rows;
}

/**
 * Issue 3 target: importing a 100,000-row ledger takes at most twice as long as ExcelJS alone
 * needs to read the file, in under 1 GB. Writes the workbook with the streaming export, then
 * times both readers.
 */
export async function benchLedgerImport(
  opts: BenchLedgerImportOptions = {},
): Promise<BenchLedgerImportResult> {
  const rows = opts.rows ?? 100_000;
  const areaCount = opts.areas ?? 2_000;
  const rounds = Math.max(1, opts.rounds ?? 2);
  const log = opts.log ?? ((line: string) => console.log(line));
  const folder = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'bench-ledger-import-')));
  const file = path.join(folder, `ledger-${rows}.xlsx`);
  try {
    const written = await measure(() =>
      writeLedgerWorkbook(createWriteStream(file), {
        areas: generateAreas(areaCount),
        facilities: generateFacilities(rows, areaCount),
      }),
    );
    const fileMb = (await stat(file)).size / MB;
    log(
      `wrote ${written.value.rows.toLocaleString()} rows (${rows.toLocaleString()} facilities) ` +
        `in ${(written.ms / 1000).toFixed(1)} s, ${fileMb.toFixed(1)} MB`,
    );

    let excelJsReadMs = Infinity;
    let parseMs = Infinity;
    let excelJsReadCpuMs = Infinity;
    let parseCpuMs = Infinity;
    let rowsOnlyMs = Infinity;
    let parsePeakRss = 0;
    let parsedFacilities = 0;
    let errors = 0;
    for (let round = 1; round <= rounds; round++) {
      const plain = await measure(() => readWithExcelJsOnly(file));
      const rowsOnly = await measure(() => readRowsOnly(file));
      // Only the counts are kept, so one round's records do not weigh on the next.
      const ours = await measure(async () => {
        const parsed = await parseLedgerWorkbook(file);
        return { facilities: parsed.facilities.length, errors: parsed.errors.length };
      });
      excelJsReadMs = Math.min(excelJsReadMs, plain.ms);
      parseMs = Math.min(parseMs, ours.ms);
      excelJsReadCpuMs = Math.min(excelJsReadCpuMs, plain.cpuMs);
      parseCpuMs = Math.min(parseCpuMs, ours.cpuMs);
      rowsOnlyMs = Math.min(rowsOnlyMs, rowsOnly.ms);
      parsePeakRss = Math.max(parsePeakRss, ours.peakRss);
      parsedFacilities = ours.value.facilities;
      errors = ours.value.errors;
      log(
        `round ${round}: ExcelJS read ${(plain.ms / 1000).toFixed(2)} s ` +
          `(CPU ${(plain.cpuMs / 1000).toFixed(2)} s, ${plain.value} rows), ` +
          `rows only ${(rowsOnly.ms / 1000).toFixed(2)} s, ` +
          `parseLedgerWorkbook ${(ours.ms / 1000).toFixed(2)} s ` +
          `(CPU ${(ours.cpuMs / 1000).toFixed(2)} s), RSS peak ${(ours.peakRss / MB).toFixed(0)} MB`,
      );
    }
    const result: BenchLedgerImportResult = {
      rows,
      fileMb: Number(fileMb.toFixed(1)),
      writeMs: Math.round(written.ms),
      excelJsReadMs: Math.round(excelJsReadMs),
      parseMs: Math.round(parseMs),
      excelJsReadCpuMs: Math.round(excelJsReadCpuMs),
      parseCpuMs: Math.round(parseCpuMs),
      ratio: Number((parseMs / excelJsReadMs).toFixed(2)),
      cpuRatio: Number((parseCpuMs / excelJsReadCpuMs).toFixed(2)),
      rowsOnlyMs: Math.round(rowsOnlyMs),
      parsePeakRssMb: Math.round(parsePeakRss / MB),
      processPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      parsedFacilities,
      errors,
    };
    log(
      `ratio ${result.ratio}× wall, ${result.cpuRatio}× CPU (target ≤ 2×), parse RSS peak ${result.parsePeakRssMb} MB, ` +
        `process peak ${result.processPeakRssMb} MB (target < 1024 MB), ` +
        `${result.parsedFacilities.toLocaleString()} facilities parsed, ${result.errors} errors`,
    );
    return result;
  } finally {
    if (!opts.dir) await rm(folder, { recursive: true, force: true });
  }
}
