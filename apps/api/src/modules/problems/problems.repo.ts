import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CategoryCode } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { categoryInScope, regionInScope } from '../../platform/auth/scope.ts';
import { shanghaiDay } from '../../platform/time.ts';
import { departments } from '../org/index.ts';
import type { ActorDepartment } from './problems.policy.ts';
import type { ProblemStatus } from './problem.workflow.ts';
import { problemExtensions, problemPlans, problems } from './problems.tables.ts';

export type ProblemFilter = {
  region?: string | undefined;
  category?: string | undefined;
  facilityType?: string | undefined;
  status?: string | undefined;
  stage?: string | undefined;
  source?: string | undefined;
  isKey?: boolean | undefined;
  campaignId?: number | undefined;
  residentialAreaId?: number | undefined;
  overdue?: boolean | undefined;
  open?: boolean | undefined;
  month?: string | undefined;
  monthOf?: 'raised' | 'closed' | 'open' | undefined;
  awaiting?: 'plan_approval' | 'closure_decision' | 'extension_decision' | undefined;
  q?: string | undefined;
  ids?: number[] | undefined;
  today: string;
};

/** Scope first (region subtree × categories), then the filter. */
export function problemWhere(actor: Actor, f: ProblemFilter): SQL | undefined {
  const conds: SQL[] = [
    regionInScope(problems.regionCode, actor),
    categoryInScope(problems.category, actor),
  ];
  if (f.region) conds.push(sql`${problems.regionCode} like ${`${f.region}%`}`);
  if (f.category) conds.push(eq(problems.category, f.category));
  if (f.facilityType) conds.push(eq(problems.facilityType, f.facilityType));
  if (f.status) conds.push(eq(problems.status, f.status as never));
  if (f.stage) conds.push(eq(problems.stage, f.stage as never));
  if (f.source) conds.push(eq(problems.source, f.source as never));
  if (f.isKey !== undefined) conds.push(eq(problems.isKey, f.isKey));
  if (f.campaignId) conds.push(eq(problems.campaignId, f.campaignId));
  if (f.residentialAreaId) conds.push(eq(problems.residentialAreaId, f.residentialAreaId));
  if (f.overdue === true)
    conds.push(sql`${problems.status} <> 'closed' and ${problems.deadline} < ${f.today}`);
  if (f.overdue === false)
    conds.push(
      sql`not (${problems.status} <> 'closed' and coalesce(${problems.deadline} < ${f.today}, false))`,
    );
  if (f.open === true) conds.push(sql`${problems.status} <> 'closed'`);
  if (f.open === false) conds.push(eq(problems.status, 'closed'));
  if (f.month) {
    // The same month arithmetic as the cockpit's chart (supervision/read-model.ts).
    const start = sql`${`${f.month}-01`}::date`;
    const end = sql`(${`${f.month}-01`}::date + interval '1 month')::date`;
    const created = shanghaiDay(sql`${problems.createdAt}`);
    const closed = shanghaiDay(sql`${problems.closedAt}`);
    if (f.monthOf === 'closed')
      conds.push(
        sql`${problems.status} = 'closed' and ${closed} >= ${start} and ${closed} < ${end}`,
      );
    else if (f.monthOf === 'open')
      conds.push(
        sql`${created} < ${end} and (${problems.status} <> 'closed' or ${closed} >= ${end})`,
      );
    else conds.push(sql`${created} >= ${start} and ${created} < ${end}`);
  }
  if (f.awaiting === 'plan_approval') conds.push(eq(problems.status, 'planned'));
  if (f.awaiting === 'closure_decision') conds.push(eq(problems.status, 'closure_requested'));
  if (f.awaiting === 'extension_decision') {
    conds.push(
      sql`exists (select 1 from ${problemExtensions} e where e.problem_id = ${problems.id} and e.status = 'pending')`,
    );
  }
  if (f.q)
    conds.push(
      sql`(${problems.title} ilike ${`%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} or ${problems.description} ilike ${`%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`})`,
    );
  if (f.ids) conds.push(f.ids.length ? inArray(problems.id, f.ids) : sql`false`);
  return and(...conds);
}

export async function loadActorDepartment(db: Db, actor: Actor): Promise<ActorDepartment> {
  if (!actor.departmentCode || !actor.roles.includes('department')) return null;
  const [d] = await db.select().from(departments).where(eq(departments.code, actor.departmentCode));
  return d
    ? { code: d.code, categories: d.categories as CategoryCode[], regionCode: d.regionCode }
    : null;
}

/** The plan revision awaiting approval, if any. */
export async function pendingPlanOf(db: Db, problemId: number) {
  const [plan] = await db
    .select()
    .from(problemPlans)
    .where(and(eq(problemPlans.problemId, problemId), eq(problemPlans.status, 'submitted')))
    .orderBy(sql`${problemPlans.revision} desc`)
    .limit(1);
  return plan ?? null;
}

type Recipients = {
  owners: number[];
  leadDepartment: number[];
  office: number[];
  leaders: number[];
};

/**
 * Who is told about a problem (three-level supervision, P11): its owners (district/street staff
 * whose region covers it), its lead department's staff, the office, and the leaders.
 */
export async function recipientsOf(
  db: Db,
  p: { regionCode: string; category: string },
): Promise<Recipients> {
  const rows = await db
    .select({
      id: users.id,
      roles: users.roles,
      regionCode: users.regionCode,
      categories: users.categories,
      deptCategories: departments.categories,
      deptRegion: departments.regionCode,
    })
    .from(users)
    .leftJoin(departments, eq(departments.code, users.departmentCode))
    .where(eq(users.disabled, false));
  const out: Recipients = { owners: [], leadDepartment: [], office: [], leaders: [] };
  for (const u of rows) {
    const covers = !!u.regionCode && p.regionCode.startsWith(u.regionCode);
    if (
      (u.roles.includes('district') || u.roles.includes('street')) &&
      covers &&
      (u.regionCode?.length ?? 0) >= 6 &&
      u.categories.includes(p.category)
    ) {
      out.owners.push(u.id);
    }
    if (
      u.roles.includes('department') &&
      u.deptCategories?.includes(p.category) &&
      u.deptRegion &&
      p.regionCode.startsWith(u.deptRegion)
    ) {
      out.leadDepartment.push(u.id);
    }
    if (u.roles.includes('office')) out.office.push(u.id);
    if (u.roles.includes('leader') && covers) out.leaders.push(u.id);
  }
  return out;
}

/** Whether the problem exists inside the actor's scope (others answer 404 about it). */
export async function canSeeProblem(db: Db, actor: Actor, id: number): Promise<boolean> {
  const [row] = await db
    .select({ id: problems.id })
    .from(problems)
    .where(
      and(
        eq(problems.id, id),
        regionInScope(problems.regionCode, actor),
        categoryInScope(problems.category, actor),
      ),
    );
  return row !== undefined;
}

/** The key of the problem raised from a gap finding: one open problem per area × type × rule. */
export function findingKeyOf(f: {
  residentialAreaId: number;
  facilityType: string;
  ruleId: string;
}): string {
  return `${f.residentialAreaId}:${f.facilityType}:${f.ruleId}`;
}

export type FindingProblem = { id: number; status: ProblemStatus };

/**
 * The problem raised from each finding key, within the actor's scope: the open one where there
 * is one (at most one is open), else the latest closed one. Keys without a problem are absent.
 * `keys` is a page's (a few hundred at most); `'all'` reads every finding's problem in scope, for
 * an export of the whole list.
 */
export async function problemsOfFindings(
  db: Db,
  actor: Actor,
  keys: readonly string[] | 'all',
): Promise<Map<string, FindingProblem>> {
  const out = new Map<string, FindingProblem>();
  if (keys !== 'all' && keys.length === 0) return out;
  const rows = await db
    .select({ key: problems.findingKey, id: problems.id, status: problems.status })
    .from(problems)
    .where(
      and(
        keys === 'all'
          ? sql`${problems.findingKey} is not null`
          : inArray(problems.findingKey, [...new Set(keys)]),
        regionInScope(problems.regionCode, actor),
        categoryInScope(problems.category, actor),
      ),
    );
  for (const r of rows) {
    const known = out.get(r.key!);
    const closed = r.status === 'closed';
    const knownClosed = known?.status === 'closed';
    if (!known || (knownClosed && (!closed || r.id > known.id)))
      out.set(r.key!, { id: r.id, status: r.status });
  }
  return out;
}
