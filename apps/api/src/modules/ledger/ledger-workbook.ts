import type { Readable, Writable } from 'node:stream';
import {
  AREA_KIND_NAMES,
  type COORD_SYSTEM_CODES,
  FACILITY_TYPES,
  LEDGER_BOUNDS,
  OWNERSHIP_NAMES,
  STAGE_NAMES,
  STAGE_STATUSES,
  STAGE_STATUS_NAMES,
  type AreaKind,
  type ConstructionStatus,
  type Facility,
  type FacilityInput,
  type FacilityTypeCode,
  type HandoverStatus,
  type Ownership,
  type PlanningStatus,
  type ResidentialArea,
  type ResidentialAreaInput,
  type Stage,
  type UseStatus,
} from '@zibo/shared';
import {
  AREA_UNITS,
  type CellResult,
  type CellValue,
  cellKeyText,
  createEnumNormaliser,
  type EnumOption,
  matchKey,
  normaliseInteger,
  normaliseNumber,
  normaliseText,
  normaliseYear,
  toHalfWidth,
} from '../../platform/excel/cells.ts';
import { readSheets, type SheetRow, type SheetSpec } from '../../platform/excel/reader.ts';
import { LISTS_SHEET, type WriteColumn, writeWorkbook } from '../../platform/excel/writer.ts';

/** The ledger workbook (P3 台账): sheet 小区 for residential areas, sheet 设施 for facilities. */
export const AREA_SHEET = '小区';
export const FACILITY_SHEET = '设施';
export const INSTRUCTIONS_SHEET = '填表说明';

export type CoordSystemCode = (typeof COORD_SYSTEM_CODES)[number];

/** A residential area read from sheet 小区: the fields of `residentialAreaInput`, plus where it came from. */
export interface ParsedArea {
  /** Excel row on sheet 小区, for errors found when applying it. */
  row: number;
  /** 小区编号: the record to update; absent for a new area. */
  id?: number;
  name: string;
  regionCode: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  coordSystem: CoordSystemCode;
  households: number;
  population: number | null;
  buildYear: number | null;
  kind: AreaKind;
  /** 区县, 镇街, 社区名称 as written: informative only, the code decides. */
  regionNames: { district: string | null; street: string | null; community: string | null };
}

/**
 * One entry of 服务小区. `id` (written `12` or `12 幸福小区`) decides when present and `name` is
 * then only its label; otherwise `name` is to be resolved against the database and sheet 小区.
 */
export interface AreaRef {
  id?: number;
  name?: string;
}

export interface ParsedStages {
  planning: { status: PlanningStatus | null; note: string | null };
  construction: { status: ConstructionStatus | null; note: string | null };
  handover: { status: HandoverStatus | null; note: string | null };
  use: { status: UseStatus | null; note: string | null };
}

/** A facility read from sheet 设施: the fields of `facilityInput`, with `areaRefs` for the ids. */
export interface ParsedFacility {
  row: number;
  id?: number;
  type: FacilityTypeCode;
  name: string;
  areaRefs: AreaRef[];
  floorArea: number | null;
  siteArea: number | null;
  lon: number | null;
  lat: number | null;
  coordSystem: CoordSystemCode;
  ownership: Ownership | null;
  operator: string | null;
  stages: ParsedStages;
}

/** `row` is the 1-based Excel row; 0 when the problem is the workbook as a whole. */
export interface LedgerWorkbookError {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export interface ParsedLedger {
  areas: ParsedArea[];
  facilities: ParsedFacility[];
  errors: LedgerWorkbookError[];
  /** Data rows read on both sheets. */
  rows: number;
  /** True when errors stopped being collected at `maxErrors`. */
  truncated: boolean;
}

export type AreaExportRecord = Pick<
  ResidentialArea,
  | 'id'
  | 'name'
  | 'regionCode'
  | 'regionName'
  | 'streetName'
  | 'districtName'
  | 'address'
  | 'lon'
  | 'lat'
  | 'households'
  | 'population'
  | 'buildYear'
  | 'kind'
>;

export type FacilityExportRecord = Pick<
  Facility,
  | 'id'
  | 'type'
  | 'name'
  | 'residentialAreas'
  | 'floorArea'
  | 'siteArea'
  | 'lon'
  | 'lat'
  | 'ownership'
  | 'operator'
  | 'stages'
  | 'updatedAt'
>;

type Records<T> = Iterable<T> | AsyncIterable<T>;

// ─── choices ───────────────────────────────────────────────────────────────────────────────

const COORD_OPTIONS: EnumOption<CoordSystemCode>[] = [
  {
    value: 'wgs84',
    label: 'WGS-84',
    synonyms: ['GPS', 'CGCS2000', '国家2000', '2000坐标系', '天地图'],
  },
  { value: 'gcj02', label: 'GCJ-02', synonyms: ['高德', '腾讯', '火星坐标', '国测局'] },
  { value: 'bd09', label: 'BD-09', synonyms: ['百度', 'BD09LL'] },
];
const COORD_LABEL: Record<CoordSystemCode, string> = {
  wgs84: 'WGS-84',
  gcj02: 'GCJ-02',
  bd09: 'BD-09',
};

const KIND_OPTIONS: EnumOption<AreaKind>[] = [
  { value: 'new', label: AREA_KIND_NAMES.new, synonyms: ['新建小区', '新建住宅', '新'] },
  {
    value: 'existing',
    label: AREA_KIND_NAMES.existing,
    synonyms: ['既有小区', '已建', '已建成', '老旧小区', '老旧', '存量'],
  },
];

const TYPE_SYNONYMS: Partial<Record<FacilityTypeCode, string[]>> = {
  kindergarten: ['托幼'],
  middle_school: ['初中', '初级中学'],
  community_service_room: ['社区用房', '社区服务用房', '社区办公用房', '社区综合服务中心'],
  elderly_day_care: ['日间照料中心', '日照中心'],
  elderly_service_station: ['养老服务站'],
  convenience_market: ['农贸市场', '菜市场'],
  sports_venue: ['体育场馆'],
  fitness_site: ['健身广场', '全民健身场地', '健身设施'],
  health_centre: ['卫生服务中心'],
  health_station: ['卫生服务站', '卫生室'],
};
const TYPE_OPTIONS: EnumOption<FacilityTypeCode>[] = FACILITY_TYPES.map((t) => ({
  value: t.code,
  label: t.name,
  synonyms: TYPE_SYNONYMS[t.code] ?? [],
}));

const OWNERSHIP_SYNONYMS: Record<Ownership, string[]> = {
  government: ['国有', '政府所有', '国有资产'],
  investor: ['开发商', '建设单位', '开发建设单位', '投资人'],
  owners: ['业主', '业主共有', '小区业主'],
  other: ['其它'],
};
const OWNERSHIP_OPTIONS: EnumOption<Ownership>[] = (
  Object.keys(OWNERSHIP_NAMES) as Ownership[]
).map((code) => ({
  value: code,
  label: OWNERSHIP_NAMES[code],
  synonyms: OWNERSHIP_SYNONYMS[code],
}));

const STATUS_SYNONYMS: Record<string, string[]> = {
  planned: ['已纳入规划'],
  not_planned: ['未纳入规划'],
  plan_changed: ['规划调整'],
  not_started: ['未建', '未建设'],
  under_construction: ['建设中', '正在建设'],
  built: ['建成', '已建'],
  built_short: ['面积不足'],
  not_due: ['未到期'],
  pending: ['未移交'],
  handed_over: ['移交完成'],
  refused: ['拒绝移交'],
  in_use: ['使用中', '在用'],
  idle: [],
  repurposed: ['挪用', '改变用途'],
  occupied: ['占用'],
};
function statusOptions<T extends string>(codes: readonly T[]): EnumOption<T>[] {
  return codes.map((code) => ({
    value: code,
    label: STAGE_STATUS_NAMES[code] ?? code,
    synonyms: STATUS_SYNONYMS[code] ?? [],
  }));
}
const STATUS_OPTIONS = {
  planning: statusOptions(STAGE_STATUSES.planning),
  construction: statusOptions(STAGE_STATUSES.construction),
  handover: statusOptions(STAGE_STATUSES.handover),
  use: statusOptions(STAGE_STATUSES.use),
};

const normaliseCoordSystem = createEnumNormaliser(COORD_OPTIONS);
const normaliseKind = createEnumNormaliser(KIND_OPTIONS);
const normaliseType = createEnumNormaliser(TYPE_OPTIONS);
const normaliseOwnership = createEnumNormaliser(OWNERSHIP_OPTIONS);
const normaliseStatus = {
  planning: createEnumNormaliser(STATUS_OPTIONS.planning),
  construction: createEnumNormaliser(STATUS_OPTIONS.construction),
  handover: createEnumNormaliser(STATUS_OPTIONS.handover),
  use: createEnumNormaliser(STATUS_OPTIONS.use),
};

const labels = <T extends string>(options: EnumOption<T>[]) => options.map((o) => o.label);

// ─── columns ───────────────────────────────────────────────────────────────────────────────

interface LedgerColumn<K extends string> extends WriteColumn {
  key: K;
  synonyms?: readonly string[];
  /** The header must be present for the sheet to be read. */
  requiredHeader?: boolean;
  mergeable?: boolean;
  /** Written by exports, never read (序号, 更新时间). */
  writeOnly?: boolean;
}

type AreaKey =
  | 'seq'
  | 'id'
  | 'name'
  | 'district'
  | 'street'
  | 'regionCode'
  | 'community'
  | 'address'
  | 'lon'
  | 'lat'
  | 'coordSystem'
  | 'households'
  | 'population'
  | 'buildYear'
  | 'kind';

const AREA_COLUMNS: readonly LedgerColumn<AreaKey>[] = [
  { key: 'seq', header: '序号', width: 6, writeOnly: true },
  { key: 'id', header: '小区编号', width: 10, synonyms: ['编号', '小区ID', 'ID'] },
  {
    key: 'name',
    header: '小区名称',
    width: 24,
    required: true,
    requiredHeader: true,
    synonyms: ['小区名', '名称', '居住小区', '居住小区名称', '小区'],
  },
  {
    key: 'district',
    header: '区县',
    width: 10,
    mergeable: true,
    synonyms: ['区县名称', '区(县)', '区/县', '所属区县', '县区'],
  },
  {
    key: 'street',
    header: '镇街',
    width: 14,
    mergeable: true,
    synonyms: ['镇(街道)', '街道(镇)', '镇/街道', '街道', '镇街名称', '所属镇街'],
  },
  {
    key: 'regionCode',
    header: '社区代码',
    width: 16,
    numFmt: '@',
    required: true,
    requiredHeader: true,
    mergeable: true,
    synonyms: [
      '社区编码',
      '社区(村居)代码',
      '村居代码',
      '社区区划代码',
      '行政区划代码',
      '区划代码',
    ],
  },
  {
    key: 'community',
    header: '社区名称',
    width: 14,
    mergeable: true,
    synonyms: ['社区', '所属社区', '社区(村居)', '村居', '社区(村居)名称'],
  },
  { key: 'address', header: '地址', width: 30, synonyms: ['详细地址', '小区地址'] },
  { key: 'lon', header: '经度', width: 12 },
  { key: 'lat', header: '纬度', width: 12 },
  {
    key: 'coordSystem',
    header: '坐标系',
    width: 10,
    choices: labels(COORD_OPTIONS),
    mergeable: true,
    synonyms: ['坐标类型', '坐标系统'],
  },
  {
    key: 'households',
    header: '户数',
    width: 8,
    required: true,
    requiredHeader: true,
    synonyms: ['总户数', '住户数', '户数(户)'],
  },
  { key: 'population', header: '人口', width: 8, synonyms: ['人口数', '常住人口', '居住人口'] },
  {
    key: 'buildYear',
    header: '建成年份',
    width: 10,
    synonyms: ['建成年代', '建成时间', '竣工年份', '竣工时间', '建成日期'],
  },
  {
    key: 'kind',
    header: '类型',
    width: 8,
    required: true,
    requiredHeader: true,
    mergeable: true,
    choices: labels(KIND_OPTIONS),
    synonyms: ['小区类型', '新建/既有'],
  },
];

type StageKey = `${Stage}Status` | `${Stage}Note`;
type FacilityKey =
  | 'seq'
  | 'id'
  | 'name'
  | 'type'
  | 'areas'
  | 'floorArea'
  | 'siteArea'
  | 'lon'
  | 'lat'
  | 'coordSystem'
  | 'ownership'
  | 'operator'
  | StageKey
  | 'updatedAt';

const STAGES_IN_ORDER: readonly Stage[] = ['planning', 'construction', 'handover', 'use'];

const FACILITY_COLUMNS: readonly LedgerColumn<FacilityKey>[] = [
  { key: 'seq', header: '序号', width: 6, writeOnly: true },
  { key: 'id', header: '设施编号', width: 10, synonyms: ['编号', '设施ID', 'ID'] },
  {
    key: 'name',
    header: '设施名称',
    width: 24,
    required: true,
    requiredHeader: true,
    synonyms: ['名称', '设施'],
  },
  {
    key: 'type',
    header: '设施类型',
    width: 18,
    required: true,
    requiredHeader: true,
    mergeable: true,
    choices: labels(TYPE_OPTIONS),
    synonyms: ['类型', '设施种类'],
  },
  {
    key: 'areas',
    header: '服务小区',
    width: 28,
    required: true,
    requiredHeader: true,
    mergeable: true,
    synonyms: ['所属小区', '服务小区名称', '服务小区编号', '配套小区', '小区', '小区名称'],
  },
  { key: 'floorArea', header: '建筑面积(㎡)', width: 12, synonyms: ['建筑面积(平方米)'] },
  {
    key: 'siteArea',
    header: '占地面积(㎡)',
    width: 12,
    synonyms: ['占地面积(平方米)', '用地面积'],
  },
  { key: 'lon', header: '经度', width: 12 },
  { key: 'lat', header: '纬度', width: 12 },
  {
    key: 'coordSystem',
    header: '坐标系',
    width: 10,
    choices: labels(COORD_OPTIONS),
    mergeable: true,
    synonyms: ['坐标类型', '坐标系统'],
  },
  {
    key: 'ownership',
    header: '产权归属',
    width: 10,
    choices: labels(OWNERSHIP_OPTIONS),
    mergeable: true,
    synonyms: ['产权', '权属', '产权性质'],
  },
  {
    key: 'operator',
    header: '运营单位',
    width: 20,
    mergeable: true,
    synonyms: ['运营主体', '管理单位', '使用单位'],
  },
  ...STAGES_IN_ORDER.flatMap((stage): LedgerColumn<FacilityKey>[] => [
    {
      key: `${stage}Status`,
      header: `${STAGE_NAMES[stage]}状态`,
      width: 12,
      choices: labels(STATUS_OPTIONS[stage]),
      mergeable: true,
      synonyms: [`${STAGE_NAMES[stage]}情况`],
    },
    {
      key: `${stage}Note`,
      header: `${STAGE_NAMES[stage]}说明`,
      width: 24,
      synonyms: [`${STAGE_NAMES[stage]}情况说明`, `${STAGE_NAMES[stage]}备注`],
    },
  ]),
  { key: 'updatedAt', header: '更新时间', width: 17, writeOnly: true },
];

function readSpec<K extends string>(
  name: string,
  synonyms: string[],
  columns: readonly LedgerColumn<K>[],
): SheetSpec<K> {
  return {
    name,
    synonyms,
    columns: columns
      .filter((c) => !c.writeOnly)
      .map((c) => ({
        key: c.key,
        label: c.header,
        synonyms: c.synonyms,
        required: c.requiredHeader,
        mergeable: c.mergeable,
      })),
  };
}

const AREA_SPEC = readSpec(
  AREA_SHEET,
  ['小区台账', '居住小区', '小区信息', '小区清单'],
  AREA_COLUMNS,
);
const FACILITY_SPEC = readSpec(
  FACILITY_SHEET,
  ['设施台账', '配套设施', '设施信息', '设施清单', '社区配套设施'],
  FACILITY_COLUMNS,
);

// ─── import ────────────────────────────────────────────────────────────────────────────────

const LON = LEDGER_BOUNDS.lon;
const LAT = LEDGER_BOUNDS.lat;
const MAX_ID = 2_147_483_647;
const AREA_REF_SEPARATORS = new Set(['、', ',', '，', ';', '；', '\n', '\r']);

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
  if (!text.startsWith('3703')) {
    return { ok: false, message: `应为淄博市的社区（村居）代码（以 3703 开头），实际为“${text}”` };
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

// ─── export ────────────────────────────────────────────────────────────────────────────────

const SHANGHAI_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function formatUpdatedAt(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : SHANGHAI_MINUTE.format(date);
}

/** `12 幸福小区`: the id decides on re-import, the name is for the reader; just the name for an area not in the ledger yet (a workbook of new records). */
function formatAreaRef(area: { id?: number | null; name: string }): string {
  if (!area.id) return area.name;
  return [...area.name].some((ch) => AREA_REF_SEPARATORS.has(ch))
    ? String(area.id)
    : `${area.id} ${area.name}`;
}

function areaRow(area: AreaExportRecord, index: number): CellValue[] {
  const values: Record<AreaKey, CellValue> = {
    seq: index + 1,
    id: area.id,
    name: area.name,
    district: area.districtName,
    street: area.streetName,
    regionCode: area.regionCode,
    community: area.regionName,
    address: area.address,
    lon: area.lon,
    lat: area.lat,
    coordSystem: COORD_LABEL.wgs84,
    households: area.households,
    population: area.population,
    buildYear: area.buildYear,
    kind: AREA_KIND_NAMES[area.kind],
  };
  return AREA_COLUMNS.map((c) => values[c.key]);
}

function statusLabel(status: string | null): string | null {
  return status === null ? null : (STAGE_STATUS_NAMES[status] ?? status);
}

function facilityRow(facility: FacilityExportRecord, index: number): CellValue[] {
  const values: Record<FacilityKey, CellValue> = {
    seq: index + 1,
    id: facility.id,
    name: facility.name,
    type: FACILITY_TYPES.find((t) => t.code === facility.type)?.name ?? facility.type,
    areas: facility.residentialAreas.map(formatAreaRef).join('、'),
    floorArea: facility.floorArea,
    siteArea: facility.siteArea,
    lon: facility.lon,
    lat: facility.lat,
    coordSystem: COORD_LABEL.wgs84,
    ownership: facility.ownership ? OWNERSHIP_NAMES[facility.ownership] : null,
    operator: facility.operator,
    planningStatus: statusLabel(facility.stages.planning.status),
    planningNote: facility.stages.planning.note,
    constructionStatus: statusLabel(facility.stages.construction.status),
    constructionNote: facility.stages.construction.note,
    handoverStatus: statusLabel(facility.stages.handover.status),
    handoverNote: facility.stages.handover.note,
    useStatus: statusLabel(facility.stages.use.status),
    useNote: facility.stages.use.note,
    updatedAt: formatUpdatedAt(facility.updatedAt),
  };
  return FACILITY_COLUMNS.map((c) => values[c.key]);
}

async function* mapRecords<T>(
  records: Records<T>,
  toRow: (record: T, index: number) => CellValue[],
): AsyncGenerator<CellValue[]> {
  let index = 0;
  for await (const record of records) yield toRow(record, index++);
}

const INSTRUCTIONS: [string, string, string][] = [
  [
    '全部',
    '—',
    '第一行为表头，请勿改动列名；表头上方可有标题行，序号列、空行和末尾的合计行在导入时忽略。',
  ],
  [
    '全部',
    '—',
    '导入时整批校验：任一单元格有误则全部不导入，请按错误提示（工作表、行号、列名）修改后重新导入。',
  ],
  ['全部', '—', '导出的工作簿修改后可直接导入：带编号的行更新原记录，编号留空的行新增记录。'],
  [AREA_SHEET, '小区编号', '系统编号。新增小区留空；修改已有小区时保留导出的编号。'],
  [AREA_SHEET, '小区名称', '必填，不超过 100 字；同一社区内不能重名。'],
  [AREA_SHEET, '区县、镇街、社区名称', '供核对，以社区代码为准；同一社区的多行可合并单元格。'],
  [AREA_SHEET, '社区代码', '必填，12 位社区（村居）统计用区划代码，以 3703 开头。'],
  [AREA_SHEET, '经度、纬度', '十进制度数，如 118.054927、36.813487；两者同时填写或同时留空。'],
  [
    AREA_SHEET,
    '坐标系',
    'WGS-84（GPS、天地图、CGCS2000）、GCJ-02（高德、腾讯）或 BD-09（百度）；留空视为 WGS-84。',
  ],
  [AREA_SHEET, '户数、人口', '整数；户数必填。'],
  [AREA_SHEET, '建成年份', '如 2015 或 2015年，也可填写日期。'],
  [AREA_SHEET, '类型', `必填：${labels(KIND_OPTIONS).join('或')}。`],
  [FACILITY_SHEET, '设施编号', '系统编号。新增设施留空；修改已有设施时保留导出的编号。'],
  [FACILITY_SHEET, '设施名称', '必填，不超过 100 字。'],
  [FACILITY_SHEET, '设施类型', `必填：${labels(TYPE_OPTIONS).join('、')}。`],
  [
    FACILITY_SHEET,
    '服务小区',
    '必填：一个或多个小区编号或小区名称，用“、”分隔；本表新增的小区填名称。',
  ],
  [
    FACILITY_SHEET,
    '建筑面积(㎡)、占地面积(㎡)',
    '数字，单位平方米，可写作 350、350㎡ 或 350平方米。',
  ],
  [FACILITY_SHEET, '产权归属', `${labels(OWNERSHIP_OPTIONS).join('、')}。`],
  [FACILITY_SHEET, '规划、建设、移交、使用状态', '从下拉列表选择；对应的说明不超过 500 字。'],
  [FACILITY_SHEET, '更新时间', '导出时填写，导入时忽略。'],
];

/**
 * Streams the ledger workbook (P3 台账) — sheets 小区 and 设施 with ids, so that an edited
 * export imported again updates the same records — then 填表说明. `out` must be consumed.
 */
export async function writeLedgerWorkbook(
  out: Writable,
  records: { areas: Records<AreaExportRecord>; facilities: Records<FacilityExportRecord> },
): Promise<{ rows: number }> {
  const columns = <K extends string>(list: readonly LedgerColumn<K>[]): WriteColumn[] =>
    list.map(({ header, width, choices, numFmt, required }) => ({
      header,
      width,
      choices,
      numFmt,
      required,
    }));
  return writeWorkbook(out, [
    { name: AREA_SHEET, columns: columns(AREA_COLUMNS), rows: mapRecords(records.areas, areaRow) },
    {
      name: FACILITY_SHEET,
      columns: columns(FACILITY_COLUMNS),
      rows: mapRecords(records.facilities, facilityRow),
    },
    {
      name: INSTRUCTIONS_SHEET,
      columns: [
        { header: '工作表', width: 10 },
        { header: '列', width: 26 },
        { header: '填写要求', width: 90 },
      ],
      rows: INSTRUCTIONS,
      blankRows: 0,
    },
  ]);
}

/** The empty import template: the same workbook with no records. */
export async function writeLedgerTemplate(out: Writable): Promise<void> {
  await writeLedgerWorkbook(out, { areas: [], facilities: [] });
}
