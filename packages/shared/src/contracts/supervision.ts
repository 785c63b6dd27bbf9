import { z } from 'zod';
import { requiredText, text } from './common.ts';

/**
 * Supervision 督导调度 (P11): the league tables relative to the viewer, and who is late.
 * Rates are fractions 0..1 (closureRate = closed / problems, 0 when none); `null` where nothing
 * was due or rated. `score` is 0..100; `rank` 1 = best among peers, ties share a rank.
 */
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_NAMES: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
/** Shown instead of a light for a league row with nothing to assess (`rated: false`). */
export const UNRATED_NAME = '无考核事项';

/** The composite score's indicators, in the order the settings page shows them. */
export const LEAGUE_INDICATORS = [
  'closureRate',
  'overdueFree',
  'plansOnTime',
  'surveyTimeliness',
  'satisfaction',
  'ordersOnTime',
] as const;
export type LeagueIndicator = (typeof LEAGUE_INDICATORS)[number];
export const LEAGUE_INDICATOR_NAMES: Record<LeagueIndicator, string> = {
  closureRate: '销号率',
  overdueFree: '未逾期率',
  plansOnTime: '方案按时率',
  surveyTimeliness: '按时报送率',
  satisfaction: '群众满意率',
  ordersOnTime: '督办按时签收答复率',
};

/** Weights (any non-negative numbers, normalised over the indicators a row has) and lights. */
export const supervisionSettings = z.strictObject({
  weights: z.strictObject(
    Object.fromEntries(LEAGUE_INDICATORS.map((k) => [k, z.number().min(0).max(100)])) as Record<
      LeagueIndicator,
      z.ZodNumber
    >,
  ),
  /** score ≥ green → green; score ≥ yellow → yellow; below → red. */
  lights: z
    .strictObject({ green: z.number().min(0).max(100), yellow: z.number().min(0).max(100) })
    .refine((l) => l.green >= l.yellow, { message: '绿灯分数线不能低于黄灯分数线' }),
  /** Days a district has to submit a plan after a problem is raised. */
  planWriteDays: z.number().int().min(1).max(365),
  /** Days a lead department has to decide a submitted plan, a closure or an extension. */
  decisionDays: z.number().int().min(1).max(365),
  /** Rules of the daily job that raises supervision orders from problem deadlines. */
  orderRules: z.strictObject({
    enabled: z.boolean(),
    /** Blue: an open problem's deadline is this many days away or fewer. */
    blueDaysBefore: z.number().int().min(0).max(90),
    /** Yellow: progress is this many points behind the even pace from raising to deadline. */
    yellowBehindPoints: z.number().min(1).max(100),
    /** Red: the deadline passed this many days ago or more. */
    redDaysOverdue: z.number().int().min(0).max(365),
    /** Days the receiving unit has to sign for an order, and to reply. */
    signDays: z.number().int().min(1).max(30),
    replyDays: z.number().int().min(1).max(90),
  }),
});
export type SupervisionSettings = z.infer<typeof supervisionSettings>;

export const leagueChange = z
  .object({
    /** Closure rate now minus then, in percentage points (one decimal). */
    closureRatePoints: z.number(),
    /** Places gained since then (positive = moved up). */
    places: z.number().int(),
  })
  .nullable();

const leagueFigures = {
  problems: z.number().int(),
  closed: z.number().int(),
  overdue: z.number().int(),
  closureRate: z.number(),
  satisfactionRate: z.number().nullable(),
  /** Plans that fell due (to be written or decided) by asOf, and how many were on time. */
  plansDue: z.number().int(),
  plansOnTime: z.number().int(),
  plansOnTimeRate: z.number().nullable(),
  /** Survey submissions that fell due by asOf, and how many were submitted on time. */
  surveysDue: z.number().int(),
  surveysOnTime: z.number().int(),
  surveyTimeliness: z.number().nullable(),
  /** Supervision orders received, and how many were signed and answered on time. */
  ordersDue: z.number().int(),
  ordersOnTime: z.number().int(),
  score: z.number(),
  rank: z.number().int(),
  light: z.enum(LIGHTS),
  /**
   * False when the row has nothing to assess (no problem, plan, survey, order or rating due): it
   * ranks after every rated row, with score 0 and light green, and is shown as 无考核事项.
   * Bulletins frozen before this field existed read as rated (as they were issued).
   */
  rated: z.boolean().default(true),
  change: leagueChange,
};

export const supervisionRegionRow = z.object({
  regionCode: z.string(),
  name: z.string(),
  /** district (区县), zone (功能区), street (镇街) or category (a lead department's category). */
  kind: z.enum(['district', 'zone', 'street', 'category']),
  /** For kind = category, the category code; regionCode then names the district. */
  category: z.string().nullable(),
  ...leagueFigures,
});
export type SupervisionRegionRow = z.infer<typeof supervisionRegionRow>;

export const supervisionDepartmentRow = z.object({
  departmentCode: z.string(),
  name: z.string(),
  problems: z.number().int(),
  closed: z.number().int(),
  overdue: z.number().int(),
  closureRate: z.number(),
  /** Plans the department decided, and how many within the decision days. */
  plansDecided: z.number().int(),
  plansApproved: z.number().int(),
  plansOnTime: z.number().int(),
  /** Closures the department verified, and how many within the decision days. */
  closuresVerified: z.number().int(),
  closuresOnTime: z.number().int(),
  /** Project review opinions due, and how many were given by their deadline. */
  opinionsDue: z.number().int(),
  opinionsOnTime: z.number().int(),
  score: z.number(),
  rank: z.number().int(),
  light: z.enum(LIGHTS),
  /** As for a region: false when the department has nothing to assess. */
  rated: z.boolean().default(true),
  change: leagueChange,
});
export type SupervisionDepartmentRow = z.infer<typeof supervisionDepartmentRow>;

export const LATE_KINDS = [
  'survey_submission',
  'survey_filing',
  'plan_writing',
  'plan_approval',
  'closure_decision',
  'extension_decision',
  'problem_deadline',
  'review_opinion',
  'task',
  'order_sign',
  'order_reply',
  'resident_feedback',
] as const;
export type LateKind = (typeof LATE_KINDS)[number];
export const LATE_KIND_NAMES: Record<LateKind, string> = {
  survey_submission: '排查台账未报送',
  survey_filing: '排查台账未备案',
  plan_writing: '整治方案未制定',
  plan_approval: '整治方案未审批',
  closure_decision: '销号申请未核验',
  extension_decision: '延期申请未审批',
  problem_deadline: '问题逾期未销号',
  review_opinion: '联审意见未出具',
  task: '任务逾期未完成',
  order_sign: '督办单未签收',
  order_reply: '督办单未答复',
  resident_feedback: '群众反映未答复',
};

export const lateEntry = z.object({
  kind: z.enum(LATE_KINDS),
  /** The unit that is late, by name (a district, street or department). */
  unit: z.string(),
  unitCode: z.string().nullable(),
  what: z.string(),
  dueDate: z.string(),
  daysLate: z.number().int(),
  /** The web path of the record, e.g. /problems/12. */
  link: z.string(),
});
export type LateEntry = z.infer<typeof lateEntry>;

export const supervisionOverview = z.object({
  asOf: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  /** What the rows are: the districts (+ zones) of the city, a district's streets, or categories. */
  rowKind: z.enum(['districts', 'streets', 'categories']),
  regions: z.array(supervisionRegionRow),
  departments: z.array(supervisionDepartmentRow),
  /** The most overdue entries first (at most 500); lateTotal counts them all. */
  late: z.array(lateEntry),
  lateTotal: z.number().int(),
});
export type SupervisionOverview = z.infer<typeof supervisionOverview>;

/** 督办单: blue = deadline near, yellow = behind pace, red = overdue. */
export const ORDER_COLORS = ['blue', 'yellow', 'red'] as const;
export type OrderColor = (typeof ORDER_COLORS)[number];
export const ORDER_COLOR_NAMES: Record<OrderColor, string> = {
  blue: '蓝色督办',
  yellow: '黄色督办',
  red: '红色督办',
};
export const ORDER_STATUSES = ['issued', 'signed', 'replied', 'closed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = {
  issued: '待签收',
  signed: '已签收待答复',
  replied: '已答复待办结',
  closed: '已办结',
  cancelled: '已撤销',
};

const dateOnly = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

export const orderInput = z.strictObject({
  color: z.enum(ORDER_COLORS),
  /** A district or street code, or a department code (`<region code>-<kind>`, e.g. `<city code>-education`). */
  targetCode: z.string().min(4).max(64),
  title: z.string().trim().min(1, '请填写标题').max(200),
  body: z.string().trim().min(1, '请填写督办事项').max(2000),
  problemId: z.number().int().positive().nullish(),
  signDueDate: dateOnly.optional(),
  replyDueDate: dateOnly.optional(),
});
export type OrderInput = z.infer<typeof orderInput>;

export const orderReplyInput = z.strictObject({
  reply: z.string().trim().min(1, '请填写答复内容').max(2000),
  version: z.number().int(),
});
export const orderDecisionInput = z.strictObject({
  comment: z.string().trim().max(500).nullish(),
  version: z.number().int(),
});

export const supervisionOrder = z.object({
  id: z.number().int(),
  color: z.enum(ORDER_COLORS),
  source: z.enum(['manual', 'auto']),
  title: z.string(),
  body: z.string(),
  targetCode: z.string(),
  targetName: z.string(),
  problemId: z.number().int().nullable(),
  raisedByName: z.string(),
  raisedAt: z.string(),
  signDueDate: z.string(),
  replyDueDate: z.string(),
  status: z.enum(ORDER_STATUSES),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  signLate: z.boolean(),
  replyLate: z.boolean(),
  version: z.number().int(),
  abilities: z.object({
    sign: z.boolean(),
    reply: z.boolean(),
    close: z.boolean(),
    return: z.boolean(),
    cancel: z.boolean(),
  }),
});
export type SupervisionOrder = z.infer<typeof supervisionOrder>;
export const supervisionOrderDetail = supervisionOrder.extend({
  events: z.array(
    z.object({
      action: z.string(),
      actorName: z.string(),
      comment: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type SupervisionOrderDetail = z.infer<typeof supervisionOrderDetail>;

// --- Task breakdown (附件2) and leading group (附件1) ---------------------------------------

export const TASK_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A row of the task breakdown table (附件2). */
export const taskRecord = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  leadDepartmentCode: z.string(),
  leadDepartmentName: z.string().nullable(),
  responsibleUnits: z.array(z.string()),
  deadline: z.string().nullable(),
  progressPercent: z.number(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  version: z.number().int(),
  abilities: z.record(z.string(), z.boolean()),
});
export type TaskRecord = z.infer<typeof taskRecord>;

export const taskDetail = taskRecord.extend({
  reports: z.array(
    z.object({
      id: z.number().int(),
      note: z.string(),
      percent: z.number(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type TaskDetail = z.infer<typeof taskDetail>;

const taskFields = {
  name: requiredText(200),
  description: text(1000).nullish(),
  leadDepartmentCode: z.string().min(1).max(64),
  responsibleUnits: z.array(requiredText(100)).max(30),
  deadline: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }).nullish(),
};
export const taskInput = z.strictObject(taskFields);
export const taskPatch = z
  .strictObject({ ...taskFields, version: z.number().int() })
  .partial({ name: true, leadDepartmentCode: true, responsibleUnits: true });
export const taskReportInput = z.strictObject({
  note: requiredText(1000),
  percent: z.number().min(0).max(100),
});

/** The leading group (附件1): one member a row. */
export const roster = z.object({
  members: z.array(
    z.object({
      position: z.string(),
      title: z.string(),
      unit: z.string(),
      name: z.string().nullable(),
    }),
  ),
  version: z.number(),
});
export type Roster = z.infer<typeof roster>;

export const rosterInput = z.strictObject({
  members: z
    .array(
      z.strictObject({
        position: requiredText(20),
        title: requiredText(100),
        unit: requiredText(100),
        name: text(50).nullish(),
      }),
    )
    .max(60),
  version: z.number(),
});

/** The cockpit's answer (`GET /supervision/cockpit`). */
export const cockpitView = z.object({
  asOf: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  totals: z.object({
    problems: z.number().int(),
    closed: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
    key: z.number().int(),
    closureRate: z.number(),
  }),
  /** The league rows (districts, or streets) with their light, for the map and the table. */
  regions: z.array(
    z.object({
      regionCode: z.string(),
      name: z.string(),
      kind: z.string(),
      problems: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
      closureRate: z.number(),
      score: z.number(),
      rank: z.number().int(),
      light: z.enum(LIGHTS),
      /** False when the row has nothing to assess (see the league's `rated`). */
      rated: z.boolean(),
    }),
  ),
  /** The last twelve months: raised and closed in the month, open at its end. */
  months: z.array(
    z.object({
      month: z.string(),
      raised: z.number().int(),
      closed: z.number().int(),
      open: z.number().int(),
    }),
  ),
  categories: z.array(
    z.object({
      category: z.string(),
      name: z.string(),
      problems: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  /** P5: the kindergarten campaign (due 2020-12-31), on its own line. */
  campaigns: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      deadline: z.string(),
      problems: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
      closureRate: z.number(),
    }),
  ),
  /** 重点难点: key problems, the leaders' instructions and what followed each. */
  keyProblems: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      regionName: z.string(),
      status: z.string(),
      deadline: z.string().nullable(),
      overdue: z.boolean(),
      progressPercent: z.number(),
      instructions: z.array(
        z.object({
          at: z.string(),
          actorName: z.string(),
          text: z.string(),
          /** What followed: the next events on the problem after the instruction. */
          followUps: z.array(z.object({ at: z.string(), action: z.string(), text: z.string() })),
        }),
      ),
    }),
  ),
  lateTotal: z.number().int(),
});
export type CockpitView = z.infer<typeof cockpitView>;
