import { z } from 'zod';
import { CATEGORY_CODES, FACILITY_TYPE_CODES } from '../categories.ts';
import { regionCodeSchema } from './common.ts';
import { residentialArea } from './ledger.ts';
import { PROBLEM_STATUS_CODES } from './problems.ts';
import { FINDING_STATUSES, FINDING_STATUS_FILTERS, finding } from './standards.ts';

/** The filter every gap-analysis read takes (list, summary, map, export). */
export const gapFilterQuery = z.object({
  region: regionCodeSchema.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  residentialAreaId: z.coerce.number().int().positive().optional(),
  status: z.enum(FINDING_STATUS_FILTERS).optional(),
  /** `true` leaves out findings resting on 待核实 rules. */
  verifiedOnly: z
    .enum(['true', 'false'], { message: '只能是 true 或 false' })
    .transform((v) => v === 'true')
    .optional(),
});
export type GapFilterQuery = z.infer<typeof gapFilterQuery>;

export const gapListQuery = gapFilterQuery.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const GAP_SUMMARY_GROUPS = ['district', 'street', 'community', 'category'] as const;
export type GapSummaryGroupBy = (typeof GAP_SUMMARY_GROUPS)[number];

export const gapSummaryQuery = gapFilterQuery.extend({
  groupBy: z.enum(GAP_SUMMARY_GROUPS).default('district'),
});

/** A finding as listed, with the area's name and community. */
export const findingItem = finding.extend({
  areaName: z.string(),
  regionCode: z.string(),
  /**
   * The problem raised from the finding (问题整改): the open one, else the latest closed one;
   * null when none was raised, or when the reader may not read problems.
   */
  problem: z
    .object({ id: z.number().int(), status: z.enum(PROBLEM_STATUS_CODES) })
    .nullable()
    .default(null),
});
export type FindingItem = z.infer<typeof findingItem>;

export const findingCounts = z.object({
  met: z.number().int(),
  short: z.number().int(),
  missing: z.number().int(),
});
export type FindingCounts = z.infer<typeof findingCounts>;
/** Counts, with how many of them rest on 待核实 rules. */
const countsWithUnverified = findingCounts.extend({ unverified: findingCounts });

export const gapSummary = z.object({
  areas: z.number().int(),
  findings: z.number().int(),
  byCategory: z.record(z.string(), countsWithUnverified),
  byStatus: findingCounts,
  unverifiedFindings: z.number().int(),
  /** byStatus, counting only findings that rest on 待核实 rules. */
  unverified: findingCounts,
  evaluatedAt: z.string(),
  /** How the service radius was measured (the UI says 直线距离). */
  distance: z.literal('straight_line'),
});
export type GapSummary = z.infer<typeof gapSummary>;

export const gapAnalysisPage = z.object({
  summary: gapSummary,
  items: z.array(findingItem),
  total: z.number().int(),
});
export type GapAnalysisPage = z.infer<typeof gapAnalysisPage>;

export const gapSummaryRow = z.object({
  code: z.string(),
  name: z.string(),
  areas: z.number().int(),
  areasWithGaps: z.number().int(),
  met: z.number().int(),
  short: z.number().int(),
  missing: z.number().int(),
  /** How many of met + short + missing rest on 待核实 rules. */
  unverified: z.number().int(),
});
export type GapSummaryRow = z.infer<typeof gapSummaryRow>;
export const gapSummaryRows = z.object({ rows: z.array(gapSummaryRow) });

export const gapMapArea = z.object({
  id: z.number().int(),
  name: z.string(),
  lon: z.number(),
  lat: z.number(),
  worst: z.enum(FINDING_STATUSES),
  missingTypes: z.array(z.string()),
  shortTypes: z.array(z.string()),
});
export type GapMapArea = z.infer<typeof gapMapArea>;
export const gapMap = z.object({ areas: z.array(gapMapArea) });

export const gapArea = z.object({ area: residentialArea, findings: z.array(findingItem) });
export type GapArea = z.infer<typeof gapArea>;

export const gapProblemsBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        residentialAreaId: z.number().int().positive(),
        facilityType: z.enum(FACILITY_TYPE_CODES),
        ruleId: z.string().min(1).max(64),
      }),
    )
    .min(1)
    .max(500),
});

export const gapProblemsResult = z.object({
  items: z.array(
    z.object({
      residentialAreaId: z.number().int(),
      facilityType: z.string(),
      ruleId: z.string(),
      problemId: z.number().int(),
      created: z.boolean(),
    }),
  ),
  created: z.number().int(),
});
export type GapProblemsResult = z.infer<typeof gapProblemsResult>;

export const gapBulkResult = z.object({
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
  done: z.boolean(),
});
export type GapBulkResult = z.infer<typeof gapBulkResult>;
