import { z } from 'zod';
import { FACILITY_TYPE_CODES } from '../categories.ts';
import { COORD_SYSTEM_CODES, OWNERSHIPS, STAGE_STATUSES } from './ledger.ts';
import { requiredFacility } from './standards.ts';
import { requiredText, text } from './common.ts';
import { cityRegionCode } from '../city.ts';

/** P7–P10: the gates of a new residential project, in order. */
export const PROJECT_GATES = [
  'planning_review',
  'land_supply_review',
  'agreement',
  'construction_permit',
  'presale_consultation',
  'completion_review',
  'handover_registration',
  'use_supervision',
] as const;
export type ProjectGate = (typeof PROJECT_GATES)[number];

export const PROJECT_GATE_NAMES: Record<ProjectGate, string> = {
  planning_review: '规划联合审查',
  land_supply_review: '供地联合审查',
  agreement: '移交协议与土地出让合同',
  construction_permit: '施工许可',
  presale_consultation: '预售征求意见',
  completion_review: '竣工验收联合审核',
  handover_registration: '移交与产权登记',
  use_supervision: '使用监管',
};

/** The document whose facilities a gate checks (API.md, New projects). */
export const GATE_DOCUMENT_NAMES: Record<ProjectGate, string> = {
  planning_review: '规划条件',
  land_supply_review: '供地条件',
  agreement: '土地出让合同（含产权移交和使用管理协议）',
  construction_permit: '施工许可申请',
  presale_consultation: '预售申请（配套设施建设情况）',
  completion_review: '竣工验收备案（竣工测绘）',
  handover_registration: '移交和产权登记记录',
  use_supervision: '使用监管巡查记录',
};

export const GATE_STATUSES = ['pending', 'open', 'returned', 'passed', 'skipped'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];
export const GATE_STATUS_NAMES: Record<GateStatus, string> = {
  pending: '待提交',
  open: '审查中',
  returned: '已退回',
  passed: '已通过',
  skipped: '不适用',
};

export const OPINION_DECISIONS = ['approve', 'approve_with_conditions', 'reject'] as const;
export type OpinionDecision = (typeof OPINION_DECISIONS)[number];
export const OPINION_DECISION_NAMES: Record<OpinionDecision, string> = {
  approve: '同意',
  approve_with_conditions: '附条件同意',
  reject: '不同意（退回）',
};

export const CONSTRUCTION_METHODS = ['standalone', 'attached'] as const;
export type ConstructionMethod = (typeof CONSTRUCTION_METHODS)[number];
export const CONSTRUCTION_METHOD_NAMES: Record<ConstructionMethod, string> = {
  standalone: '独立占地',
  attached: '配建',
};

/** P10: ownership of a project facility (the ledger's ownership codes). */
export const PROJECT_OWNERSHIP_NAMES: Record<(typeof OWNERSHIPS)[number], string> = {
  government: '政府所有',
  investor: '投资方所有',
  owners: '全体业主共有',
  other: '其他',
};

export const CONDITION_STATUSES = ['open', 'answered', 'resolved', 'withdrawn'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];
export const CONDITION_STATUS_NAMES: Record<ConditionStatus, string> = {
  open: '待落实',
  answered: '已答复，待确认',
  resolved: '已落实',
  withdrawn: '已撤销（该轮审查退回）',
};

export const INSPECTION_USE_STATUSES = STAGE_STATUSES.use;
export type InspectionUseStatus = (typeof INSPECTION_USE_STATUSES)[number];

export const PROJECT_EVENT_NAMES: Record<string, string> = {
  register: '登记项目',
  update: '修改项目信息',
  adjust_required: '调整配建要求',
  submit: '提交审查',
  opinion: '出具意见',
  return: '退回',
  pass: '审查通过',
  condition_answer: '答复附加条件',
  condition_resolve: '确认条件落实',
  condition_reopen: '条件未落实，退回',
  inspection: '使用监管巡查',
};

const ids = z.array(z.number().int().positive()).max(20);
const lon = z.number().min(73).max(136);
const lat = z.number().min(3).max(54);

export const projectPhase = z.strictObject({
  name: requiredText(50),
  households: z.number().int().min(0).max(100_000).nullish(),
  floorArea: z.number().min(0).max(10_000_000).nullish(),
  note: text(200).nullish(),
});

export const projectInput = z.strictObject({
  name: requiredText(100),
  developerName: requiredText(100),
  /** The developer organisation's account (建设单位账号); a developer registering is linked itself. */
  developerUserId: z.number().int().positive().nullish(),
  regionCode: cityRegionCode('\\d{2}(\\d{3}(\\d{3})?)?', '应为区县、镇街或社区代码'),
  households: z.number().int().min(1).max(100_000),
  population: z.number().int().min(1).max(500_000).nullish(),
  landArea: z.number().positive().max(10_000_000),
  floorArea: z.number().positive().max(50_000_000),
  lon,
  lat,
  coordSystem: z.enum(COORD_SYSTEM_CODES).default('wgs84'),
  phases: z.array(projectPhase).max(20).default([]),
  /** P8: whether pre-sale is applied for before completion acceptance (adds the consultation gate). */
  presaleBeforeCompletion: z.boolean().default(false),
});
export type ProjectInput = z.input<typeof projectInput>;

export const projectPatch = z.strictObject({
  name: requiredText(100).optional(),
  developerName: requiredText(100).optional(),
  developerUserId: z.number().int().positive().nullish(),
  lon: lon.optional(),
  lat: lat.optional(),
  coordSystem: z.enum(COORD_SYSTEM_CODES).default('wgs84'),
  phases: z.array(projectPhase).max(20).optional(),
  presaleBeforeCompletion: z.boolean().optional(),
  version: z.number().int(),
});

/** One facility as a gate's document states it. */
export const gateFacility = z.strictObject({
  facilityType: z.enum(FACILITY_TYPE_CODES),
  name: text(100).nullish(),
  floorArea: z.number().min(0).max(1_000_000),
  siteArea: z.number().min(0).max(10_000_000).nullish(),
  constructionMethod: z.enum(CONSTRUCTION_METHODS),
  ownership: z.enum(OWNERSHIPS),
  /** The receiving (or, for investor/owner property, supervising) department's code, `<city code>-<kind>` (e.g. `<city code>-education`). */
  handoverTo: requiredText(64),
  handoverRequirement: requiredText(500),
  /** As-built survey (completion review): built (同步建设) and accepted (同步验收). */
  built: z.boolean().optional(),
  accepted: z.boolean().optional(),
  /** Handover records: handed over (同步交付) and property registered (产权登记). */
  handedOver: z.boolean().optional(),
  registered: z.boolean().optional(),
  certificateNo: text(100).nullish(),
});
export type GateFacility = z.infer<typeof gateFacility>;

export const gateSubmissionInput = z.strictObject({
  facilities: z.array(gateFacility).max(100),
  attachmentIds: ids.default([]),
  note: text(2000).nullish(),
});
export type GateSubmissionInput = z.input<typeof gateSubmissionInput>;

export const opinionInput = z.strictObject({
  decision: z.enum(OPINION_DECISIONS),
  comment: text(1000).nullish(),
  /** For approve_with_conditions: each condition, and the gate by which it must be met (default: the next). */
  conditions: z
    .array(
      z.strictObject({
        text: requiredText(500),
        dueGate: z.enum(PROJECT_GATES).nullish(),
      }),
    )
    .max(20)
    .optional(),
});
export type OpinionInput = z.input<typeof opinionInput>;

export const conditionAnswerInput = z.strictObject({
  answer: requiredText(1000),
  attachmentIds: ids.default([]),
});
export const conditionDecisionInput = z.strictObject({
  accept: z.boolean(),
  comment: text(500).nullish(),
});

export const inspectionInput = z.strictObject({
  facilityType: z.enum(FACILITY_TYPE_CODES),
  useStatus: z.enum(INSPECTION_USE_STATUSES),
  note: requiredText(1000),
  attachmentIds: ids.default([]),
});

/** A required facility as the project stores it: the standards' amounts plus the P7 terms. */
export const projectRequiredFacility = requiredFacility.extend({
  constructionMethod: z.enum(CONSTRUCTION_METHODS),
  ownership: z.enum(OWNERSHIPS),
  /** Receiving department code (its name in handoverToName). */
  handoverTo: z.string(),
  handoverToName: z.string(),
  handoverRequirement: z.string(),
  /** The department that leads the facility's category (P1). */
  departmentCode: z.string(),
  /** Set when natural resources changed it from what the standards give. */
  adjusted: z.boolean(),
});
export type ProjectRequiredFacility = z.infer<typeof projectRequiredFacility>;

export const requiredFacilitiesAdjustment = z.strictObject({
  facilities: z
    .array(
      z.strictObject({
        facilityType: z.enum(FACILITY_TYPE_CODES),
        floorArea: z.number().min(0).max(1_000_000).nullable(),
        siteArea: z.number().min(0).max(10_000_000).nullable(),
        sites: z.number().int().min(1).max(100),
        alternatives: z
          .array(
            z.strictObject({
              code: z.string().max(40).nullable(),
              floorArea: z.number().min(0).nullable(),
              siteArea: z.number().min(0).nullable(),
            }),
          )
          .max(4)
          .nullish(),
        constructionMethod: z.enum(CONSTRUCTION_METHODS),
        ownership: z.enum(OWNERSHIPS),
        handoverTo: requiredText(64),
        handoverRequirement: requiredText(500),
      }),
    )
    .max(50),
  /** P7: a written reason is mandatory (audited). */
  reason: requiredText(1000),
  version: z.number().int(),
});

const file = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
});

const department = z.object({ code: z.string(), name: z.string() });

export const gateIssue = z.object({
  path: z.string(),
  facilityType: z.enum(FACILITY_TYPE_CODES).nullable(),
  code: z.string(),
  message: z.string(),
});
export type GateIssue = z.infer<typeof gateIssue>;

export const projectOpinion = z.object({
  id: z.number().int(),
  departmentCode: z.string(),
  departmentName: z.string(),
  decision: z.enum(OPINION_DECISIONS),
  comment: z.string().nullable(),
  round: z.number().int(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const projectGateRecord = z.object({
  gate: z.enum(PROJECT_GATES),
  name: z.string(),
  documentName: z.string(),
  status: z.enum(GATE_STATUSES),
  statusName: z.string(),
  current: z.boolean(),
  requiredDepartments: z.array(z.string()),
  departments: z.array(department.extend({ opined: z.boolean() })),
  leadDepartmentCode: z.string().nullable(),
  round: z.number().int(),
  opinionDeadline: z.string().nullable(),
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
  passedAt: z.string().nullable(),
  /** Every opinion of every round, newest last: a returned gate shows why. */
  opinions: z.array(projectOpinion),
  document: z
    .object({
      round: z.number().int(),
      facilities: z.array(gateFacility),
      note: z.string().nullable(),
      attachments: z.array(file),
      submittedByName: z.string().nullable(),
      submittedAt: z.string(),
    })
    .nullable(),
  /** Per required facility: what this gate's document states and whether it satisfies it. */
  checklist: z.array(
    z.object({
      facilityType: z.enum(FACILITY_TYPE_CODES),
      stated: z
        .object({ count: z.number().int(), floorArea: z.number(), siteArea: z.number() })
        .nullable(),
      ok: z.boolean().nullable(),
      issues: z.array(z.string()),
    }),
  ),
  abilities: z.record(z.string(), z.boolean()),
});
export type ProjectGateRecord = z.infer<typeof projectGateRecord>;

export const projectCondition = z.object({
  id: z.number().int(),
  gate: z.enum(PROJECT_GATES),
  dueGate: z.enum(PROJECT_GATES),
  departmentCode: z.string(),
  departmentName: z.string(),
  text: z.string(),
  status: z.enum(CONDITION_STATUSES),
  statusName: z.string(),
  answer: z.string().nullable(),
  answerAttachments: z.array(file),
  answeredAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  abilities: z.record(z.string(), z.boolean()),
});

export const projectInspection = z.object({
  id: z.number().int(),
  facilityType: z.enum(FACILITY_TYPE_CODES),
  useStatus: z.enum(INSPECTION_USE_STATUSES),
  note: z.string(),
  attachments: z.array(file),
  departmentCode: z.string().nullable(),
  inspectorName: z.string().nullable(),
  problemId: z.number().int().nullable(),
  at: z.string(),
});

export const projectRecord = z.object({
  id: z.number().int(),
  name: z.string(),
  developerName: z.string(),
  developerUserId: z.number().int().nullable(),
  developerAccountName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  districtCode: z.string(),
  districtName: z.string().nullable(),
  households: z.number().int(),
  population: z.number().int().nullable(),
  landArea: z.number(),
  floorArea: z.number(),
  lon: z.number(),
  lat: z.number(),
  phases: z.array(projectPhase),
  presaleBeforeCompletion: z.boolean(),
  currentGate: z.enum(PROJECT_GATES),
  currentGateName: z.string(),
  currentGateStatus: z.enum(GATE_STATUSES),
  requiredFacilities: z.array(projectRequiredFacility),
  requiredAdjusted: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  abilities: z.record(z.string(), z.boolean()),
});
export type ProjectRecord = z.infer<typeof projectRecord>;

/**
 * A project in a list (issue 12: list answers carry list fields only): each required facility's
 * figures; the rules behind them, alternatives and handover terms are on `GET /api/projects/:id`.
 */
export const projectListRequiredFacility = projectRequiredFacility.pick({
  facilityType: true,
  category: true,
  floorArea: true,
  siteArea: true,
  sites: true,
  adjusted: true,
});
export const projectListItem = projectRecord.extend({
  requiredFacilities: z.array(projectListRequiredFacility),
});
export type ProjectListItem = z.infer<typeof projectListItem>;

export const projectDetail = projectRecord.extend({
  gates: z.array(projectGateRecord),
  conditions: z.array(projectCondition),
  inspections: z.array(projectInspection),
  events: z.array(
    z.object({
      id: z.number().int(),
      gate: z.enum(PROJECT_GATES).nullable(),
      action: z.string(),
      round: z.number().int().nullable(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      actorName: z.string().nullable(),
      actorDepartment: z.string().nullable(),
      comment: z.string().nullable(),
      attachments: z.array(file),
      data: z.unknown(),
      at: z.string(),
    }),
  ),
});
export type ProjectDetail = z.infer<typeof projectDetail>;

export const projectMapItem = z.object({
  id: z.number().int(),
  name: z.string(),
  lon: z.number(),
  lat: z.number(),
  households: z.number().int(),
  regionCode: z.string(),
  currentGate: z.enum(PROJECT_GATES),
  currentGateStatus: z.enum(GATE_STATUSES),
});

export const projectStats = z.object({
  total: z.number().int(),
  gates: z.array(
    z.object({
      gate: z.enum(PROJECT_GATES),
      name: z.string(),
      /** Projects whose current gate this is. */
      held: z.number().int(),
      pending: z.number().int(),
      open: z.number().int(),
      returned: z.number().int(),
      /** Department opinions past their deadline at this gate. */
      overdueOpinions: z.number().int(),
    }),
  ),
});

export const AWAITING_KINDS = [
  'opinion',
  'condition_decision',
  'submission',
  'condition_answer',
] as const;
export const AWAITING_KIND_NAMES: Record<(typeof AWAITING_KINDS)[number], string> = {
  opinion: '待出具意见',
  condition_decision: '待确认条件落实',
  submission: '待提交审查材料',
  condition_answer: '待答复附加条件',
};

export const projectAwaitingItem = z.object({
  kind: z.enum(AWAITING_KINDS),
  projectId: z.number().int(),
  projectName: z.string(),
  gate: z.enum(PROJECT_GATES),
  gateName: z.string(),
  gateStatus: z.enum(GATE_STATUSES),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  conditionId: z.number().int().nullable(),
  text: z.string().nullable(),
});

export const developerAccount = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
});

/** `GET /projects`: the list's filter. */
export const projectsQuery = z.object({
  q: z.string().trim().max(50).optional(),
  region: cityRegionCode('\\d{0,8}').optional(),
  gate: z.enum(PROJECT_GATES).optional(),
  status: z.enum(GATE_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
