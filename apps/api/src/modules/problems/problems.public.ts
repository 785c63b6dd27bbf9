import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { problemEvents, problemPlans, problems } from './problems.tables.ts';
import { ACTION_NAMES, PROBLEM_STATUS_NAMES, type ProblemAction } from './problem.workflow.ts';

/** Actions residents see on a public progress line (P13); internal ones (instructions) stay inside. */
const PUBLIC_ACTIONS = new Set([
  'create',
  'approve_plan',
  'report_progress',
  'request_closure',
  'approve_closure',
  'returned',
  'reopen',
  'decide_extension',
]);

export type PublicProblemProgress = {
  id: number;
  title: string;
  category: string;
  facilityType: string;
  residentialAreaId: number | null;
  status: string;
  statusName: string;
  deadline: string | null;
  progressPercent: number;
  closedAt: string | null;
  /** The measures of the plan in force (approved), without units' or staff names. */
  measures: string | null;
  events: { at: string; text: string; percent: number | null }[];
};

function eventText(action: string): string {
  if (action === 'create') return '登记为整改问题';
  if (action === 'returned') return '核验未通过，继续整改';
  if (action === 'decide_extension') return '延期申请已审批';
  if (action === 'approve_plan') return '整治方案已批准';
  return ACTION_NAMES[action as ProblemAction] ?? action;
}

/**
 * P13 public progress of problems: status, plan measures, deadline, progress and its dates — no
 * staff names, internal comments or attachments. `areaId` lists an area's problems instead.
 */
export async function publicProblemProgress(
  db: Db,
  by: { ids?: number[]; areaId?: number },
): Promise<PublicProblemProgress[]> {
  const where = by.ids
    ? by.ids.length
      ? inArray(problems.id, by.ids)
      : sql`false`
    : eq(problems.residentialAreaId, by.areaId ?? -1);
  const rows = await db.select().from(problems).where(where).orderBy(asc(problems.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const plans = await db
    .select({ problemId: problemPlans.problemId, measures: problemPlans.measures })
    .from(problemPlans)
    .where(and(inArray(problemPlans.problemId, ids), eq(problemPlans.status, 'approved')))
    .orderBy(asc(problemPlans.revision));
  const events = await db
    .select({
      problemId: problemEvents.problemId,
      action: problemEvents.action,
      percent: problemEvents.percent,
      at: problemEvents.at,
    })
    .from(problemEvents)
    .where(inArray(problemEvents.problemId, ids))
    .orderBy(asc(problemEvents.at), asc(problemEvents.id));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    facilityType: r.facilityType,
    residentialAreaId: r.residentialAreaId,
    status: r.status,
    statusName: PROBLEM_STATUS_NAMES[r.status],
    deadline: r.deadline,
    progressPercent: r.progressPercent,
    closedAt: r.closedAt?.toISOString() ?? null,
    measures: plans.filter((p) => p.problemId === r.id).at(-1)?.measures ?? null,
    events: events
      .filter((e) => e.problemId === r.id && PUBLIC_ACTIONS.has(e.action))
      .map((e) => ({ at: e.at.toISOString(), text: eventText(e.action), percent: e.percent })),
  }));
}
