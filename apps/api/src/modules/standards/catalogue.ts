import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AREA_KINDS,
  INFORMATIONAL_KIND_NAMES,
  METRIC_INFO,
  categoryOfFacilityType,
  type AmountAlternative,
  type AreaKind,
  type CategoryCode,
  type EvaluableMetric,
  type FacilityTypeCode,
  type InformationalKind,
  type Jurisdiction,
  type LifeCircle,
  type StandardRule,
  type StandardRuleInput,
  standardRuleInput,
} from '@zibo/shared';
import { citationOf, unitZh } from './citations.ts';

/** P3: the initial catalogue the lead departments start from (copied from shared/data/standards). */
export const STANDARDS_CSV_PATH = fileURLToPath(
  new URL('../../../reference/standards/standards.csv', import.meta.url),
);

const HEADER = [
  'code',
  'category',
  'facility_type_zh',
  'facility_type_en',
  'life_circle',
  'metric',
  'value',
  'unit',
  'applies_to',
  'source',
  'clause',
  'verified(yes/no)',
] as const;

/** One row of standards.csv, fields as written. */
export type CatalogueRow = {
  code: string;
  category: string;
  facilityTypeZh: string;
  facilityTypeEn: string;
  lifeCircle: string;
  metric: string;
  value: string;
  unit: string;
  appliesTo: string;
  source: string;
  clause: string;
  verified: boolean;
};

/**
 * RFC 4180 CSV: fields may be quoted, quoted fields may hold commas, line breaks and doubled
 * quotes. A UTF-8 byte-order mark is dropped; blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') endRow();
    else if (ch === '\r') {
      if (text[i + 1] !== '\n') endRow();
    } else field += ch;
    i++;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Reads standards.csv into rows, refusing a file whose header or shape is not the expected one. */
export function readCatalogueRows(path = STANDARDS_CSV_PATH): CatalogueRow[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path, 'utf8'));
  if (header?.join(',') !== HEADER.join(',')) throw new Error('standards.csv: unexpected header');
  return rows.map((r, n) => {
    if (r.length !== HEADER.length) {
      throw new Error(`standards.csv line ${n + 2}: ${r.length} fields, expected ${HEADER.length}`);
    }
    const [code, category, zh, en, lifeCircle, metric, value, unit, appliesTo, source, clause, v] =
      r as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
    if (v !== 'yes' && v !== 'no')
      throw new Error(`standards.csv ${code}: verified must be yes/no`);
    return {
      code,
      category,
      facilityTypeZh: zh,
      facilityTypeEn: en,
      lifeCircle,
      metric,
      value,
      unit,
      appliesTo,
      source,
      clause,
      verified: v === 'yes',
    };
  });
}

const CSV_CATEGORY: Record<string, CategoryCode | null> = {
  general: null,
  community_service_rooms: 'community_service',
  elderly_care: 'elderly_care',
  education: 'education',
  sports_fitness: 'sports',
  community_health: 'health',
  convenience_commerce: 'commerce',
};

const BOTH: AreaKind[] = ['new', 'existing'];
const NEW: AreaKind[] = ['new'];

type Evaluable = {
  facilityType: FacilityTypeCode;
  metric: Exclude<EvaluableMetric, 'any_of'>;
  value: number;
  countedTypes?: FacilityTypeCode[];
  areaKinds: AreaKind[];
  minPopulation?: number;
  scope: string;
  note?: string;
  derivedFrom?: string[];
};

type Mapping = {
  jurisdiction: Jurisdiction;
  issuedOn: string | null;
  lifeCircle?: LifeCircle;
} & (
  | { rule: Evaluable }
  | { info: InformationalKind; facilityType?: FacilityTypeCode; note?: string }
  | {
      anyOf: AmountAlternative[];
      facilityType: FacilityTypeCode;
      areaKinds: AreaKind[];
      scope: string;
      joins?: string[];
      note?: string;
    }
  | { joinedInto: string }
);

const GB50180 = { jurisdiction: 'national', issuedOn: '2018' } as const;
const COMPLETE_COMMUNITY = { jurisdiction: 'national', issuedOn: '2020-08' } as const;
/** 山东省人民政府办公厅《关于城镇居住区配套教育设施规划建设的意见》(2018). */
const SHANDONG_EDUCATION_2018 = { jurisdiction: 'shandong', issuedOn: '2018' } as const;
/** GB 50180 sets planning-control figures; P2 checks existing areas against the same national figures. */
const GB50180_SCOPE = '新建居住区规划控制指标；既有小区按同一标准排查缺口';
const FITNESS_TYPES: FacilityTypeCode[] = ['fitness_site', 'sports_venue'];

/**
 * The reviewed mapping from each catalogue row to a structured rule or an informational entry.
 * Figures are taken from the row's value (the lower bound of a range, since rules state
 * minimums); the row's verified flag is kept as written. Jurisdiction follows the source:
 * national documents, Shandong provincial ones, and comparators (other provinces and cities,
 * including Shandong cities other than Zibo).
 */
export const CATALOGUE_MAPPING: Readonly<Record<string, Mapping>> = {
  // Life-circle tiers and the GB 50180 totals: definitions and all-facility totals.
  'GEN-001': { ...GB50180, lifeCircle: '15min', info: 'tier_definition' },
  'GEN-002': { ...GB50180, lifeCircle: '15min', info: 'tier_definition' },
  'GEN-003': { ...GB50180, lifeCircle: '15min', info: 'tier_definition' },
  'GEN-004': { ...GB50180, lifeCircle: '10min', info: 'tier_definition' },
  'GEN-005': { ...GB50180, lifeCircle: '10min', info: 'tier_definition' },
  'GEN-006': { ...GB50180, lifeCircle: '10min', info: 'tier_definition' },
  'GEN-007': { ...GB50180, lifeCircle: '10min', info: 'tier_definition' },
  'GEN-008': { ...GB50180, lifeCircle: '5min', info: 'tier_definition' },
  'GEN-009': { ...GB50180, lifeCircle: '5min', info: 'tier_definition' },
  'GEN-010': { ...GB50180, lifeCircle: '5min', info: 'tier_definition' },
  'GEN-011': { ...GB50180, lifeCircle: 'block', info: 'tier_definition' },
  'GEN-012': { ...GB50180, lifeCircle: 'block', info: 'tier_definition' },
  ...Object.fromEntries(
    (
      [
        ['GEN-020', '15min'],
        ['GEN-021', '15min'],
        ['GEN-022', '10min'],
        ['GEN-023', '10min'],
        ['GEN-024', '5min'],
        ['GEN-025', '5min'],
        ['GEN-026', 'block'],
        ['GEN-027', 'block'],
      ] as const
    ).map(([code, lifeCircle]) => [
      code,
      {
        ...GB50180,
        lifeCircle,
        info: 'not_measurable',
        note: '配套设施总指标，涵盖台账未采集的设施类型',
      } satisfies Mapping,
    ]),
  ),

  // 社区用房 community service rooms.
  'CMS-001': {
    ...COMPLETE_COMMUNITY,
    rule: {
      facilityType: 'community_service_room',
      metric: 'min_floor_area_per_site',
      value: 800,
      areaKinds: BOTH,
      scope: '完整居住社区（新建和既有）',
      note: '原文为“以800平方米为宜”，属推荐值',
    },
  },
  'CMS-002': {
    jurisdiction: 'national',
    issuedOn: '2024-01',
    rule: {
      facilityType: 'community_service_room',
      metric: 'min_floor_area_per_site',
      value: 600,
      areaKinds: BOTH,
      scope: '城市社区嵌入式服务设施',
      note: '一般不低于600平方米，有条件的不低于800平方米',
    },
  },
  'CMS-003': {
    jurisdiction: 'national',
    issuedOn: '2024-01',
    info: 'not_measurable',
    facilityType: 'community_service_room',
  },
  'CMS-004': {
    jurisdiction: 'national',
    issuedOn: '2024-01',
    rule: {
      facilityType: 'community_service_room',
      metric: 'floor_area_per_100_households',
      value: 30,
      areaKinds: BOTH,
      scope: '所有社区',
      note: '平均每百户不低于30平方米；有条件的可按每百户80平方米配置',
    },
  },
  'CMS-005': {
    jurisdiction: 'national',
    issuedOn: '2022-02',
    info: 'duplicate',
    facilityType: 'community_service_room',
    note: '与 CMS-004 数值相同（每百户30平方米）',
  },
  'CMS-006': {
    jurisdiction: 'national',
    issuedOn: '2025-09',
    info: 'duplicate',
    facilityType: 'community_service_room',
    note: '与 CMS-004 数值相同（每百户30平方米）',
  },
  'CMS-007': {
    jurisdiction: 'shandong',
    issuedOn: '2006',
    rule: {
      facilityType: 'community_service_room',
      metric: 'min_floor_area_per_site',
      value: 300,
      areaKinds: NEW,
      scope: '山东省新建住宅区和旧区连片改造居民区',
    },
  },
  'CMS-008': {
    jurisdiction: 'shandong',
    issuedOn: '2006',
    rule: {
      facilityType: 'community_service_room',
      metric: 'min_floor_area_per_site',
      value: 150,
      areaKinds: ['existing'],
      scope: '山东省老城区',
    },
  },
  'CMS-009': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    facilityType: 'community_service_room',
    note: '德州市规定，非淄博',
  },
  'CMS-010': {
    jurisdiction: 'comparator',
    issuedOn: '2022',
    info: 'comparator',
    facilityType: 'community_service_room',
  },
  'CMS-011': {
    jurisdiction: 'comparator',
    issuedOn: '2023',
    info: 'comparator',
    facilityType: 'community_service_room',
  },
  'CMS-012': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    facilityType: 'community_service_room',
    note: '发文地区不详',
  },
  'CMS-013': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    facilityType: 'community_service_room',
    note: '济南市验收要求（程序性），非淄博',
  },
  'CMS-020': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'community_service_room',
      metric: 'min_floor_area_per_site',
      value: 600,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '取区间600–1000平方米的下限',
    },
  },
  'CMS-021': {
    ...GB50180,
    lifeCircle: '5min',
    info: 'not_measurable',
    facilityType: 'community_service_room',
    note: '社区服务站多为配建，无独立用地，用地面积仅作参考',
  },
  'CMS-022': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'community_service_room',
      metric: 'service_radius',
      value: 300,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
    },
  },
  'CMS-023': {
    ...GB50180,
    lifeCircle: '15min',
    info: 'other_facility',
    note: '街道级社区服务中心，不属于社区用房',
  },

  // 养老 elderly care.
  'ELD-001': {
    jurisdiction: 'shandong',
    issuedOn: '2020-03-26',
    rule: {
      facilityType: 'elderly_service_station',
      metric: 'floor_area_per_100_households',
      value: 20,
      countedTypes: ['elderly_service_station', 'elderly_day_care'],
      areaKinds: NEW,
      scope: '山东省城镇新建居住区',
      note: '社区养老服务设施合计，含日间照料中心',
    },
  },
  'ELD-002': {
    jurisdiction: 'shandong',
    issuedOn: '2022',
    info: 'duplicate',
    facilityType: 'elderly_service_station',
    note: '规划条件中的同一指标（每百户20平方米），与 ELD-001 相同',
  },
  'ELD-003': {
    jurisdiction: 'shandong',
    issuedOn: '2022',
    info: 'procedural',
    facilityType: 'elderly_service_station',
  },
  'ELD-004': {
    jurisdiction: 'shandong',
    issuedOn: '2022',
    info: 'procedural',
    facilityType: 'elderly_service_station',
  },
  'ELD-005': { jurisdiction: 'shandong', issuedOn: '2014', info: 'city_level' },
  'ELD-006': { jurisdiction: 'national', issuedOn: '2013', info: 'city_level' },
  'ELD-007': {
    ...COMPLETE_COMMUNITY,
    rule: {
      facilityType: 'elderly_day_care',
      metric: 'min_floor_area_per_site',
      value: 350,
      areaKinds: BOTH,
      scope: '完整居住社区（有条件的建设）',
    },
  },
  'ELD-008': {
    ...COMPLETE_COMMUNITY,
    info: 'not_measurable',
    facilityType: 'elderly_service_station',
    note: '与社区综合服务站合建，台账未采集',
  },
  'ELD-009': {
    jurisdiction: 'national',
    issuedOn: '2018',
    info: 'other_facility',
    note: '养老院、老年养护院',
  },
  'ELD-010': {
    jurisdiction: 'national',
    issuedOn: '2018',
    info: 'other_facility',
    note: '养老院、老年养护院',
  },
  'ELD-011': {
    jurisdiction: 'national',
    issuedOn: '2018',
    info: 'other_facility',
    note: '养老院、老年养护院',
  },
  'ELD-012': {
    jurisdiction: 'national',
    issuedOn: '2018',
    info: 'other_facility',
    note: '养老院、老年养护院',
  },
  'ELD-013': {
    jurisdiction: 'comparator',
    issuedOn: '2022-07-20',
    info: 'comparator',
    facilityType: 'elderly_service_station',
  },
  'ELD-014': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    facilityType: 'elderly_service_station',
  },
  'ELD-015': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    facilityType: 'elderly_service_station',
  },
  'ELD-016': {
    jurisdiction: 'comparator',
    issuedOn: '2023',
    info: 'comparator',
    facilityType: 'elderly_service_station',
  },
  'ELD-020': {
    jurisdiction: 'national',
    issuedOn: '2010',
    info: 'catchment_level',
    facilityType: 'elderly_day_care',
    note: '日间照料中心的建设规模分级（建设标准），不是按小区核算的配建要求',
  },
  'ELD-021': {
    jurisdiction: 'national',
    issuedOn: '2010',
    info: 'catchment_level',
    facilityType: 'elderly_day_care',
    note: '日间照料中心的建设规模分级（建设标准），不是按小区核算的配建要求',
  },
  'ELD-022': {
    jurisdiction: 'national',
    issuedOn: '2010',
    info: 'catchment_level',
    facilityType: 'elderly_day_care',
    note: '日间照料中心的建设规模分级（建设标准），不是按小区核算的配建要求',
  },
  'ELD-023': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'elderly_day_care',
      metric: 'min_floor_area_per_site',
      value: 350,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '取区间350–750平方米的下限',
    },
  },
  'ELD-024': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'elderly_day_care',
      metric: 'service_radius',
      value: 300,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
    },
  },

  // 教育 education.
  'EDU-001': {
    ...COMPLETE_COMMUNITY,
    info: 'not_measurable',
    facilityType: 'kindergarten',
    note: '班数，台账未采集',
  },
  'EDU-002': {
    ...COMPLETE_COMMUNITY,
    rule: {
      facilityType: 'kindergarten',
      metric: 'min_floor_area_per_site',
      value: 2200,
      areaKinds: BOTH,
      scope: '完整居住社区（新建和既有）',
    },
  },
  'EDU-003': {
    ...COMPLETE_COMMUNITY,
    rule: {
      facilityType: 'kindergarten',
      metric: 'min_site_area_per_site',
      value: 3500,
      areaKinds: BOTH,
      scope: '完整居住社区（新建和既有）',
    },
  },
  'EDU-004': { ...COMPLETE_COMMUNITY, info: 'other_facility', note: '托儿所' },
  'EDU-005': {
    jurisdiction: 'national',
    issuedOn: '2019-01',
    info: 'procedural',
    facilityType: 'kindergarten',
  },
  'EDU-006': {
    jurisdiction: 'national',
    issuedOn: '2019-01',
    info: 'procedural',
    facilityType: 'kindergarten',
  },
  'EDU-007': {
    jurisdiction: 'national',
    issuedOn: '2019-01',
    info: 'procedural',
    facilityType: 'kindergarten',
  },
  'EDU-008': {
    jurisdiction: 'comparator',
    issuedOn: '2019',
    info: 'comparator',
    facilityType: 'kindergarten',
  },
  'EDU-009': {
    jurisdiction: 'comparator',
    issuedOn: '2024',
    info: 'comparator',
    facilityType: 'kindergarten',
    note: '外地政策问答（程序性）',
  },
  'EDU-010': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    facilityType: 'kindergarten',
  },
  'EDU-011': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    facilityType: 'kindergarten',
  },
  'EDU-020': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '5min',
    rule: {
      facilityType: 'kindergarten',
      metric: 'service_radius',
      value: 300,
      areaKinds: BOTH,
      scope: '山东省城镇居住区（原则上）',
      note: 'GB 50180-2018 附录C 规定相同的服务半径',
    },
  },
  'EDU-021': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '10min',
    rule: {
      facilityType: 'primary_school',
      metric: 'service_radius',
      value: 500,
      areaKinds: BOTH,
      scope: '山东省城镇居住区（原则上）',
      note: 'GB 50180-2018 附录C 规定相同的服务半径',
    },
  },
  'EDU-022': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '15min',
    rule: {
      facilityType: 'middle_school',
      metric: 'service_radius',
      value: 1000,
      areaKinds: BOTH,
      scope: '山东省城镇居住区（原则上）',
      note: 'GB 50180-2018 附录C 规定相同的服务半径',
    },
  },
  'EDU-023': { ...GB50180, lifeCircle: '5min', info: 'other_facility', note: '托儿所' },
  'EDU-024': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '5min',
    info: 'not_measurable',
    facilityType: 'kindergarten',
    note: '幼儿园办园规模不超过12个班；台账未采集班数',
  },
  'EDU-025': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '10min',
    info: 'not_measurable',
    facilityType: 'primary_school',
    note: '小学办学规模不超过36个班；台账未采集班数',
  },
  'EDU-026': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '15min',
    info: 'not_measurable',
    facilityType: 'middle_school',
    note: '初中办学规模不超过36个班；台账未采集班数',
  },
  'EDU-027': {
    ...SHANDONG_EDUCATION_2018,
    info: 'other_facility',
    note: '九年一贯制学校办学规模不超过45个班',
  },
  'EDU-028': {
    ...SHANDONG_EDUCATION_2018,
    info: 'other_facility',
    note: '普通高中办学规模不超过60个班',
  },
  'EDU-029': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '5min',
    info: 'not_measurable',
    facilityType: 'kindergarten',
    note: '幼儿园班额不超过30人；台账未采集班额',
  },
  'EDU-030': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '10min',
    info: 'not_measurable',
    facilityType: 'primary_school',
    note: '小学班额不超过45人；台账未采集班额',
  },
  'EDU-031': {
    ...SHANDONG_EDUCATION_2018,
    lifeCircle: '15min',
    info: 'not_measurable',
    facilityType: 'middle_school',
    note: '中学班额不超过50人；台账未采集班额',
  },
  'EDU-032': {
    jurisdiction: 'national',
    issuedOn: '2016',
    info: 'not_measurable',
    facilityType: 'kindergarten',
    note: '幼儿园规模按班数分级：小型1–4班，中型5–9班，大型10–12班；台账未采集班数',
  },
  'EDU-033': {
    ...GB50180,
    lifeCircle: '5min',
    info: 'not_measurable',
    facilityType: 'kindergarten',
    note: '单处建筑面积3150–4550平方米，随办园班数而定；台账未采集班数',
  },

  // 体育 sports and fitness.
  'SPT-001': {
    jurisdiction: 'national',
    issuedOn: '2022-03',
    facilityType: 'fitness_site',
    areaKinds: NEW,
    scope: '新建居住区',
    joins: ['SPT-002'],
    anyOf: [
      { code: 'SPT-001', metric: 'floor_area_per_person', value: 0.1, countedTypes: FITNESS_TYPES },
      { code: 'SPT-002', metric: 'site_area_per_person', value: 0.3, countedTypes: FITNESS_TYPES },
    ],
    note: '室内人均建筑面积不低于0.1平方米或室外人均用地不低于0.3平方米，二者满足其一',
  },
  'SPT-002': { jurisdiction: 'national', issuedOn: '2022-03', joinedInto: 'SPT-001' },
  'SPT-003': {
    jurisdiction: 'national',
    issuedOn: '2022-03',
    info: 'procedural',
    facilityType: 'fitness_site',
  },
  'SPT-004': {
    jurisdiction: 'national',
    issuedOn: '2016-06',
    facilityType: 'fitness_site',
    areaKinds: NEW,
    scope: '新建居住区和社区',
    anyOf: [
      { code: null, metric: 'floor_area_per_person', value: 0.1, countedTypes: FITNESS_TYPES },
      { code: null, metric: 'site_area_per_person', value: 0.3, countedTypes: FITNESS_TYPES },
    ],
    note: '室内人均建筑面积0.1平方米或室外人均用地0.3平方米，二者满足其一',
  },
  'SPT-005': { jurisdiction: 'national', issuedOn: '2022-03', info: 'city_level' },
  'SPT-006': {
    ...COMPLETE_COMMUNITY,
    rule: {
      facilityType: 'fitness_site',
      metric: 'min_site_area_per_site',
      value: 150,
      areaKinds: BOTH,
      scope: '完整居住社区（公共活动场地含室外综合健身场地）',
    },
  },
  'SPT-007': {
    jurisdiction: 'national',
    issuedOn: '2005',
    info: 'duplicate',
    facilityType: 'fitness_site',
    note: '下限与 SPT-004 相同，出处待核实',
  },
  'SPT-020': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'sports_venue',
      metric: 'min_site_area_per_site',
      value: 770,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '小型多功能运动（球类）场地，取区间770–1310平方米的下限',
    },
  },
  'SPT-021': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'fitness_site',
      metric: 'min_site_area_per_site',
      value: 150,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '取区间150–750平方米的下限',
    },
  },
  'SPT-022': {
    ...GB50180,
    lifeCircle: '10min',
    info: 'catchment_level',
    facilityType: 'sports_venue',
    note: '十分钟生活圈层级场地',
  },
  'SPT-023': {
    ...GB50180,
    lifeCircle: '15min',
    info: 'catchment_level',
    facilityType: 'sports_venue',
    note: '十五分钟生活圈层级场地',
  },
  'SPT-024': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'sports_venue',
      metric: 'service_radius',
      value: 300,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '小型多功能运动（球类）场地',
    },
  },
  'SPT-025': {
    ...GB50180,
    lifeCircle: '10min',
    info: 'catchment_level',
    facilityType: 'sports_venue',
    note: '中型多功能运动场地服务半径不大于500米（十分钟生活圈层级）',
  },
  'SPT-026': {
    ...GB50180,
    lifeCircle: '15min',
    info: 'catchment_level',
    facilityType: 'sports_venue',
    note: '大型多功能运动场地服务半径不大于1000米（十五分钟生活圈层级）',
  },

  // 卫生 health.
  'HLT-001': {
    jurisdiction: 'national',
    issuedOn: '2006',
    rule: {
      facilityType: 'health_centre',
      metric: 'min_floor_area_per_site',
      value: 1000,
      areaKinds: BOTH,
      scope: '每个社区卫生服务中心',
    },
  },
  'HLT-002': {
    jurisdiction: 'national',
    issuedOn: '2006',
    info: 'not_measurable',
    facilityType: 'health_centre',
    note: '床位数，台账未采集',
  },
  'HLT-003': {
    jurisdiction: 'national',
    issuedOn: '2006',
    info: 'not_measurable',
    facilityType: 'health_centre',
    note: '床位数，台账未采集',
  },
  'HLT-004': {
    jurisdiction: 'national',
    issuedOn: '2006',
    info: 'not_measurable',
    facilityType: 'health_centre',
    note: '人员配备，台账未采集',
  },
  'HLT-005': {
    jurisdiction: 'national',
    issuedOn: '2006',
    rule: {
      facilityType: 'health_station',
      metric: 'min_floor_area_per_site',
      value: 150,
      areaKinds: BOTH,
      scope: '每个社区卫生服务站',
    },
  },
  'HLT-006': {
    jurisdiction: 'national',
    issuedOn: '2006',
    info: 'not_measurable',
    facilityType: 'health_station',
    note: '人员、床位，台账未采集',
  },
  'HLT-007': {
    jurisdiction: 'national',
    issuedOn: '2009',
    info: 'catchment_level',
    facilityType: 'health_centre',
  },
  'HLT-008': {
    jurisdiction: 'national',
    issuedOn: '2009',
    info: 'catchment_level',
    facilityType: 'health_centre',
  },
  'HLT-009': {
    jurisdiction: 'national',
    issuedOn: '2009',
    info: 'catchment_level',
    facilityType: 'health_centre',
  },
  'HLT-010': {
    jurisdiction: 'national',
    issuedOn: '2009',
    info: 'not_measurable',
    facilityType: 'health_centre',
    note: '床位数，台账未采集',
  },
  'HLT-011': {
    jurisdiction: 'national',
    issuedOn: '2009',
    rule: {
      facilityType: 'health_station',
      metric: 'min_floor_area_per_site',
      value: 150,
      areaKinds: BOTH,
      scope: '社区卫生服务机构建设规划',
    },
  },
  'HLT-012': {
    jurisdiction: 'national',
    issuedOn: '2000',
    rule: {
      facilityType: 'health_centre',
      metric: 'population_per_site',
      value: 50_000,
      minPopulation: 30_000,
      areaKinds: BOTH,
      scope: '服务人口达3万人及以上',
      note: '每个中心服务3万–5万人：人口达3万起须设置，每5万人一处',
    },
  },
  'HLT-013': {
    ...COMPLETE_COMMUNITY,
    rule: {
      facilityType: 'health_station',
      metric: 'min_floor_area_per_site',
      value: 120,
      areaKinds: BOTH,
      scope: '完整居住社区（新建和既有）',
    },
  },
  'HLT-014': {
    jurisdiction: 'national',
    issuedOn: '2006',
    rule: {
      facilityType: 'health_centre',
      metric: 'population_per_site',
      value: 100_000,
      minPopulation: 30_000,
      areaKinds: BOTH,
      scope: '服务人口达3万人及以上',
      note: '每个中心服务3万–10万人（或每个街道一所）',
    },
  },
  'HLT-023': {
    ...GB50180,
    lifeCircle: '15min',
    info: 'catchment_level',
    facilityType: 'health_centre',
    note: '服务半径不大于1000米；十五分钟生活圈层级设施，按街道或服务人口（HLT-012/HLT-014）设置，不按单个小区核算',
  },
  'HLT-020': {
    ...GB50180,
    lifeCircle: '15min',
    rule: {
      facilityType: 'health_centre',
      metric: 'min_floor_area_per_site',
      value: 1700,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '取区间1700–2000平方米的下限',
    },
  },
  'HLT-021': {
    ...GB50180,
    lifeCircle: '15min',
    rule: {
      facilityType: 'health_centre',
      metric: 'min_site_area_per_site',
      value: 1420,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '取区间1420–2860平方米的下限',
    },
  },
  'HLT-022': {
    ...GB50180,
    lifeCircle: '5min',
    rule: {
      facilityType: 'health_station',
      metric: 'min_floor_area_per_site',
      value: 120,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '取区间120–270平方米的下限',
    },
  },

  // 商业 commerce.
  'COM-001': {
    ...COMPLETE_COMMUNITY,
    info: 'other_facility',
    note: '综合超市，不属于便民市场或便利店',
  },
  'COM-002': {
    jurisdiction: 'national',
    issuedOn: '2021-07-20',
    lifeCircle: '15min',
    info: 'tier_definition',
  },
  'COM-003': {
    jurisdiction: 'national',
    issuedOn: '2021-07-20',
    lifeCircle: '15min',
    info: 'not_measurable',
    note: '业态清单，台账未采集',
  },
  'COM-004': {
    jurisdiction: 'national',
    issuedOn: '2021',
    lifeCircle: '5min',
    rule: {
      facilityType: 'convenience_store',
      metric: 'service_radius',
      value: 300,
      areaKinds: BOTH,
      scope: '一刻钟便民生活圈',
      note: '“步行5分钟可达”按 GB 50180-2018 五分钟生活圈步行距离300米折算（GEN-008）',
      derivedFrom: ['GEN-008'],
    },
  },
  'COM-005': {
    jurisdiction: 'national',
    issuedOn: '2021',
    info: 'not_measurable',
    facilityType: 'convenience_market',
    note: '步行8分钟可达，需步行路网距离；便民市场服务半径按 COM-021 核算',
  },
  'COM-006': {
    jurisdiction: 'national',
    issuedOn: '2021',
    lifeCircle: '15min',
    info: 'other_facility',
    note: '大中型超市',
  },
  'COM-007': {
    jurisdiction: 'comparator',
    issuedOn: null,
    info: 'comparator',
    note: '发文地区不详',
  },
  'COM-008': {
    jurisdiction: 'national',
    issuedOn: null,
    info: 'not_measurable',
    note: '社区商业总面积，台账仅采集便民市场和便利店',
  },
  'COM-020': {
    ...GB50180,
    lifeCircle: '10min',
    rule: {
      facilityType: 'convenience_market',
      metric: 'min_floor_area_per_site',
      value: 750,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
      note: '菜市场或生鲜超市，取750–1500平方米的下限',
    },
  },
  'COM-021': {
    ...GB50180,
    lifeCircle: '10min',
    rule: {
      facilityType: 'convenience_market',
      metric: 'service_radius',
      value: 500,
      areaKinds: BOTH,
      scope: GB50180_SCOPE,
    },
  },
};

function originOf(rows: readonly CatalogueRow[]): NonNullable<StandardRule['origin']> {
  const join = (pick: (r: CatalogueRow) => string) => [...new Set(rows.map(pick))].join(' | ');
  return {
    facilityName: join((r) => `${r.facilityTypeZh} / ${r.facilityTypeEn}`),
    lifeCircle: join((r) => r.lifeCircle),
    metric: join((r) => r.metric),
    value: join((r) => r.value),
    unit: join((r) => r.unit),
    appliesTo: join((r) => r.appliesTo),
  };
}

function appliesToOf(kinds: readonly AreaKind[], description: string, minPopulation?: number) {
  return {
    areaKinds: AREA_KINDS.filter((k) => kinds.includes(k)),
    minHouseholds: null,
    maxHouseholds: null,
    minPopulation: minPopulation ?? null,
    maxPopulation: null,
    description,
  };
}

/**
 * Normalises the catalogue rows through CATALOGUE_MAPPING into rules (version 1, id = code).
 * Fails when a row has no mapping or a mapping has no row, so the two cannot drift apart.
 */
export function buildCatalogue(rows: readonly CatalogueRow[]): StandardRule[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const code of Object.keys(CATALOGUE_MAPPING)) {
    if (!byCode.has(code)) throw new Error(`standards mapping: ${code} is not in the catalogue`);
  }
  const rules: StandardRule[] = [];
  for (const row of rows) {
    const m = CATALOGUE_MAPPING[row.code];
    if (!m) throw new Error(`standards mapping: no entry for ${row.code}`);
    if ('joinedInto' in m) continue;
    const base = {
      version: 1,
      jurisdiction: m.jurisdiction,
      lifeCircle: m.lifeCircle ?? null,
      active: true,
      ...citationOf(row),
      issuedOn: m.issuedOn,
    };
    if ('rule' in m) {
      const r = m.rule;
      rules.push({
        ...base,
        id: row.code,
        code: row.code,
        catalogueCodes: [row.code],
        category: categoryOfFacilityType(r.facilityType),
        facilityType: r.facilityType,
        countedTypes: r.countedTypes ?? [r.facilityType],
        metric: r.metric,
        value: r.value,
        unit: METRIC_INFO[r.metric].unit,
        anyOf: null,
        appliesTo: appliesToOf(r.areaKinds, r.scope, r.minPopulation),
        informational: false,
        informationalKind: null,
        verified: row.verified,
        note: r.note ?? null,
        derivedFrom: r.derivedFrom ?? [],
        origin: originOf([row]),
      });
    } else if ('anyOf' in m) {
      const joined = [row, ...(m.joins ?? []).map((c) => byCode.get(c))].filter(
        (r): r is CatalogueRow => r !== undefined,
      );
      const codes = joined.map((r) => r.code);
      rules.push({
        ...base,
        id: codes.join('+'),
        code: codes.join('/'),
        catalogueCodes: codes,
        category: categoryOfFacilityType(m.facilityType),
        facilityType: m.facilityType,
        countedTypes: [...new Set(m.anyOf.flatMap((a) => a.countedTypes))],
        metric: 'any_of',
        value: null,
        unit: METRIC_INFO.any_of.unit,
        anyOf: m.anyOf,
        appliesTo: appliesToOf(m.areaKinds, m.scope),
        informational: false,
        informationalKind: null,
        // A joined rule is only as verified as its least verified row.
        verified: joined.every((r) => r.verified),
        note: m.note ?? null,
        derivedFrom: [],
        origin: originOf(joined),
      });
    } else {
      rules.push({
        ...base,
        id: row.code,
        code: row.code,
        catalogueCodes: [row.code],
        category: m.facilityType
          ? categoryOfFacilityType(m.facilityType)
          : (CSV_CATEGORY[row.category] ?? null),
        facilityType: m.facilityType ?? null,
        countedTypes: [],
        metric: 'informational',
        value: null,
        unit: unitZh(row.unit),
        anyOf: null,
        appliesTo: appliesToOf(AREA_KINDS, INFORMATIONAL_KIND_NAMES[m.info]),
        informational: true,
        informationalKind: m.info,
        verified: row.verified,
        note: m.note ?? null,
        derivedFrom: [],
        origin: originOf([row]),
      });
    }
  }
  return rules;
}

/** The standards catalogue as rules, read from the reference CSV. */
export function loadStandardsCatalogue(path = STANDARDS_CSV_PATH): StandardRule[] {
  return buildCatalogue(readCatalogueRows(path));
}

/**
 * Turns a department's validated input into a rule (a new version of `id`, or a new rule).
 * Storage assigns the id and version; the input's own checks are in standardRuleInput.
 */
export function buildRuleFromInput(
  input: StandardRuleInput,
  meta: { id: string; version: number; code?: string },
): StandardRule {
  const v = standardRuleInput.parse(input);
  const anyOf =
    v.metric === 'any_of' && v.anyOf
      ? v.anyOf.map((a) => ({
          code: a.code ?? null,
          metric: a.metric,
          value: a.value,
          countedTypes: a.countedTypes,
        }))
      : null;
  return {
    id: meta.id,
    version: meta.version,
    code: meta.code ?? meta.id,
    catalogueCodes: [],
    category: categoryOfFacilityType(v.facilityType),
    facilityType: v.facilityType,
    countedTypes: anyOf
      ? [...new Set(anyOf.flatMap((a) => a.countedTypes))]
      : (v.countedTypes ?? [v.facilityType]),
    metric: v.metric,
    value: v.metric === 'any_of' ? null : (v.value ?? null),
    unit: METRIC_INFO[v.metric].unit,
    anyOf,
    appliesTo: {
      areaKinds: AREA_KINDS.filter((k) => v.appliesTo.areaKinds.includes(k)),
      minHouseholds: v.appliesTo.minHouseholds ?? null,
      maxHouseholds: v.appliesTo.maxHouseholds ?? null,
      minPopulation: v.appliesTo.minPopulation ?? null,
      maxPopulation: v.appliesTo.maxPopulation ?? null,
      description: v.appliesTo.description,
    },
    jurisdiction: v.jurisdiction,
    lifeCircle: v.lifeCircle ?? null,
    informational: false,
    informationalKind: null,
    active: v.active,
    source: v.source,
    clause: v.clause,
    researchNote: v.researchNote ?? null,
    issuedOn: v.issuedOn ?? null,
    verified: v.verified,
    note: v.note ?? null,
    derivedFrom: [],
    origin: null,
  };
}
