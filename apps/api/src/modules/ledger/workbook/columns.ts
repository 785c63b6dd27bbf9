import {
  AREA_KIND_NAMES,
  type COORD_SYSTEM_CODES,
  FACILITY_TYPES,
  OWNERSHIP_NAMES,
  STAGE_NAMES,
  STAGE_STATUSES,
  STAGE_STATUS_NAMES,
  type AreaKind,
  type ConstructionStatus,
  type Facility,
  type FacilityTypeCode,
  type HandoverStatus,
  type Ownership,
  type PlanningStatus,
  type ResidentialArea,
  type Stage,
  type UseStatus,
} from '@zibo/shared';
import { createEnumNormaliser, type EnumOption } from '../../../platform/excel/cells.ts';
import { type SheetSpec } from '../../../platform/excel/reader.ts';
import { type WriteColumn } from '../../../platform/excel/writer.ts';

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

export type Records<T> = Iterable<T> | AsyncIterable<T>;

/** Separators between the areas of 服务小区 (not inside brackets). */
export const AREA_REF_SEPARATORS = new Set(['、', ',', '，', ';', '；', '\n', '\r']);

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
export const COORD_LABEL: Record<CoordSystemCode, string> = {
  wgs84: 'WGS-84',
  gcj02: 'GCJ-02',
  bd09: 'BD-09',
};

export const KIND_OPTIONS: EnumOption<AreaKind>[] = [
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
export const TYPE_OPTIONS: EnumOption<FacilityTypeCode>[] = FACILITY_TYPES.map((t) => ({
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
export const OWNERSHIP_OPTIONS: EnumOption<Ownership>[] = (
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

export const normaliseCoordSystem = createEnumNormaliser(COORD_OPTIONS);
export const normaliseKind = createEnumNormaliser(KIND_OPTIONS);
export const normaliseType = createEnumNormaliser(TYPE_OPTIONS);
export const normaliseOwnership = createEnumNormaliser(OWNERSHIP_OPTIONS);
export const normaliseStatus = {
  planning: createEnumNormaliser(STATUS_OPTIONS.planning),
  construction: createEnumNormaliser(STATUS_OPTIONS.construction),
  handover: createEnumNormaliser(STATUS_OPTIONS.handover),
  use: createEnumNormaliser(STATUS_OPTIONS.use),
};

export const labels = <T extends string>(options: EnumOption<T>[]) => options.map((o) => o.label);

// ─── columns ───────────────────────────────────────────────────────────────────────────────

export interface LedgerColumn<K extends string> extends WriteColumn {
  key: K;
  synonyms?: readonly string[];
  /** The header must be present for the sheet to be read. */
  requiredHeader?: boolean;
  mergeable?: boolean;
  /** Written by exports, never read (序号, 更新时间). */
  writeOnly?: boolean;
}

export type AreaKey =
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

export const AREA_COLUMNS: readonly LedgerColumn<AreaKey>[] = [
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

export type StageKey = `${Stage}Status` | `${Stage}Note`;
export type FacilityKey =
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

export const FACILITY_COLUMNS: readonly LedgerColumn<FacilityKey>[] = [
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

export const AREA_SPEC = readSpec(
  AREA_SHEET,
  ['小区台账', '居住小区', '小区信息', '小区清单'],
  AREA_COLUMNS,
);
export const FACILITY_SPEC = readSpec(
  FACILITY_SHEET,
  ['设施台账', '配套设施', '设施信息', '设施清单', '社区配套设施'],
  FACILITY_COLUMNS,
);
