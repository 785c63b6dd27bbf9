import { z } from 'zod';
import { CATEGORY_CODES, FACILITY_TYPE_CODES } from '../categories.ts';
import { STAGES } from './ledger.ts';
import { requiredText, text } from './common.ts';
import { cityRegionCode } from '../city.ts';

export const PROBLEM_STATUS_CODES = [
  'open',
  'planned',
  'in_progress',
  'closure_requested',
  'closed',
] as const;
export const PROBLEM_STATUS_LABELS: Record<(typeof PROBLEM_STATUS_CODES)[number], string> = {
  open: '待制定方案',
  planned: '方案待审批',
  in_progress: '整改中',
  closure_requested: '销号待核验',
  closed: '已销号',
};
export const PROBLEM_SOURCES = [
  'survey',
  'gap_analysis',
  'resident',
  'inspection',
  'manual',
] as const;
export const PROBLEM_SOURCE_NAMES: Record<(typeof PROBLEM_SOURCES)[number], string> = {
  survey: '排查摸底',
  gap_analysis: '缺口分析',
  resident: '居民反映',
  inspection: '督导巡查',
  manual: '人工登记',
};

const dateStr = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const ids = z.array(z.number().int().positive()).max(20);

export const problemInput = z.strictObject({
  residentialAreaId: z.number().int().positive(),
  facilityType: z.enum(FACILITY_TYPE_CODES),
  stage: z.enum(STAGES),
  description: requiredText(1000),
  source: z.enum(['survey', 'resident', 'inspection', 'manual']).default('manual'),
  isKey: z.boolean().optional(),
  campaign: z.number().int().positive().nullish(),
});

export const planInput = z.strictObject({
  measures: requiredText(2000),
  leadUnit: requiredText(100),
  responsibleUnits: z.array(requiredText(100)).min(1).max(20),
  deadline: dateStr,
  oneCaseOnePlan: z.boolean().default(false),
  milestones: z
    .array(z.strictObject({ name: requiredText(100), date: dateStr }))
    .max(20)
    .optional(),
  documentIds: ids.optional(),
});

export const progressInput = z.strictObject({
  note: requiredText(1000),
  percent: z.number().min(0).max(100),
  attachmentIds: ids.default([]),
});

export const closureRequestInput = z.strictObject({
  evidence: requiredText(1000),
  /** At least one photo or document, unless `noEvidenceReason` says why none can exist. */
  attachmentIds: ids.default([]),
  /** Why no photo or document can exist (the deciding department sees it). */
  noEvidenceReason: text(500).nullish(),
});
export const closureDecisionInput = z.strictObject({
  approve: z.boolean(),
  comment: text(500).nullish(),
});
export const reasonInput = z.strictObject({ reason: requiredText(500) });
export const flagKeyInput = z.strictObject({ isKey: z.boolean(), comment: text(500).nullish() });
export const instructionInput = z.strictObject({ instruction: requiredText(1000) });
export const extensionInput = z.strictObject({ deadline: dateStr, reason: requiredText(500) });
export const decisionInput = z.strictObject({ approve: z.boolean(), comment: text(500).nullish() });
export const commentInput = z.strictObject({ comment: text(500).nullish() });

const file = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
});

export const problemRecord = z.object({
  id: z.number().int(),
  title: z.string(),
  residentialAreaId: z.number().int().nullable(),
  areaName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  streetName: z.string().nullable(),
  districtCode: z.string(),
  districtName: z.string().nullable(),
  facilityType: z.enum(FACILITY_TYPE_CODES),
  category: z.enum(CATEGORY_CODES),
  stage: z.enum(STAGES),
  description: z.string(),
  source: z.enum(PROBLEM_SOURCES),
  isKey: z.boolean(),
  campaignId: z.number().int().nullable(),
  campaign: z.string().nullable(),
  status: z.enum(PROBLEM_STATUS_CODES),
  statusName: z.string(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  progressPercent: z.number(),
  ruleId: z.string().nullable(),
  ruleVersion: z.number().int().nullable(),
  facilityId: z.number().int().nullable(),
  projectId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  abilities: z.record(z.string(), z.boolean()),
});
export type ProblemRecord = z.infer<typeof problemRecord>;

export const problemDetail = problemRecord.extend({
  plans: z.array(
    z.object({
      id: z.number().int(),
      revision: z.number().int(),
      measures: z.string(),
      leadUnit: z.string(),
      responsibleUnits: z.array(z.string()),
      deadline: z.string(),
      milestones: z.array(z.object({ name: z.string(), date: z.string() })),
      oneCaseOnePlan: z.boolean(),
      documents: z.array(file),
      status: z.enum(['submitted', 'approved', 'rejected', 'superseded']),
      approvals: z.record(z.string(), z.object({ by: z.string(), at: z.string() })),
      needsOfficeApproval: z.boolean(),
      rejectReason: z.string().nullable(),
      submittedAt: z.string(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.number().int(),
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      actorName: z.string().nullable(),
      actorDepartment: z.string().nullable(),
      comment: z.string().nullable(),
      percent: z.number().nullable(),
      attachments: z.array(file),
      data: z.unknown(),
      at: z.string(),
    }),
  ),
  extensions: z.array(
    z.object({
      id: z.number().int(),
      requestedDeadline: z.string(),
      reason: z.string(),
      status: z.enum(['pending', 'approved', 'rejected']),
      requestedAt: z.string(),
      decidedAt: z.string().nullable(),
      comment: z.string().nullable(),
    }),
  ),
});
export type ProblemDetailRecord = z.infer<typeof problemDetail>;

export const attachmentRecord = file;

export const PROBLEM_EVENT_NAMES: Record<string, string> = {
  create: '登记问题',
  submit_plan: '报送整治方案',
  approve_plan: '审批整治方案',
  reject_plan: '退回整治方案',
  report_progress: '报告进展',
  request_closure: '申请销号',
  approve_closure: '核验销号',
  returned: '不予销号（退回）',
  reopen: '重新打开',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  flag_key: '重点难点标记',
  instruct: '领导批示',
  deadline_reminder: '临期提醒',
  overdue_escalation: '逾期督办',
};

// --- List filter, campaigns, batch approval, progress import ------------------------------

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const PROBLEM_AWAITING = [
  'plan_approval',
  'closure_decision',
  'extension_decision',
] as const;
export type ProblemAwaiting = (typeof PROBLEM_AWAITING)[number];
/** What a month filter counts (the cockpit's 新增 / 销号 / 月末未销号). */
export const PROBLEM_MONTH_MEASURES = ['raised', 'closed', 'open'] as const;
export type ProblemMonthMeasure = (typeof PROBLEM_MONTH_MEASURES)[number];
export const PROBLEM_MONTH_MEASURE_LABELS: Record<ProblemMonthMeasure, string> = {
  raised: '新增',
  closed: '销号',
  open: '月末未销号',
};

/** `GET /problems` (booleans as `true`/`false`; the API adds the keyset cursor `after`). */
export const problemsQuery = z.object({
  region: cityRegionCode('\\d{0,8}').optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  facilityType: z.enum(FACILITY_TYPE_CODES).optional(),
  status: z.enum(PROBLEM_STATUS_CODES).optional(),
  stage: z.enum(STAGES).optional(),
  source: z.enum(PROBLEM_SOURCES).optional(),
  isKey: bool.optional(),
  campaign: z.coerce.number().int().positive().optional(),
  residentialAreaId: z.coerce.number().int().positive().optional(),
  overdue: bool.optional(),
  /** 未销号: every status but closed. */
  open: bool.optional(),
  /**
   * A month of the cockpit's chart (YYYY-MM, Shanghai dates) and what it counts: problems raised
   * in it, closed in it, or still open at its end. `monthOf` defaults to raised.
   */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为“年-月”，如 2026-05')
    .optional(),
  monthOf: z.enum(PROBLEM_MONTH_MEASURES).optional(),
  awaiting: z.enum(PROBLEM_AWAITING).optional(),
  q: z.string().trim().max(50).optional(),
  order: z.enum(['recent', 'deadline']).default('recent'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

/** A 专项整治 with its progress. */
export const campaignRecord = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  deadline: z.string(),
  facilityTypes: z.array(z.string()),
  description: z.string().nullable(),
  total: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  overdue: z.number().int(),
  closedRate: z.number(),
  ended: z.boolean(),
});
export type CampaignRecord = z.infer<typeof campaignRecord>;

export const approvePlansInput = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1).max(500),
});
export const approvePlansResult = z.object({ approved: z.number().int() });

export const progressImportReport = z.object({
  rows: z.number().int(),
  updated: z.number().int(),
  errors: z.array(
    z.object({
      sheet: z.string(),
      row: z.number().int(),
      column: z.string(),
      message: z.string(),
    }),
  ),
  dryRun: z.boolean(),
});
export type ProgressImportReport = z.infer<typeof progressImportReport>;
