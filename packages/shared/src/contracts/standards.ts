import { z } from 'zod';
import { CATEGORY_CODES, FACILITY_TYPE_CODES, type FacilityTypeCode } from '../categories.ts';
import { AREA_KINDS } from './ledger.ts';
import { requiredText, text } from './common.ts';

/** Shown beside every figure whose catalogue row is not verified against the official text. */
export const UNVERIFIED_LABEL = '待核实';

/**
 * Who issued a rule. The most local applicable rule governs (Zibo over Shandong over
 * national); comparator rules (other provinces and cities) are kept for reference only.
 */
export const JURISDICTIONS = ['national', 'shandong', 'zibo', 'comparator'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];
export const JURISDICTION_NAMES: Record<Jurisdiction, string> = {
  national: '国家',
  shandong: '山东省',
  zibo: '淄博市',
  comparator: '外省市参考',
};
/** Higher governs; comparator rules never apply. */
export const JURISDICTION_RANK: Record<Jurisdiction, number> = {
  national: 0,
  shandong: 1,
  zibo: 2,
  comparator: -1,
};

/** GB 50180-2018 life circles (GLOSSARY: `5min`, `10min`, `15min`, block). */
export const LIFE_CIRCLES = ['5min', '10min', '15min', 'block'] as const;
export type LifeCircle = (typeof LIFE_CIRCLES)[number];
export const LIFE_CIRCLE_NAMES: Record<LifeCircle, string> = {
  '5min': '五分钟生活圈',
  '10min': '十分钟生活圈',
  '15min': '十五分钟生活圈',
  block: '居住街坊',
};

/**
 * What a rule measures. Amounts scale with the area's households or population; per-site
 * minimums check the size of each facility that serves the area; the service radius asks for a
 * facility within reach; population per site gives the number of sites; `any_of` is an
 * either/or of amounts (e.g. indoor 0.1 m² or outdoor 0.3 m² per person).
 */
export const RULE_METRICS = [
  'floor_area_per_100_households',
  'floor_area_per_person',
  'floor_area_per_1000_persons',
  'site_area_per_100_households',
  'site_area_per_person',
  'site_area_per_1000_persons',
  'min_floor_area_per_site',
  'min_site_area_per_site',
  'service_radius',
  'population_per_site',
  'any_of',
  'informational',
] as const;
export type RuleMetric = (typeof RULE_METRICS)[number];

export const AMOUNT_METRICS = [
  'floor_area_per_100_households',
  'floor_area_per_person',
  'floor_area_per_1000_persons',
  'site_area_per_100_households',
  'site_area_per_person',
  'site_area_per_1000_persons',
] as const satisfies readonly RuleMetric[];
export type AmountMetric = (typeof AMOUNT_METRICS)[number];

/** Metrics a department may set on a rule (informational entries come only from the catalogue). */
export const EVALUABLE_METRICS = [
  ...AMOUNT_METRICS,
  'min_floor_area_per_site',
  'min_site_area_per_site',
  'service_radius',
  'population_per_site',
  'any_of',
] as const satisfies readonly RuleMetric[];
export type EvaluableMetric = (typeof EVALUABLE_METRICS)[number];

export type MetricInfo = {
  /** Chinese name for the UI. */
  name: string;
  /** Unit of the rule's value. */
  unit: string;
  /** Unit of a finding's required and actual. */
  findingUnit: string;
  /** Which facility attribute provides the amount (null: not an area attribute). */
  attribute: 'floorArea' | 'siteArea' | null;
  /** Demand the value is expressed against. */
  basis: 'households' | 'persons' | 'site' | 'distance' | 'none';
  /** Per how many units of the basis the value is given. */
  per: number;
  /** `at_most`: met when actual ≤ required (radius); otherwise met when actual ≥ required. */
  comparison: 'at_least' | 'at_most';
  /** Rules in the same slot compete by precedence; only one per slot governs an area. */
  slot: string;
};

export const METRIC_INFO: Record<RuleMetric, MetricInfo> = {
  floor_area_per_100_households: {
    name: '每百户建筑面积',
    unit: 'm²/百户',
    findingUnit: 'm²',
    attribute: 'floorArea',
    basis: 'households',
    per: 100,
    comparison: 'at_least',
    slot: 'floor_amount',
  },
  floor_area_per_person: {
    name: '人均建筑面积',
    unit: 'm²/人',
    findingUnit: 'm²',
    attribute: 'floorArea',
    basis: 'persons',
    per: 1,
    comparison: 'at_least',
    slot: 'floor_amount',
  },
  floor_area_per_1000_persons: {
    name: '千人建筑面积',
    unit: 'm²/千人',
    findingUnit: 'm²',
    attribute: 'floorArea',
    basis: 'persons',
    per: 1000,
    comparison: 'at_least',
    slot: 'floor_amount',
  },
  site_area_per_100_households: {
    name: '每百户用地面积',
    unit: 'm²/百户',
    findingUnit: 'm²',
    attribute: 'siteArea',
    basis: 'households',
    per: 100,
    comparison: 'at_least',
    slot: 'site_amount',
  },
  site_area_per_person: {
    name: '人均用地面积',
    unit: 'm²/人',
    findingUnit: 'm²',
    attribute: 'siteArea',
    basis: 'persons',
    per: 1,
    comparison: 'at_least',
    slot: 'site_amount',
  },
  site_area_per_1000_persons: {
    name: '千人用地面积',
    unit: 'm²/千人',
    findingUnit: 'm²',
    attribute: 'siteArea',
    basis: 'persons',
    per: 1000,
    comparison: 'at_least',
    slot: 'site_amount',
  },
  min_floor_area_per_site: {
    name: '单处最小建筑面积',
    unit: 'm²',
    findingUnit: 'm²',
    attribute: 'floorArea',
    basis: 'site',
    per: 1,
    comparison: 'at_least',
    slot: 'min_floor_area_per_site',
  },
  min_site_area_per_site: {
    name: '单处最小用地面积',
    unit: 'm²',
    findingUnit: 'm²',
    attribute: 'siteArea',
    basis: 'site',
    per: 1,
    comparison: 'at_least',
    slot: 'min_site_area_per_site',
  },
  service_radius: {
    name: '服务半径',
    unit: 'm',
    findingUnit: 'm',
    attribute: null,
    basis: 'distance',
    per: 1,
    comparison: 'at_most',
    slot: 'service_radius',
  },
  population_per_site: {
    name: '每处服务人口',
    unit: '人/处',
    findingUnit: '处',
    attribute: null,
    basis: 'persons',
    per: 1,
    comparison: 'at_least',
    slot: 'population_per_site',
  },
  any_of: {
    name: '二选一配置指标',
    unit: '',
    findingUnit: 'm²',
    attribute: null,
    basis: 'persons',
    per: 1,
    comparison: 'at_least',
    slot: 'any_of',
  },
  informational: {
    name: '参考条文',
    unit: '',
    findingUnit: '',
    attribute: null,
    basis: 'none',
    per: 1,
    comparison: 'at_least',
    slot: 'informational',
  },
};

export const METRIC_NAMES: Record<RuleMetric, string> = Object.fromEntries(
  RULE_METRICS.map((m) => [m, METRIC_INFO[m].name]),
) as Record<RuleMetric, string>;

/** Why a catalogue row is kept for reference instead of being evaluated. */
export const INFORMATIONAL_KINDS = [
  'tier_definition',
  'procedural',
  'comparator',
  'city_level',
  'other_facility',
  'not_measurable',
  'catchment_level',
  'duplicate',
] as const;
export type InformationalKind = (typeof INFORMATIONAL_KINDS)[number];
export const INFORMATIONAL_KIND_NAMES: Record<InformationalKind, string> = {
  tier_definition: '生活圈层级定义',
  procedural: '程序性要求（审查、验收、移交、罚则）',
  comparator: '外省市参考，不适用于淄博',
  city_level: '城市或区县层面指标，不按小区核算',
  other_facility: '不属于本平台的设施类型',
  not_measurable: '台账未采集该项数据，无法核算',
  catchment_level: '按服务人口分级的设施规模，不按单个小区核算',
  duplicate: '与已采用条文数值相同',
};

/** Who a rule applies to; every condition must hold (null = no condition). */
export const appliesToSchema = z.object({
  areaKinds: z.array(z.enum(AREA_KINDS)).min(1),
  minHouseholds: z.number().int().min(0).nullable(),
  maxHouseholds: z.number().int().min(0).nullable(),
  minPopulation: z.number().int().min(0).nullable(),
  maxPopulation: z.number().int().min(0).nullable(),
  /** Chinese description of the scope as the source states it. */
  description: z.string(),
});
export type AppliesTo = z.infer<typeof appliesToSchema>;

const amountAlternative = z.object({
  /** Catalogue row this alternative comes from, when the rule joins several rows. */
  code: z.string().nullable(),
  metric: z.enum(AMOUNT_METRICS),
  value: z.number().positive(),
  /** Facility types whose floor/site area counts towards this alternative. */
  countedTypes: z.array(z.enum(FACILITY_TYPE_CODES)).min(1),
});
export type AmountAlternative = z.infer<typeof amountAlternative>;

/** The catalogue text a rule was normalised from (null for a rule a department created). */
export const catalogueOriginSchema = z.object({
  facilityName: z.string(),
  lifeCircle: z.string(),
  metric: z.string(),
  value: z.string(),
  unit: z.string(),
  appliesTo: z.string(),
});

/**
 * One rule of the standards catalogue, as `GET /api/standards` returns it. Informational
 * entries (tier definitions, procedural gates, comparators…) keep their source and clause so
 * the catalogue is complete, but never produce findings.
 */
export const standardRule = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  /** Catalogue code(s), e.g. `ELD-001` or `SPT-001/SPT-002`. */
  code: z.string(),
  catalogueCodes: z.array(z.string()),
  category: z.enum(CATEGORY_CODES).nullable(),
  facilityType: z.enum(FACILITY_TYPE_CODES).nullable(),
  /** Facility types whose provision counts (amount rules may pool related types). */
  countedTypes: z.array(z.enum(FACILITY_TYPE_CODES)),
  metric: z.enum(RULE_METRICS),
  value: z.number().nullable(),
  unit: z.string(),
  anyOf: z.array(amountAlternative).nullable(),
  appliesTo: appliesToSchema,
  jurisdiction: z.enum(JURISDICTIONS),
  lifeCircle: z.enum(LIFE_CIRCLES).nullable(),
  informational: z.boolean(),
  informationalKind: z.enum(INFORMATIONAL_KINDS).nullable(),
  /** A department may take a rule out of force without deleting it. */
  active: z.boolean(),
  /** The document's formal Chinese title and number (what users see). */
  source: z.string(),
  /** The clause in Chinese (第5.0.2条, 附录C, 表3.0.4); '' where the source names none. */
  clause: z.string(),
  /**
   * How the figure was researched (where it was seen, how confident): only the rule's
   * maintainers see it; every other answer leaves it out.
   */
  researchNote: z.string().nullable().optional(),
  /** Date of the source document as known: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  issuedOn: z.string().nullable(),
  verified: z.boolean(),
  /** Chinese note: how the figure was read from the source, conversions, caveats. */
  note: z.string().nullable(),
  /** Other catalogue rows the figure relies on (e.g. a walking time converted by GEN-008). */
  derivedFrom: z.array(z.string()),
  origin: catalogueOriginSchema.nullable(),
});
export type StandardRule = z.infer<typeof standardRule>;

/** Platform settings the evaluation reads. */
export const gapSettingsSchema = z.object({
  /** Used only where an area's population is unknown. */
  personsPerHousehold: z.number().min(1).max(10),
});
export type GapSettings = z.infer<typeof gapSettingsSchema>;
/** standards.md observation 4: 3.2 is the factor commonly used locally (not verified). */
export const DEFAULT_PERSONS_PER_HOUSEHOLD = 3.2;

export const FINDING_STATUSES = ['met', 'short', 'missing'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_NAMES: Record<FindingStatus, string> = {
  met: '达标',
  short: '不足',
  missing: '缺失',
};
/**
 * What a gap-analysis read may filter by: one status, or `gap` for both kinds of gap (不足 and
 * 缺失), what a department works through.
 */
export const FINDING_STATUS_FILTERS = [...FINDING_STATUSES, 'gap'] as const;
export type FindingStatusFilter = (typeof FINDING_STATUS_FILTERS)[number];
export const FINDING_STATUS_FILTER_NAMES: Record<FindingStatusFilter, string> = {
  ...FINDING_STATUS_NAMES,
  gap: '有缺口（不足或缺失）',
};
/** Whether a finding of `status` passes the filter (none: every finding). */
export function statusPasses(filter: FindingStatusFilter | undefined, status: FindingStatus) {
  return !filter || (filter === 'gap' ? status !== 'met' : filter === status);
}

/** Why a finding could not be evaluated as the rule states it. */
export const FINDING_REASONS = [
  'area_location_unknown',
  'facility_location_unknown',
  'facility_area_unknown',
] as const;
export type FindingReason = (typeof FINDING_REASONS)[number];
export const FINDING_REASON_NAMES: Record<FindingReason, string> = {
  area_location_unknown: '小区缺少坐标，无法核验服务半径',
  facility_location_unknown: '关联设施缺少坐标，无法核验服务半径',
  facility_area_unknown: '设施面积未填报，无法核算',
};

const findingAlternative = z.object({
  code: z.string().nullable(),
  metric: z.enum(AMOUNT_METRICS),
  required: z.number(),
  actual: z.number(),
  unit: z.string(),
  status: z.enum(FINDING_STATUSES),
});

/** One computed gap: an area checked against one governing rule (never stored as truth). */
export const finding = z.object({
  residentialAreaId: z.number().int(),
  facilityType: z.enum(FACILITY_TYPE_CODES),
  category: z.enum(CATEGORY_CODES),
  ruleId: z.string(),
  ruleCode: z.string(),
  ruleVersion: z.number().int(),
  metric: z.enum(RULE_METRICS),
  required: z.number(),
  /**
   * Null when nothing measurable was found (no facility within the radius, unknown area). For
   * a service radius: the distance to the nearest counted facility, to the metre.
   */
  actual: z.number().nullable(),
  unit: z.string(),
  status: z.enum(FINDING_STATUSES),
  reason: z.enum(FINDING_REASONS).nullable(),
  /** The population was estimated from households × persons per household. */
  populationEstimated: z.boolean(),
  source: z.string(),
  clause: z.string(),
  verified: z.boolean(),
  jurisdiction: z.enum(JURISDICTIONS),
  /** How many facilities counted towards `actual` (GapEngine.explain lists them). */
  facilityCount: z.number().int(),
  /** Facilities of the type that serve or stand near the area but do not count (not built, idle…). */
  excludedCount: z.number().int(),
  alternatives: z.array(findingAlternative).nullable(),
});
export type Finding = z.infer<typeof finding>;

/** What a new project must build for one facility type, derived from the governing rules. */
export const requiredFacility = z.object({
  facilityType: z.enum(FACILITY_TYPE_CODES),
  category: z.enum(CATEGORY_CODES),
  /** Minimum total floor area to build, m² (null: the rules set none). */
  floorArea: z.number().nullable(),
  /** Minimum total site area, m² (null: the rules set none). */
  siteArea: z.number().nullable(),
  /** Minimum number of sites. */
  sites: z.number().int().min(1),
  /** Either/or: building any one alternative satisfies the requirement. */
  alternatives: z
    .array(
      z.object({
        code: z.string().nullable(),
        floorArea: z.number().nullable(),
        siteArea: z.number().nullable(),
      }),
    )
    .nullable(),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      ruleCode: z.string(),
      ruleVersion: z.number().int(),
      metric: z.enum(RULE_METRICS),
      value: z.number().nullable(),
      unit: z.string(),
      required: z.number().nullable(),
      verified: z.boolean(),
      source: z.string(),
      clause: z.string(),
    }),
  ),
});
export type RequiredFacility = z.infer<typeof requiredFacility>;

const ISSUED_ON = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const standardRuleFields = z.strictObject({
  facilityType: z.enum(FACILITY_TYPE_CODES),
  countedTypes: z.array(z.enum(FACILITY_TYPE_CODES)).min(1).max(12).nullish(),
  metric: z.enum(EVALUABLE_METRICS),
  value: z.number().positive().max(1_000_000).nullish(),
  anyOf: z
    .array(
      z.strictObject({
        code: text(40).nullish(),
        metric: z.enum(AMOUNT_METRICS),
        value: z.number().positive().max(1_000_000),
        countedTypes: z.array(z.enum(FACILITY_TYPE_CODES)).min(1).max(12),
      }),
    )
    .min(2)
    .max(4)
    .nullish(),
  appliesTo: z.strictObject({
    areaKinds: z.array(z.enum(AREA_KINDS)).min(1, { message: '至少选择一种小区类型' }),
    minHouseholds: z.number().int().min(0).nullish(),
    maxHouseholds: z.number().int().min(0).nullish(),
    minPopulation: z.number().int().min(0).nullish(),
    maxPopulation: z.number().int().min(0).nullish(),
    description: text(200).default(''),
  }),
  jurisdiction: z.enum(['national', 'shandong', 'zibo']),
  lifeCircle: z.enum(LIFE_CIRCLES).nullish(),
  active: z.boolean().default(true),
  source: requiredText(500),
  clause: text(100).default(''),
  researchNote: text(2000).nullish(),
  issuedOn: z
    .string()
    .regex(ISSUED_ON, { message: '日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD' })
    .nullish(),
  verified: z.boolean(),
  note: text(500).nullish(),
});

function checkRuleInput(
  rule: {
    metric: EvaluableMetric;
    value?: number | null | undefined;
    anyOf?: unknown[] | null | undefined;
    appliesTo: {
      minHouseholds?: number | null;
      maxHouseholds?: number | null;
      minPopulation?: number | null;
      maxPopulation?: number | null;
    };
  },
  ctx: z.RefinementCtx,
): void {
  if (rule.metric === 'any_of') {
    if (!rule.anyOf)
      ctx.addIssue({ code: 'custom', path: ['anyOf'], message: '二选一指标须列出备选项' });
  } else {
    if (rule.value == null)
      ctx.addIssue({ code: 'custom', path: ['value'], message: '请填写指标数值' });
    if (rule.anyOf)
      ctx.addIssue({ code: 'custom', path: ['anyOf'], message: '仅二选一指标可设置备选项' });
  }
  const a = rule.appliesTo;
  if (a.minHouseholds != null && a.maxHouseholds != null && a.minHouseholds > a.maxHouseholds) {
    ctx.addIssue({
      code: 'custom',
      path: ['appliesTo', 'maxHouseholds'],
      message: '户数上限不能小于下限',
    });
  }
  if (a.minPopulation != null && a.maxPopulation != null && a.minPopulation > a.maxPopulation) {
    ctx.addIssue({
      code: 'custom',
      path: ['appliesTo', 'maxPopulation'],
      message: '人口上限不能小于下限',
    });
  }
}

/**
 * A department creating a rule of its categories, or changing one (each change is a new
 * version, so the update carries the version it was based on).
 */
export const standardRuleInput = standardRuleFields.superRefine(checkRuleInput);
export type StandardRuleInput = z.input<typeof standardRuleInput>;
export const standardRuleUpdate = standardRuleFields
  .extend({ version: z.number().int().positive() })
  .superRefine(checkRuleInput);
export type StandardRuleUpdate = z.input<typeof standardRuleUpdate>;

/** The facility types a rule's provision is counted from (its own type unless it pools several). */
export function countedTypesOf(rule: {
  facilityType: FacilityTypeCode | null;
  countedTypes: readonly FacilityTypeCode[];
}): readonly FacilityTypeCode[] {
  if (rule.countedTypes.length > 0) return rule.countedTypes;
  return rule.facilityType ? [rule.facilityType] : [];
}

/** A rule as the API sends it: with what the user may do to it, and who made the version. */
export const standardRuleView = standardRule.extend({
  /** Who made this version and when (null for the initial catalogue). */
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
  abilities: z.record(z.string(), z.boolean()),
});
export type StandardRuleView = z.infer<typeof standardRuleView>;

/** `GET /standards`: categories, facility types and the rules in force. */
export const standardsCatalogue = z.object({
  categories: z.array(
    z.object({
      code: z.enum(CATEGORY_CODES),
      name: z.string(),
      leadDepartmentCode: z.string(),
    }),
  ),
  facilityTypes: z.array(
    z.object({
      code: z.enum(FACILITY_TYPE_CODES),
      category: z.enum(CATEGORY_CODES),
      name: z.string(),
    }),
  ),
  rules: z.array(standardRuleView),
  abilities: z.record(z.string(), z.boolean()),
  ledCategories: z.array(z.enum(CATEGORY_CODES)),
});
export type StandardsCatalogue = z.infer<typeof standardsCatalogue>;
