import type { Readable } from 'node:stream';
import {
  LEDGER_BOUNDS,
  type FacilityInput,
  type ResidentialAreaInput,
  type Stage,
} from '@zibo/shared';
import {
  AREA_UNITS,
  type CellResult,
  type CellValue,
  cellKeyText,
  matchKey,
  normaliseInteger,
  normaliseNumber,
  normaliseText,
  normaliseYear,
  toHalfWidth,
} from '../../../platform/excel/cells.ts';
import { readSheets, type SheetRow } from '../../../platform/excel/reader.ts';
import { LISTS_SHEET } from '../../../platform/excel/writer.ts';
import {
  AREA_REF_SEPARATORS,
  AREA_SHEET,
  AREA_SPEC,
  type AreaKey,
  type AreaRef,
  type CoordSystemCode,
  FACILITY_SHEET,
  FACILITY_SPEC,
  type FacilityKey,
  INSTRUCTIONS_SHEET,
  type LedgerWorkbookError,
  type ParsedArea,
  type ParsedFacility,
  type ParsedLedger,
  type ParsedStages,
  type StageKey,
  normaliseCoordSystem,
  normaliseKind,
  normaliseOwnership,
  normaliseStatus,
  normaliseType,
} from './columns.ts';
import { currentCity } from '../../../platform/city.ts';

/** Reading a ledger workbook (P3 台账): every cell checked, errors by sheet, row and column. */

const LON = LEDGER_BOUNDS.lon;
const LAT = LEDGER_BOUNDS.lat;
const MAX_ID = 2_147_483_647;

class Collector {
  readonly errors: LedgerWorkbookError[] = [];
  truncated = false;
  constructor(private readonly max: number) {}

  add(sheet: string, row: number, column: string, message: string): void {
    if (this.truncated) return;
    if (this.errors.length >= this.max) {
      this.truncated = true;
      return;
    }
    this.errors.push({ sheet, row, column, message });
  }
}

/** Collects one row's field errors, each message led by the column's header as written. */
class RowReader<K extends string> {
  failed = false;
  constructor(
    private readonly row: SheetRow<K>,
    private readonly errors: Collector,
  ) {}

  take<T>(key: K, result: CellResult<T>): T | undefined {
    if (result.ok) return result.value;
    this.fail(key, `${this.row.column(key)}${result.message}`);
    return undefined;
  }

  fail(key: K, message: string): void {
    this.failed = true;
    this.errors.add(this.row.sheet, this.row.row, this.row.column(key), message);
  }

  value(key: K): CellValue {
    return this.row.value(key);
  }

  column(key: K): string {
    return this.row.column(key);
  }

  id(key: K): number | undefined {
    return this.take(key, normaliseInteger(this.value(key), { min: 1, max: MAX_ID })) ?? undefined;
  }
}

function inLon(n: number): boolean {
  return n >= LON.min && n <= LON.max;
}

function inLat(n: number): boolean {
  return n >= LAT.min && n <= LAT.max;
}

/** 经度/纬度 together, in range, and not swapped. */
function readPoint(r: RowReader<'lon' | 'lat'>): { lon: number | null; lat: number | null } {
  const lon = r.take('lon', normaliseNumber(r.value('lon'), { units: ['°', '度'] }));
  const lat = r.take('lat', normaliseNumber(r.value('lat'), { units: ['°', '度'] }));
  if (lon === undefined || lat === undefined) return { lon: null, lat: null };
  if ((lon === null) !== (lat === null)) {
    const missing = lon === null ? 'lon' : 'lat';
    r.fail(missing, `${r.column(missing)}未填写：经度和纬度应同时填写`);
    return { lon: null, lat: null };
  }
  if (lon === null || lat === null) return { lon: null, lat: null };
  if (!inLon(lon) && !inLat(lat) && inLon(lat) && inLat(lon)) {
    r.fail(
      'lon',
      `经度、纬度可能填反了：经度应在 ${LON.min}～${LON.max} 之间，纬度应在 ${LAT.min}～${LAT.max} 之间`,
    );
    return { lon: null, lat: null };
  }
  if (!inLon(lon)) {
    r.fail(
      'lon',
      `${r.column('lon')}应在 ${LON.min}～${LON.max} 之间（十进制度数），实际为 ${lon}`,
    );
  }
  if (!inLat(lat)) {
    r.fail(
      'lat',
      `${r.column('lat')}应在 ${LAT.min}～${LAT.max} 之间（十进制度数），实际为 ${lat}`,
    );
  }
  return { lon, lat };
}

function readCoordSystem(r: RowReader<'coordSystem'>): CoordSystemCode {
  return r.take('coordSystem', normaliseCoordSystem(r.value('coordSystem'))) ?? 'wgs84';
}

function prose(max: number, required = false, multiline = false) {
  return (value: CellValue) =>
    normaliseText(value, { max, required, keepPunctuation: true, multiline });
}
const name100 = prose(100, true);
const text100 = prose(100);
const text200 = prose(200);
const text50 = prose(50);
const note500 = prose(500, false, true);

function normaliseRegionCode(value: CellValue): CellResult<string> {
  const text = cellKeyText(value).replace(/^'/, '').replace(/\s+/g, '');
  if (text === '') return { ok: false, message: '必须填写（12 位社区（村居）代码）' };
  if (!/^\d{12}$/.test(text)) {
    return { ok: false, message: `应为 12 位社区（村居）代码，实际为“${text.slice(0, 30)}”` };
  }
  const city = currentCity();
  if (!text.startsWith(city.code)) {
    return {
      ok: false,
      message: `应为${city.name}的社区（村居）代码（以 ${city.code} 开头），实际为“${text}”`,
    };
  }
  return { ok: true, value: text };
}

/** A row's record when every cell is valid, and its id even when not (to catch duplicates). */
interface RowResult<T> {
  record: T | null;
  id: number | undefined;
}

function parseAreaRow(row: SheetRow<AreaKey>, errors: Collector): RowResult<ParsedArea> {
  const r = new RowReader(row, errors);
  const id = r.id('id');
  const name = r.take('name', name100(r.value('name')));
  const regionCode = r.take('regionCode', normaliseRegionCode(r.value('regionCode')));
  const district = r.take('district', text50(r.value('district'))) ?? null;
  const street = r.take('street', text50(r.value('street'))) ?? null;
  const community = r.take('community', text50(r.value('community'))) ?? null;
  const address = r.take('address', text200(r.value('address'))) ?? null;
  const { lon, lat } = readPoint(r);
  const coordSystem = readCoordSystem(r);
  const households = r.take(
    'households',
    normaliseInteger(r.value('households'), {
      required: true,
      ...LEDGER_BOUNDS.households,
      units: ['户'],
    }),
  );
  const population =
    r.take(
      'population',
      normaliseInteger(r.value('population'), { ...LEDGER_BOUNDS.population, units: ['人'] }),
    ) ?? null;
  const buildYear =
    r.take('buildYear', normaliseYear(r.value('buildYear'), LEDGER_BOUNDS.buildYear)) ?? null;
  const kind = r.take('kind', normaliseKind(r.value('kind'), { required: true }));
  if (r.failed || !name || !regionCode || households == null || !kind) return { record: null, id };
  const record: ParsedArea = {
    row: row.row,
    ...(id ? { id } : {}),
    name,
    regionCode,
    address,
    lon,
    lat,
    coordSystem,
    households,
    population,
    buildYear,
    kind,
    regionNames: { district, street, community },
  };
  return { record, id };
}

/** Splits 服务小区 on 、，,;； and line breaks, but not inside brackets (`幸福里（一、二期）`). */
function splitAreaRefs(text: string): string[] {
  if (!/[(（[【]/.test(text)) {
    return text
      .split(/[、,，;；\n\r]/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter((p) => p !== '');
  }
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '(' || ch === '（' || ch === '[' || ch === '【') depth++;
    else if ((ch === ')' || ch === '）' || ch === ']' || ch === '】') && depth > 0) depth--;
    else if (depth === 0 && AREA_REF_SEPARATORS.has(ch)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
}

function normaliseAreaRefs(value: CellValue): CellResult<AreaRef[]> {
  const text = typeof value === 'string' ? toHalfWidth(value, true) : cellKeyText(value);
  const refs: AreaRef[] = [];
  const seen = new Set<string>();
  for (const token of splitAreaRefs(text)) {
    const numbered = /^(\d+)(?:\s+(.+))?$/.exec(token);
    const ref: AreaRef = numbered
      ? { id: Number(numbered[1]), ...(numbered[2] ? { name: numbered[2] } : {}) }
      : { name: token };
    if (ref.id !== undefined && (ref.id < 1 || ref.id > MAX_ID)) {
      return { ok: false, message: `中的小区编号“${numbered?.[1]}”无效` };
    }
    if (ref.name !== undefined && ref.name.length > 100) {
      return { ok: false, message: `中的小区名称不能超过 100 个字：“${ref.name.slice(0, 30)}…”` };
    }
    const key = ref.id !== undefined ? `#${ref.id}` : matchKey(ref.name ?? '');
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push(ref);
  }
  if (!refs.length)
    return { ok: false, message: '必须填写：一个或多个小区编号或小区名称，用“、”分隔' };
  if (refs.length > 50) return { ok: false, message: `最多填写 50 个小区，实际 ${refs.length} 个` };
  return { ok: true, value: refs };
}

function readArea(
  r: RowReader<'floorArea' | 'siteArea'>,
  key: 'floorArea' | 'siteArea',
): number | null {
  return (
    r.take(key, normaliseNumber(r.value(key), { units: AREA_UNITS, ...LEDGER_BOUNDS[key] })) ?? null
  );
}

function readNote(r: RowReader<StageKey>, stage: Stage): string | null {
  return r.take(`${stage}Note`, note500(r.value(`${stage}Note`))) ?? null;
}

function parseFacilityRow(
  row: SheetRow<FacilityKey>,
  errors: Collector,
): RowResult<ParsedFacility> {
  const r = new RowReader(row, errors);
  const id = r.id('id');
  const name = r.take('name', name100(r.value('name')));
  const type = r.take('type', normaliseType(r.value('type'), { required: true }));
  const areaRefs = r.take('areas', normaliseAreaRefs(r.value('areas')));
  const floorArea = readArea(r, 'floorArea');
  const siteArea = readArea(r, 'siteArea');
  const { lon, lat } = readPoint(r);
  const coordSystem = readCoordSystem(r);
  const ownership = r.take('ownership', normaliseOwnership(r.value('ownership'))) ?? null;
  const operator = r.take('operator', text100(r.value('operator'))) ?? null;
  const stages: ParsedStages = {
    planning: {
      status: r.take('planningStatus', normaliseStatus.planning(r.value('planningStatus'))) ?? null,
      note: readNote(r, 'planning'),
    },
    construction: {
      status:
        r.take('constructionStatus', normaliseStatus.construction(r.value('constructionStatus'))) ??
        null,
      note: readNote(r, 'construction'),
    },
    handover: {
      status: r.take('handoverStatus', normaliseStatus.handover(r.value('handoverStatus'))) ?? null,
      note: readNote(r, 'handover'),
    },
    use: {
      status: r.take('useStatus', normaliseStatus.use(r.value('useStatus'))) ?? null,
      note: readNote(r, 'use'),
    },
  };
  if (r.failed || !name || !type || !areaRefs) return { record: null, id };
  const record: ParsedFacility = {
    row: row.row,
    ...(id ? { id } : {}),
    type,
    name,
    areaRefs,
    floorArea,
    siteArea,
    lon,
    lat,
    coordSystem,
    ownership,
    operator,
    stages,
  };
  return { record, id };
}

/** The row where `key` was first seen, recording `row` when it is new. */
function firstRow<T>(seen: Map<T, number>, key: T, row: number): number | undefined {
  const other = seen.get(key);
  if (other === undefined) seen.set(key, row);
  return other;
}

/**
 * Reads a ledger workbook (a file path or a stream) and validates every cell. All-or-nothing is
 * the caller's: when `errors` is not empty nothing may be written. Checks that need the database
 * (ids in scope, names of 服务小区, the code's region) are left to the caller, which has `row`.
 */
export async function parseLedgerWorkbook(
  input: Readable | string,
  options: { maxErrors?: number; maxRows?: number } = {},
): Promise<ParsedLedger> {
  const collector = new Collector(options.maxErrors ?? 1000);
  const areas: ParsedArea[] = [];
  const facilities: ParsedFacility[] = [];
  const areaIds = new Map<number, number>();
  const areaNames = new Map<string, number>();
  const facilityIds = new Map<number, number>();
  const sheetOrder: string[] = [];

  const result = await readSheets<AreaKey | FacilityKey>(
    input,
    [AREA_SPEC, FACILITY_SPEC],
    (row, spec) => {
      if (!sheetOrder.includes(row.sheet)) sheetOrder.push(row.sheet);
      if (collector.truncated) return;
      if (spec === AREA_SPEC) {
        const areaRow = row as SheetRow<AreaKey>;
        const { record: area, id } = parseAreaRow(areaRow, collector);
        const sameId = id && firstRow(areaIds, id, row.row);
        if (sameId) {
          collector.add(
            row.sheet,
            row.row,
            areaRow.column('id'),
            `小区编号 ${id} 与第 ${sameId} 行重复`,
          );
        }
        if (!area) return;
        // Two areas of one community with one name would make 服务小区 names ambiguous.
        const nameKey = `${area.regionCode}|${matchKey(area.name)}`;
        const sameName = firstRow(areaNames, nameKey, row.row);
        if (sameName) {
          collector.add(
            row.sheet,
            row.row,
            areaRow.column('name'),
            `同一社区内小区名称“${area.name}”与第 ${sameName} 行重复`,
          );
        }
        if (!sameId && !sameName) areas.push(area);
      } else {
        const facilityRow = row as SheetRow<FacilityKey>;
        const { record: facility, id } = parseFacilityRow(facilityRow, collector);
        const sameId = id && firstRow(facilityIds, id, row.row);
        if (sameId) {
          collector.add(
            row.sheet,
            row.row,
            facilityRow.column('id'),
            `设施编号 ${id} 与第 ${sameId} 行重复`,
          );
        }
        if (facility && !sameId) facilities.push(facility);
      }
    },
    { skipSheets: [LISTS_SHEET, INSTRUCTIONS_SHEET], maxRows: options.maxRows },
  );

  for (const issue of result.issues)
    collector.add(issue.sheet, issue.row, issue.column, issue.message);
  if (!result.sheets.length && !result.issues.length) {
    collector.add(
      '',
      0,
      '',
      `未找到“${AREA_SHEET}”或“${FACILITY_SHEET}”工作表：请使用导入模板填写`,
    );
  }
  for (const s of result.sheets) if (!sheetOrder.includes(s.sheet)) sheetOrder.push(s.sheet);
  // Rows that waited for merged cells were checked last; the report follows the workbook.
  const sheetRank = (sheet: string) => sheetOrder.indexOf(sheet);
  const errors = collector.errors.sort(
    (a, b) => sheetRank(a.sheet) - sheetRank(b.sheet) || a.row - b.row,
  );
  if (collector.truncated) {
    errors.push({
      sheet: '',
      row: 0,
      column: '',
      message: `错误超过 ${options.maxErrors ?? 1000} 条，其余未再列出：请先修改以上错误后重新导入`,
    });
  }
  areas.sort((a, b) => a.row - b.row);
  facilities.sort((a, b) => a.row - b.row);
  return {
    areas,
    facilities,
    errors,
    rows: result.sheets.reduce((sum, s) => sum + s.rows, 0),
    truncated: collector.truncated,
  };
}

/** The `residentialAreaInput` body of a parsed area. */
export function toResidentialAreaInput(area: ParsedArea): ResidentialAreaInput {
  return {
    name: area.name,
    regionCode: area.regionCode,
    address: area.address,
    lon: area.lon,
    lat: area.lat,
    coordSystem: area.coordSystem,
    households: area.households,
    population: area.population,
    buildYear: area.buildYear,
    kind: area.kind,
  };
}

/** The `facilityInput` body of a parsed facility, once its `areaRefs` are resolved to ids. */
export function toFacilityInput(
  facility: ParsedFacility,
  residentialAreaIds: number[],
): FacilityInput {
  return {
    type: facility.type,
    name: facility.name,
    residentialAreaIds,
    floorArea: facility.floorArea,
    siteArea: facility.siteArea,
    lon: facility.lon,
    lat: facility.lat,
    coordSystem: facility.coordSystem,
    ownership: facility.ownership,
    operator: facility.operator,
    stages: facility.stages,
  };
}

/** The key under which 服务小区 names should be compared: width, case and spaces ignored. */
export function areaNameKey(name: string): string {
  return matchKey(name);
}
