import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import {
  FACILITY_TYPE_NAMES,
  STAGE_NAMES,
  categoryOfFacilityType,
  type CategoryCode,
  type FacilityTypeCode,
  type Stage,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import {
  forbidden,
  notFound,
  ruleViolation,
  validationFailed,
} from '../../platform/http/errors.ts';
import { problemAnswers } from './problem-answers.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { areaNameOf, findAreaRecord } from '../ledger/index.ts';
import {
  campaigns,
  problemEvents,
  problemExtensions,
  problemPlans,
  problems,
} from './problems.tables.ts';
import { isOverdue, PROBLEM_STATUS_NAMES } from './problem.workflow.ts';
import { problemAbilities, type ActorDepartment } from './problems.policy.ts';
import { loadActorDepartment, problemWhere, type ProblemFilter } from './problems.repo.ts';

type ProblemRow = typeof problems.$inferSelect;
export type ProblemSource = ProblemRow['source'];

/**
 * Records a problem, or returns the open one already recorded for the same finding (the
 * idempotency the gap analysis relies on: the same open finding never makes two problems). Call
 * inside the caller's transaction; audited here.
 */
export async function raiseProblem(
  tx: Db,
  actor: Actor,
  input: {
    regionCode: string;
    residentialAreaId?: number | null;
    facilityType: FacilityTypeCode;
    stage: Stage;
    description: string;
    source: ProblemSource;
    title?: string;
    findingKey?: string | null;
    ruleId?: string | null;
    ruleVersion?: number | null;
    facilityId?: number | null;
    projectId?: number | null;
    campaignId?: number | null;
    isKey?: boolean;
  },
): Promise<{ id: number; created: boolean }> {
  if (input.findingKey) {
    const [open] = await tx
      .select({ id: problems.id })
      .from(problems)
      .where(and(eq(problems.findingKey, input.findingKey), sql`${problems.status} <> 'closed'`));
    if (open) return { id: open.id, created: false };
  }
  if (input.campaignId) await assertCampaignOpen(tx, input.campaignId);
  const campaignId = input.campaignId ?? (await defaultCampaignFor(tx, input.facilityType));
  const [row] = await tx
    .insert(problems)
    .values({
      regionCode: input.regionCode,
      residentialAreaId: input.residentialAreaId ?? null,
      facilityType: input.facilityType,
      category: categoryOfFacilityType(input.facilityType),
      stage: input.stage,
      title:
        input.title ?? `${FACILITY_TYPE_NAMES[input.facilityType]}${STAGE_NAMES[input.stage]}问题`,
      description: input.description,
      source: input.source,
      findingKey: input.findingKey ?? null,
      ruleId: input.ruleId ?? null,
      ruleVersion: input.ruleVersion ?? null,
      facilityId: input.facilityId ?? null,
      projectId: input.projectId ?? null,
      campaignId,
      isKey: input.isKey ?? false,
      createdBy: actor.id || null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    // A concurrent writer recorded the same finding first: reuse it.
    const [open] = await tx
      .select({ id: problems.id })
      .from(problems)
      .where(
        and(eq(problems.findingKey, input.findingKey ?? ''), sql`${problems.status} <> 'closed'`),
      );
    if (!open) throw new Error('problem insert conflicted without an open problem');
    return { id: open.id, created: false };
  }
  await tx.insert(problemEvents).values({
    problemId: row.id,
    action: 'create',
    toStatus: 'open',
    actorId: actor.id || null,
    actorName: actor.displayName,
    comment: input.description,
  });
  await recordAudit(tx, {
    actor,
    action: 'problem.create',
    entity: 'problem',
    entityId: row.id,
    after: row,
  });
  return { id: row.id, created: true };
}

/** P12: a problem joins only a campaign still open (its deadline not passed). */
async function assertCampaignOpen(tx: Db, id: number): Promise<void> {
  const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id));
  if (!c) throw ruleViolation('专项整治不存在', [{ path: 'campaign', message: '专项整治不存在' }]);
  if (c.deadline < todayInShanghai()) {
    const message = `专项整治“${c.name}”已于 ${c.deadline} 截止，不能再纳入问题`;
    throw ruleViolation(message, [{ path: 'campaign', message }]);
  }
}

/**
 * P5: kindergarten problems belong to the urban kindergarten campaign; the rest to the general
 * one — while the campaign is open. A problem raised after its deadline joins none.
 */
async function defaultCampaignFor(tx: Db, type: FacilityTypeCode): Promise<number | null> {
  const rows = await tx
    .select()
    .from(campaigns)
    .where(gte(campaigns.deadline, todayInShanghai()))
    .orderBy(asc(campaigns.deadline));
  const specific = rows.find((c) => c.facilityTypes.includes(type));
  const general = rows.find((c) => c.facilityTypes.length === 0);
  return (specific ?? general)?.id ?? null;
}

/** Registers a problem found by a survey, an inspection, a resident or by hand. */
export async function createProblem(input: {
  db: Db;
  actor: Actor;
  data: {
    residentialAreaId: number;
    facilityType: FacilityTypeCode;
    stage: Stage;
    description: string;
    source: Exclude<ProblemSource, 'gap_analysis'>;
    isKey?: boolean | undefined;
    campaignId?: number | null | undefined;
    facilityId?: number | null | undefined;
  };
}) {
  const { db, actor, data } = input;
  const area = await findAreaRecord(db, data.residentialAreaId);
  if (!area || !canSeeRegion(actor, area.regionCode)) {
    throw validationFailed(
      [{ path: 'residentialAreaId', message: '小区不存在或不在您的数据范围内' }],
      '小区不存在或不在您的数据范围内',
    );
  }
  if (!canSeeCategory(actor, categoryOfFacilityType(data.facilityType)))
    throw forbidden('该设施类别不在您的数据范围内');
  if (data.isKey && !actor.permissions.has('problems.supervise'))
    throw forbidden('重点难点问题由领导小组办公室标记');
  const id = await db.transaction(async (tx) => {
    const r = await raiseProblem(tx, actor, {
      regionCode: area.regionCode,
      residentialAreaId: area.id,
      facilityType: data.facilityType,
      stage: data.stage,
      description: data.description,
      source: data.source,
      title: `${area.name}${FACILITY_TYPE_NAMES[data.facilityType]}${STAGE_NAMES[data.stage]}问题`,
      isKey: data.isKey ?? false,
      campaignId: data.campaignId ?? null,
      facilityId: data.facilityId ?? null,
    });
    return r.id;
  });
  return findProblem({ db, actor, id });
}

async function facts(db: Db, rows: ProblemRow[]) {
  const ids = rows.map((r) => r.id);
  const plans = ids.length
    ? await db
        .select()
        .from(problemPlans)
        .where(and(inArray(problemPlans.problemId, ids), eq(problemPlans.status, 'submitted')))
    : [];
  const ext = ids.length
    ? await db
        .select({ problemId: problemExtensions.problemId })
        .from(problemExtensions)
        .where(
          and(inArray(problemExtensions.problemId, ids), eq(problemExtensions.status, 'pending')),
        )
    : [];
  return (r: ProblemRow) => {
    const plan = plans.find((p) => p.problemId === r.id) ?? null;
    return {
      status: r.status,
      regionCode: r.regionCode,
      category: r.category,
      isKey: r.isKey,
      pendingPlan: plan
        ? {
            needsOfficeApproval: plan.needsOfficeApproval,
            approvals: plan.approvals as { department?: unknown; office?: unknown },
          }
        : null,
      pendingExtension: ext.some((e) => e.problemId === r.id),
    };
  };
}

const listColumns = {
  p: problems,
  areaName: areaNameOf(problems.residentialAreaId),
  regionName: sql<
    string | null
  >`(select r.name from regions r where r.code = ${problems.regionCode})`,
  districtName: sql<
    string | null
  >`(select r.name from regions r where r.code = left(${problems.regionCode}, 6))`,
  streetName: sql<
    string | null
  >`(select r.name from regions r where r.code = left(${problems.regionCode}, 9))`,
  campaignName: campaigns.name,
};

function present(
  actor: Actor,
  dept: ActorDepartment,
  row: {
    p: ProblemRow;
    areaName: string | null;
    regionName: string | null;
    districtName: string | null;
    streetName: string | null;
    campaignName: string | null;
  },
  factsOf: Awaited<ReturnType<typeof facts>>,
  today: string,
) {
  const p = row.p;
  return {
    id: p.id,
    title: p.title,
    residentialAreaId: p.residentialAreaId,
    areaName: row.areaName,
    regionCode: p.regionCode,
    regionName: row.regionName,
    streetName: row.streetName,
    districtCode: p.regionCode.slice(0, 6),
    districtName: row.districtName,
    facilityType: p.facilityType as FacilityTypeCode,
    category: p.category as CategoryCode,
    stage: p.stage,
    description: p.description,
    source: p.source,
    isKey: p.isKey,
    campaignId: p.campaignId,
    campaign: row.campaignName,
    status: p.status,
    statusName: PROBLEM_STATUS_NAMES[p.status],
    deadline: p.deadline,
    overdue: isOverdue(p, today),
    progressPercent: p.progressPercent,
    ruleId: p.ruleId,
    ruleVersion: p.ruleVersion,
    facilityId: p.facilityId,
    projectId: p.projectId,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    closedAt: p.closedAt?.toISOString() ?? null,
    version: p.version,
    abilities: problemAbilities(actor, dept, factsOf(p)),
  };
}

export type ProblemView = ReturnType<typeof present>;

/** Where a keyset page continues: after the last row of the previous page, in the list's order. */
export type ProblemKey = { deadline: string | null; id: number };

export function encodeProblemCursor(k: ProblemKey): string {
  return Buffer.from(`${k.deadline ?? ''}.${k.id}`).toString('base64url');
}

export function decodeProblemCursor(cursor: string): ProblemKey | null {
  const m = /^(\d{4}-\d{2}-\d{2})?\.(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? { deadline: m[1] ?? null, id: Number(m[2]) } : null;
}

/**
 * A page of problems. The count comes first; then only the ids of the page are found, through
 * `problems_list_idx` from whichever end of the list is nearer (or after a cursor, keyset), and
 * only those rows are joined to their names: a deep page costs what the first does.
 */
export async function findProblems(input: {
  db: Db;
  actor: Actor;
  filter: Omit<ProblemFilter, 'today'>;
  page: number;
  pageSize: number;
  order?: 'recent' | 'deadline';
  after?: ProblemKey | undefined;
}) {
  const { db, actor, filter, page, pageSize, order, after } = input;
  const what = ['problems', filter, page, pageSize, order ?? null, after ?? null];
  return problemAnswers.get(db, actor, what, () => readProblems(input));
}

async function readProblems(input: Parameters<typeof findProblems>[0]) {
  const { db, actor, after } = input;
  const today = todayInShanghai();
  const where = problemWhere(actor, { ...input.filter, today });
  const byDeadline = input.order === 'deadline';
  const forward = byDeadline
    ? [sql`${problems.deadline} asc nulls last`, asc(problems.id)]
    : [desc(problems.id)];
  const backward = byDeadline
    ? [sql`${problems.deadline} desc nulls first`, desc(problems.id)]
    : [asc(problems.id)];
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(problems)
    .where(where);
  let ids;
  let more: boolean;
  if (after) {
    const past = byDeadline
      ? after.deadline === null
        ? sql`(${problems.deadline} is null and ${problems.id} > ${after.id})`
        : sql`(${problems.deadline} is null or ${problems.deadline} > ${after.deadline} or (${problems.deadline} = ${after.deadline} and ${problems.id} > ${after.id}))`
      : sql`${problems.id} < ${after.id}`;
    ids = db
      .select({ id: problems.id })
      .from(problems)
      .where(and(where, past))
      .orderBy(...forward)
      .limit(input.pageSize);
  } else {
    const offset = (input.page - 1) * input.pageSize;
    const fromEnd = offset > total - offset - input.pageSize;
    ids = db
      .select({ id: problems.id })
      .from(problems)
      .where(where)
      .orderBy(...(fromEnd ? backward : forward))
      .limit(Math.max(0, Math.min(input.pageSize, total - offset)))
      .offset(fromEnd ? Math.max(0, total - offset - input.pageSize) : offset);
    more = offset + input.pageSize < total;
  }
  const rows =
    after || (input.page - 1) * input.pageSize < total
      ? await db
          .select(listColumns)
          .from(problems)
          .leftJoin(campaigns, eq(campaigns.id, problems.campaignId))
          .where(inArray(problems.id, ids))
          .orderBy(...forward)
      : [];
  if (after) more = rows.length === input.pageSize;
  const dept = await loadActorDepartment(db, actor);
  const factsOf = await facts(
    db,
    rows.map((r) => r.p),
  );
  const last = rows.at(-1)?.p;
  return {
    items: rows.map((r) => present(actor, dept, r, factsOf, today)),
    total,
    nextCursor: last && more! ? encodeProblemCursor(last) : null,
  };
}

/** One problem with its plans, timeline and extension requests (404 outside the scope). */
export async function findProblem(input: { db: Db; actor: Actor; id: number }) {
  return problemAnswers.get(input.db, input.actor, ['problem', input.id], () => readProblem(input));
}

async function readProblem(input: { db: Db; actor: Actor; id: number }) {
  const { db, actor, id } = input;
  const today = todayInShanghai();
  const [row] = await db
    .select(listColumns)
    .from(problems)
    .leftJoin(campaigns, eq(campaigns.id, problems.campaignId))
    .where(problemWhere(actor, { ids: [id], today }));
  if (!row) throw notFound('问题');
  const dept = await loadActorDepartment(db, actor);
  const factsOf = await facts(db, [row.p]);
  const plans = await db
    .select()
    .from(problemPlans)
    .where(eq(problemPlans.problemId, id))
    .orderBy(desc(problemPlans.revision));
  const events = await db
    .select()
    .from(problemEvents)
    .where(eq(problemEvents.problemId, id))
    .orderBy(asc(problemEvents.id));
  const extensions = await db
    .select()
    .from(problemExtensions)
    .where(eq(problemExtensions.problemId, id))
    .orderBy(desc(problemExtensions.id));
  const fileIds = [
    ...new Set([...events.flatMap((e) => e.attachmentIds), ...plans.flatMap((p) => p.documentIds)]),
  ];
  const files = fileIds.length
    ? await db
        .select({
          id: attachments.id,
          name: attachments.name,
          size: attachments.size,
          contentType: attachments.contentType,
        })
        .from(attachments)
        .where(inArray(attachments.id, fileIds))
    : [];
  const fileOf = (ids: number[]) =>
    ids.map((i) => files.find((f) => f.id === i)).filter((f) => f !== undefined);
  return {
    ...present(actor, dept, row, factsOf, today),
    plans: plans.map((p) => ({
      id: p.id,
      revision: p.revision,
      measures: p.measures,
      leadUnit: p.leadUnit,
      responsibleUnits: p.responsibleUnits,
      deadline: p.deadline,
      milestones: p.milestones as { name: string; date: string }[],
      oneCaseOnePlan: p.oneCaseOnePlan,
      documents: fileOf(p.documentIds),
      status: p.status,
      approvals: p.approvals as Record<string, { by: string; at: string }>,
      needsOfficeApproval: p.needsOfficeApproval,
      rejectReason: p.rejectReason,
      submittedAt: p.submittedAt.toISOString(),
    })),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: e.actorName,
      actorDepartment: e.actorDepartment,
      comment: e.comment,
      percent: e.percent,
      attachments: fileOf(e.attachmentIds),
      data: e.data,
      at: e.at.toISOString(),
    })),
    extensions: extensions.map((x) => ({
      id: x.id,
      requestedDeadline: x.requestedDeadline,
      reason: x.reason,
      status: x.status,
      requestedAt: x.requestedAt.toISOString(),
      decidedAt: x.decidedAt?.toISOString() ?? null,
      comment: x.comment,
    })),
  };
}

export type ProblemDetail = Awaited<ReturnType<typeof findProblem>>;

/** Campaigns (专项整治) with their progress in the actor's scope. */
export async function findCampaigns(input: { db: Db; actor: Actor }) {
  const { db, actor } = input;
  const today = todayInShanghai();
  const rows = await db.select().from(campaigns).orderBy(asc(campaigns.deadline));
  const counts = await db
    .select({
      campaignId: problems.campaignId,
      status: problems.status,
      n: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${problems.status} <> 'closed' and ${problems.deadline} < ${today})::int`,
    })
    .from(problems)
    .where(problemWhere(actor, { today }))
    .groupBy(problems.campaignId, problems.status);
  return rows.map((c) => {
    const mine = counts.filter((x) => x.campaignId === c.id);
    const byStatus: Record<string, number> = {
      open: 0,
      planned: 0,
      in_progress: 0,
      closure_requested: 0,
      closed: 0,
    };
    for (const x of mine) byStatus[x.status] = x.n;
    const total = mine.reduce((s, x) => s + x.n, 0);
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      deadline: c.deadline,
      facilityTypes: c.facilityTypes,
      description: c.description,
      total,
      byStatus,
      overdue: mine.reduce((s, x) => s + x.overdue, 0),
      closedRate: total === 0 ? 0 : (byStatus.closed ?? 0) / total,
      ended: c.deadline < today,
    };
  });
}

export const DEMO_CAMPAIGNS = [
  {
    code: 'kindergarten-2020',
    name: '城镇居住区幼儿园专项整治',
    deadline: '2020-12-31',
    facilityTypes: ['kindergarten'],
    description: '淄政办字〔2020〕34号 二.三：城镇居住区幼儿园专项整治工作必须于2020年底完成。',
  },
  {
    code: 'rectification-2021',
    name: '社区配套设施集中整治',
    deadline: '2021-12-31',
    facilityTypes: [],
    description:
      '淄政办字〔2020〕34号 一.三、二.三：六大类社区配套设施问题按“缺什么补什么”集中整治，2021年底全面完成。',
  },
];

/** The policy's two campaigns, loaded with the reference data (they are the policy's, not demo). */
export async function loadCampaigns(db: Db): Promise<void> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(campaigns);
  if (n > 0) return;
  await db.insert(campaigns).values(DEMO_CAMPAIGNS);
}
