import { z } from 'zod';
import { CATEGORY_CODES, FACILITY_TYPE_CODES } from '../categories.ts';
import { regionCodeSchema, requiredText, text } from './common.ts';
import { cityRegionCode } from '../city.ts';

/** P3: problems and facilities are classified by the four stages. */
export const STAGES = ['planning', 'construction', 'handover', 'use'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_NAMES: Record<Stage, string> = {
  planning: '规划',
  construction: '建设',
  handover: '移交',
  use: '使用',
};

export const STAGE_STATUSES = {
  planning: ['planned', 'not_planned', 'plan_changed'],
  construction: ['not_started', 'under_construction', 'built', 'built_short'],
  handover: ['not_due', 'pending', 'handed_over', 'refused'],
  use: ['in_use', 'idle', 'repurposed', 'occupied'],
} as const satisfies Record<Stage, readonly string[]>;

export type PlanningStatus = (typeof STAGE_STATUSES.planning)[number];
export type ConstructionStatus = (typeof STAGE_STATUSES.construction)[number];
export type HandoverStatus = (typeof STAGE_STATUSES.handover)[number];
export type UseStatus = (typeof STAGE_STATUSES.use)[number];

export const STAGE_STATUS_NAMES: Record<string, string> = {
  planned: '已规划',
  not_planned: '未规划',
  plan_changed: '规划变更',
  not_started: '未开工',
  under_construction: '在建',
  built: '已建成',
  built_short: '建成面积不足',
  not_due: '未到移交期',
  pending: '待移交',
  handed_over: '已移交',
  refused: '拒不移交',
  in_use: '正常使用',
  idle: '闲置',
  repurposed: '挪作他用',
  occupied: '被占用',
};

/** Statuses that are themselves a problem (shown red on the ledger map). */
export const PROBLEM_STATUSES: ReadonlySet<string> = new Set([
  'not_planned',
  'plan_changed',
  'not_started',
  'built_short',
  'refused',
  'idle',
  'repurposed',
  'occupied',
]);

export const OWNERSHIPS = ['government', 'investor', 'owners', 'other'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
export const OWNERSHIP_NAMES: Record<Ownership, string> = {
  government: '政府',
  investor: '投资方',
  owners: '全体业主',
  other: '其他',
};

export const AREA_KINDS = ['new', 'existing'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];
export const AREA_KIND_NAMES: Record<AreaKind, string> = { new: '新建', existing: '既有' };

export const COORD_SYSTEM_CODES = ['wgs84', 'gcj02', 'bd09'] as const;

const stageEntry = <T extends readonly [string, ...string[]]>(statuses: T) =>
  z.strictObject({ status: z.enum(statuses).nullable(), note: text(500).nullish() });

export const stagesSchema = z.strictObject({
  planning: stageEntry(STAGE_STATUSES.planning),
  construction: stageEntry(STAGE_STATUSES.construction),
  handover: stageEntry(STAGE_STATUSES.handover),
  use: stageEntry(STAGE_STATUSES.use),
});
export type Stages = z.infer<typeof stagesSchema>;

/** The ledger's value bounds: the schemas below and the workbook import both take them from here. */
export const LEDGER_BOUNDS = {
  lon: { min: 73, max: 136 },
  lat: { min: 3, max: 54 },
  households: { min: 0, max: 100_000 },
  population: { min: 0, max: 500_000 },
  buildYear: { min: 1900, max: 2100 },
  floorArea: { min: 0, max: 1_000_000 },
  siteArea: { min: 0, max: 10_000_000 },
} as const;
const bounded = (b: { min: number; max: number }) => z.number().min(b.min).max(b.max);
const boundedInt = (b: { min: number; max: number }) => z.number().int().min(b.min).max(b.max);

const lon = bounded(LEDGER_BOUNDS.lon);
const lat = bounded(LEDGER_BOUNDS.lat);

export const residentialAreaInput = z.strictObject({
  name: requiredText(100),
  regionCode: cityRegionCode('\\d{8}', '应为 12 位社区（村居）代码'),
  address: text(200).nullish(),
  lon: lon.nullish(),
  lat: lat.nullish(),
  coordSystem: z.enum(COORD_SYSTEM_CODES).default('wgs84'),
  households: boundedInt(LEDGER_BOUNDS.households),
  population: boundedInt(LEDGER_BOUNDS.population).nullish(),
  buildYear: boundedInt(LEDGER_BOUNDS.buildYear).nullish(),
  kind: z.enum(AREA_KINDS),
});
export type ResidentialAreaInput = z.input<typeof residentialAreaInput>;

export const residentialAreaPatch = residentialAreaInput
  .partial()
  .extend({ version: z.number().int() })
  .strict();

export const residentialArea = z.object({
  id: z.number().int(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  streetCode: z.string(),
  streetName: z.string(),
  districtCode: z.string(),
  districtName: z.string(),
  address: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  households: z.number().int(),
  population: z.number().int().nullable(),
  buildYear: z.number().int().nullable(),
  kind: z.enum(AREA_KINDS),
  facilityCount: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
  /** Issue 11: archived (not erased) with a reason; null while in the ledger. */
  archivedAt: z.string().nullable().optional(),
  archiveReason: z.string().nullable().optional(),
  abilities: z.record(z.string(), z.boolean()),
});
export type ResidentialArea = z.infer<typeof residentialArea>;

export const facilityInput = z.strictObject({
  type: z.enum(FACILITY_TYPE_CODES),
  name: requiredText(100),
  residentialAreaIds: z.array(z.number().int().positive()).min(1).max(50),
  floorArea: bounded(LEDGER_BOUNDS.floorArea).nullish(),
  siteArea: bounded(LEDGER_BOUNDS.siteArea).nullish(),
  lon: lon.nullish(),
  lat: lat.nullish(),
  coordSystem: z.enum(COORD_SYSTEM_CODES).default('wgs84'),
  ownership: z.enum(OWNERSHIPS).nullish(),
  operator: text(100).nullish(),
  stages: stagesSchema,
});
export type FacilityInput = z.input<typeof facilityInput>;

export const facilityPatch = facilityInput.partial().extend({ version: z.number().int() }).strict();

export const facility = z.object({
  id: z.number().int(),
  type: z.enum(FACILITY_TYPE_CODES),
  category: z.enum(CATEGORY_CODES),
  name: z.string(),
  regionCode: z.string(),
  residentialAreaIds: z.array(z.number().int()),
  residentialAreas: z.array(z.object({ id: z.number().int(), name: z.string() })),
  floorArea: z.number().nullable(),
  siteArea: z.number().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  ownership: z.enum(OWNERSHIPS).nullable(),
  operator: z.string().nullable(),
  stages: z.object({
    planning: z.object({ status: z.string().nullable(), note: z.string().nullable() }),
    construction: z.object({ status: z.string().nullable(), note: z.string().nullable() }),
    handover: z.object({ status: z.string().nullable(), note: z.string().nullable() }),
    use: z.object({ status: z.string().nullable(), note: z.string().nullable() }),
  }),
  version: z.number().int(),
  updatedAt: z.string(),
  /** Issue 11: archived (not erased) with a reason; null while in the ledger. */
  archivedAt: z.string().nullable().optional(),
  archiveReason: z.string().nullable().optional(),
  abilities: z.record(z.string(), z.boolean()),
});
export type Facility = z.infer<typeof facility>;

/** Archiving a ledger record (issue 11): it leaves the ledger but stays in its history. */
export const archiveInput = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(2, '请填写归档原因（至少 2 个字）')
    .max(200, '归档原因不超过 200 字'),
  version: z.number().int().optional(),
});
export type ArchiveInput = z.infer<typeof archiveInput>;

// --- Ledger reads: list filters, the map, the workbook import -------------------------------

/** Which records a list shows (issue 11): in the ledger (default), archived ones, or both. */
export const ARCHIVED_FILTERS = ['exclude', 'only', 'include'] as const;
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number];

const ledgerPaging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
};

/** `GET /residential-areas` (the API adds the keyset cursor `after`). */
export const areasQuery = z.object({
  region: regionCodeSchema.optional(),
  q: z.string().trim().max(50).optional(),
  kind: z.enum(AREA_KINDS).optional(),
  archived: z.enum(ARCHIVED_FILTERS).optional(),
  ...ledgerPaging,
});

/** `GET /facilities`. */
export const facilitiesQuery = z.object({
  region: regionCodeSchema.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  type: z.enum(FACILITY_TYPE_CODES).optional(),
  stage: z.enum(STAGES).optional(),
  status: z.string().max(40).optional(),
  q: z.string().trim().max(50).optional(),
  residentialAreaId: z.coerce.number().int().positive().optional(),
  archived: z.enum(ARCHIVED_FILTERS).optional(),
  ...ledgerPaging,
});

/** `GET /ledger/map`'s filter (the API adds the viewer's `bbox` and `zoom`). */
export const ledgerMapFilter = z.object({
  region: regionCodeSchema.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  type: z.enum(FACILITY_TYPE_CODES).optional(),
});

export const MAP_FACILITY_STATUSES = ['ok', 'problem', 'in_progress'] as const;
export type MapFacilityStatus = (typeof MAP_FACILITY_STATUSES)[number];

/** A group of close points at the viewer's zoom, with what it holds (P3 map by view). */
export const ledgerMapCluster = z.object({
  id: z.number().int(),
  lon: z.number(),
  lat: z.number(),
  count: z.number().int(),
  areas: z.number().int(),
  facilities: z.number().int(),
  problem: z.number().int(),
  inProgress: z.number().int(),
  /** The zoom at which the group splits. */
  expansionZoom: z.number().int(),
});
export type LedgerMapCluster = z.infer<typeof ledgerMapCluster>;

/**
 * The ledger map. Without a view: every located area and facility of the scope. With one: single
 * points and clusters inside the box, and totals of the whole scope.
 */
export const ledgerMap = z.object({
  areas: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      lon: z.number(),
      lat: z.number(),
      households: z.number().int(),
      kind: z.string(),
      regionCode: z.string(),
    }),
  ),
  facilities: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      type: z.string(),
      category: z.string(),
      lon: z.number(),
      lat: z.number(),
      status: z.enum(MAP_FACILITY_STATUSES),
      statuses: z.record(z.string(), z.string().nullable()),
    }),
  ),
  clusters: z.array(ledgerMapCluster).optional(),
  totals: z
    .object({
      areas: z.number().int(),
      facilities: z.number().int(),
      problem: z.number().int(),
      inProgress: z.number().int(),
    })
    .optional(),
});
export type LedgerMap = z.infer<typeof ledgerMap>;

/** `rows` read, what would be (dry run) or was created/updated, and every error found. */
export const ledgerImportReport = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows naming existing records already as the workbook says (nothing written). */
  unchanged: z.number().int(),
  errors: z.array(
    z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), message: z.string() }),
  ),
  dryRun: z.boolean(),
  /** More errors were found than listed. */
  truncated: z.boolean(),
});
export type LedgerImportReport = z.infer<typeof ledgerImportReport>;
