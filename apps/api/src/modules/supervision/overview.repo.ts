import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { sqlTextArray } from '../../platform/auth/scope.ts';

/**
 * SQL aggregates behind the league tables (P11). Every figure is a GROUP BY over the region-code
 * prefix and the category, so the overview never loads the problems themselves.
 * Dates are Shanghai dates; `asOf` is inclusive.
 */

export const SHANGHAI = 'Asia/Shanghai';
/**
 * A timestamp column as a Shanghai date (UTC+8, no daylight saving since 1991), by arithmetic:
 * `at time zone 'Asia/Shanghai'` costs a zone lookup per row, which dominated the overview.
 */
export const day = (column: SQL | string) => {
  const c = typeof column === 'string' ? sql.raw(column) : column;
  return sql`(date '1970-01-01' + floor((extract(epoch from ${c}) + 28800) / 86400)::int)`;
};

export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const res: unknown = await db.execute(query);
  return (res as { rows: T[] }).rows;
}

export type UnitCategoryFigures = {
  unit: string;
  category: string;
  problems: number;
  closed: number;
  overdue: number;
  plansDue: number;
  plansOnTime: number;
};

/**
 * Per unit (the first `unitLength` digits of the problem's region code) and category: problems,
 * closed, overdue, plans due and written on time (first plan within `planWriteDays` of raising).
 */
export async function problemFigures(
  db: Db,
  input: {
    prefix: string;
    unitLength: number;
    categories: readonly string[];
    asOf: string;
    planWriteDays: number;
  },
): Promise<UnitCategoryFigures[]> {
  const { prefix, unitLength, categories, asOf, planWriteDays } = input;
  if (categories.length === 0) return [];
  const created = day('p.created_at');
  return rowsOf<UnitCategoryFigures>(
    db,
    sql`
    select left(p.region_code, ${unitLength}) as unit, p.category,
      count(*)::int as problems,
      count(*) filter (where p.status = 'closed' and ${day('p.closed_at')} <= ${asOf}::date)::int as closed,
      count(*) filter (where p.status <> 'closed' and p.deadline < ${asOf}::date)::int as overdue,
      count(*) filter (where ${day('fp.first_at')} <= ${asOf}::date
        or ${created} + ${planWriteDays}::int < ${asOf}::date)::int as "plansDue",
      count(*) filter (where ${day('fp.first_at')} <= ${created} + ${planWriteDays}::int
        and ${day('fp.first_at')} <= ${asOf}::date)::int as "plansOnTime"
    from problems p
    cross join lateral (
      select min(pl.submitted_at) as first_at from problem_plans pl where pl.problem_id = p.id
    ) fp
    where p.region_code like ${`${prefix}%`}
      and p.category = any(${sqlTextArray(categories)})
      and ${created} <= ${asOf}::date
    group by 1, 2`,
  );
}

export type SurveyFigures = { district: string; due: number; onTime: number };

/** Survey submissions per district: due (deadline passed, or submitted) and submitted on time. */
export async function surveyFigures(
  db: Db,
  input: { prefix: string; asOf: string },
): Promise<SurveyFigures[]> {
  const district = input.prefix.slice(0, 6);
  const where =
    input.prefix.length >= 6
      ? sql`ss.district_code = ${district}`
      : sql`ss.district_code like ${`${input.prefix}%`}`;
  return rowsOf<SurveyFigures>(
    db,
    sql`
    select ss.district_code as district,
      count(*) filter (where s.deadline < ${input.asOf}::date
        or ${day('ss.submitted_at')} <= ${input.asOf}::date)::int as due,
      count(*) filter (where ${day('ss.submitted_at')} <= s.deadline
        and ${day('ss.submitted_at')} <= ${input.asOf}::date)::int as "onTime"
    from survey_submissions ss join surveys s on s.id = ss.survey_id
    where ${where} and ${day('s.created_at')} <= ${input.asOf}::date
    group by 1`,
  );
}

export type DecisionFigures = {
  kind: string;
  plansDecided: number;
  plansApproved: number;
  plansOnTime: number;
  closuresVerified: number;
  closuresOnTime: number;
};

/**
 * Decisions per department kind (of the event's actor department, whose code starts with
 * `departmentPrefix`: '' for the city's whole system, '370303-' for one district's): plans
 * approved or rejected, closures verified (approved or returned), each on time when made within
 * `decisionDays` of the request it answers.
 */
export async function decisionFigures(
  db: Db,
  input: { prefix: string; departmentPrefix: string; asOf: string; decisionDays: number },
): Promise<DecisionFigures[]> {
  const d = input.decisionDays;
  const onTime = sql`${day('e.at')} <= ${day('r.at')} + ${d}::int`;
  return rowsOf<DecisionFigures>(
    db,
    sql`
    select split_part(e.actor_department, '-', 2) as kind,
      count(*) filter (where e.action in ('approve_plan', 'reject_plan'))::int as "plansDecided",
      count(*) filter (where e.action = 'approve_plan')::int as "plansApproved",
      count(*) filter (where e.action in ('approve_plan', 'reject_plan') and ${onTime})::int as "plansOnTime",
      count(*) filter (where e.action in ('approve_closure', 'returned'))::int as "closuresVerified",
      count(*) filter (where e.action in ('approve_closure', 'returned') and ${onTime})::int as "closuresOnTime"
    from problem_events e
    join problems p on p.id = e.problem_id
    left join lateral (
      select max(x.at) as at from problem_events x
      where x.problem_id = e.problem_id and x.at <= e.at
        and x.action = case when e.action in ('approve_plan', 'reject_plan')
          then 'submit_plan' else 'request_closure' end
    ) r on true
    where e.action in ('approve_plan', 'reject_plan', 'approve_closure', 'returned')
      and e.actor_department like ${`${input.departmentPrefix}%-%`}
      and p.region_code like ${`${input.prefix}%`}
      and ${day('e.at')} <= ${input.asOf}::date
    group by 1`,
  );
}

export type OpinionFigures = { kind: string; due: number; onTime: number };

/**
 * Joint-review opinions per required department, for each gate's current round with a deadline:
 * due when the deadline has passed or the opinion is in; on time when given by the deadline.
 */
export async function opinionFigures(
  db: Db,
  input: { prefix: string; departmentPrefix: string; asOf: string },
): Promise<OpinionFigures[]> {
  return rowsOf<OpinionFigures>(
    db,
    sql`
    select split_part(d.code, '-', 2) as kind,
      count(*)::int as due,
      count(*) filter (where o.id is not null and ${day('o.at')} <= g.opinion_deadline)::int as "onTime"
    from project_gates g
    join projects pr on pr.id = g.project_id
    cross join lateral unnest(g.required_departments) as d(code)
    left join project_opinions o on o.project_id = g.project_id and o.gate = g.gate
      and o.round = g.round and o.department_code = d.code and ${day('o.at')} <= ${input.asOf}::date
    where g.opinion_deadline is not null and g.round > 0 and g.gate <> 'use_supervision'
      and pr.region_code like ${`${input.prefix}%`}
      and d.code like ${`${input.departmentPrefix}%-%`}
      and (g.opinion_deadline < ${input.asOf}::date or o.id is not null)
    group by 1`,
  );
}
