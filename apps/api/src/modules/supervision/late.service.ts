import { sql, type SQL } from 'drizzle-orm';
import { CATEGORIES, type LateEntry, type SupervisionSettings } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlTextArray } from '../../platform/auth/scope.ts';
import { day, rowsOf } from './overview.repo.ts';

/** The department kinds that file a survey ledger (the leads of the six categories). */
const FILING_KINDS = [...new Set(CATEGORIES.map((c) => c.leadDepartmentKind))];

/** SQL: the lead department kind of a problem's category. */
const leadKindOf = (category: SQL) =>
  sql`case ${category} ${sql.join(
    CATEGORIES.map((c) => sql`when ${c.code} then ${c.leadDepartmentKind}`),
    sql` `,
  )} end`;

/** Extra late entries from modules supervision does not depend on (e.g. resident feedback). */
type LateSource = (input: {
  db: Db;
  actor: Actor;
  regionCode: string;
  categories: readonly string[];
  asOf: string;
}) => Promise<LateEntry[]>;
const lateSources: LateSource[] = [];
export function registerLateSource(source: LateSource): void {
  lateSources.push(source);
}

type LateRow = {
  kind: LateEntry['kind'];
  unit: string;
  unitCode: string | null;
  what: string;
  dueDate: string;
  daysLate: number;
  link: string;
};

/**
 * 谁落后了 (P11): every unit behind a deadline the platform knows, within the viewer's region and
 * categories, most late first. One UNION ALL query; `limit` bounds the list, `total` counts all.
 */
export async function findLate(input: {
  db: Db;
  actor: Actor;
  regionCode: string;
  categories: readonly string[];
  asOf: string;
  settings: SupervisionSettings;
  limit: number;
}): Promise<{ items: LateEntry[]; total: number }> {
  const { db, regionCode, asOf, settings } = input;
  const prefix = `${regionCode}%`;
  const d = settings.decisionDays;
  const w = settings.planWriteDays;
  const at = sql`${asOf}::date`;
  const cats = input.categories.length ? sqlTextArray(input.categories) : sql`array[]::text[]`;
  // The district's own lead department of the problem's category, by name.
  const leadDept = sql`(select dd.name from departments dd
    where dd.code = left(p.region_code, 6) || '-' || ${leadKindOf(sql`p.category`)})`;
  const leadDeptCode = sql`left(p.region_code, 6) || '-' || ${leadKindOf(sql`p.category`)}`;
  const owner = sql`(select string_agg(rr.name, '' order by rr.code) from regions rr
    where rr.code in (left(p.region_code, 6), left(p.region_code, 9)))`;
  const problemScope = sql`p.region_code like ${prefix} and p.category = any(${cats})`;

  const parts: SQL[] = [
    // Surveys: ledgers not submitted by the deadline.
    sql`select 'survey_submission' as kind, r.name as unit, ss.district_code as unit_code,
      s.name || '：排查台账未报送' as what, s.deadline as due, '/surveys/' || s.id as link
      from survey_submissions ss join surveys s on s.id = ss.survey_id
      join regions r on r.code = ss.district_code
      where s.status = 'open' and ss.status in ('pending', 'returned')
        and ss.district_code like ${prefix}`,
    // Surveys: submitted ledgers not filed by a lead department within the decision days.
    sql`select 'survey_filing', dep.name, dep.code,
      s.name || '：' || r.name || '台账未备案', ${day('ss.submitted_at')} + ${d}::int,
      '/surveys/' || s.id
      from survey_submissions ss join surveys s on s.id = ss.survey_id
      join regions r on r.code = ss.district_code
      cross join unnest(${sqlTextArray(FILING_KINDS)}) as k(kind)
      join departments dep on dep.code = '3703-' || k.kind
      where ss.status = 'submitted' and ss.filings -> k.kind is null
        and ss.district_code like ${prefix}`,
    // Plans not written within the plan-writing days of raising the problem.
    sql`select 'plan_writing', ${owner}, left(p.region_code, 9),
      '问题 #' || p.id || ' ' || p.title || '：整治方案未制定', ${day('p.created_at')} + ${w}::int,
      '/problems/' || p.id
      from problems p where p.status = 'open' and ${problemScope}`,
    // Plans submitted and not decided within the decision days.
    sql`select 'plan_approval', ${leadDept}, ${leadDeptCode},
      '问题 #' || p.id || ' ' || p.title || '：整治方案第 ' || pl.revision || ' 版未审批',
      ${day('pl.submitted_at')} + ${d}::int, '/problems/' || p.id
      from problem_plans pl join problems p on p.id = pl.problem_id
      where pl.status = 'submitted' and ${problemScope}`,
    // Closure requests not verified within the decision days.
    sql`select 'closure_decision', ${leadDept}, ${leadDeptCode},
      '问题 #' || p.id || ' ' || p.title || '：销号申请未核验',
      (select ${day('max(e.at)')} from problem_events e
        where e.problem_id = p.id and e.action = 'request_closure') + ${d}::int,
      '/problems/' || p.id
      from problems p where p.status = 'closure_requested' and ${problemScope}`,
    // Extension requests not decided within the decision days.
    sql`select 'extension_decision', ${leadDept}, ${leadDeptCode},
      '问题 #' || p.id || ' ' || p.title || '：延期申请未审批',
      ${day('x.requested_at')} + ${d}::int, '/problems/' || p.id
      from problem_extensions x join problems p on p.id = x.problem_id
      where x.status = 'pending' and ${problemScope}`,
    // Problems past their deadline and not closed.
    sql`select 'problem_deadline', ${owner}, left(p.region_code, 9),
      '问题 #' || p.id || ' ' || p.title || '：逾期未销号', p.deadline, '/problems/' || p.id
      from problems p where p.status <> 'closed' and p.deadline is not null and ${problemScope}`,
    // Joint-review opinions not given by the deadline (current round).
    sql`select 'review_opinion', dep.name, dep.code,
      pr.name || '：联审意见未出具', g.opinion_deadline, '/projects/' || pr.id
      from project_gates g join projects pr on pr.id = g.project_id
      cross join lateral unnest(g.required_departments) as rd(code)
      join departments dep on dep.code = rd.code
      where g.status = 'open' and g.opinion_deadline is not null and g.round > 0
        and g.gate <> 'use_supervision' and pr.region_code like ${prefix}
        and not exists (select 1 from project_opinions o where o.project_id = g.project_id
          and o.gate = g.gate and o.round = g.round and o.department_code = rd.code)`,
    // Supervision orders not signed for, or not answered, by their dates.
    sql`select 'order_sign', o.target_name, o.target_code,
      '督办单 #' || o.id || ' ' || o.title || '：未签收', o.sign_due_date,
      '/supervision?tab=orders&order=' || o.id
      from supervision_orders o where o.status = 'issued' and o.scope_region_code like ${prefix}`,
    sql`select 'order_reply', o.target_name, o.target_code,
      '督办单 #' || o.id || ' ' || o.title || '：未答复', o.reply_due_date,
      '/supervision?tab=orders&order=' || o.id
      from supervision_orders o where o.status = 'signed' and o.scope_region_code like ${prefix}`,
  ];
  // The task breakdown is the city's: it is late for the city's viewers only.
  if (regionCode.length === 4)
    parts.push(sql`select 'task', coalesce(dep.name, t.lead_department_code),
      t.lead_department_code, '任务：' || t.name || '（进度 ' || round(t.progress_percent)::int || '%）',
      t.deadline, '/tasks'
      from tasks t left join departments dep on dep.code = t.lead_department_code
      where t.deadline is not null and t.progress_percent < 100`);

  const all = sql`(${sql.join(parts, sql` union all `)})`;
  const rows = await rowsOf<LateRow & { total: number }>(
    db,
    sql`select kind, coalesce(unit, '') as unit, unit_code as "unitCode", what,
        to_char(due, 'YYYY-MM-DD') as "dueDate", (${at} - due)::int as "daysLate", link,
        count(*) over ()::int as total
      from ${all} as late(kind, unit, unit_code, what, due, link)
      where due < ${at}
      order by due asc, kind, link
      limit ${input.limit}`,
  );
  let total = rows[0]?.total ?? 0;
  const items: LateEntry[] = rows.map(({ total: _t, ...r }) => r);
  for (const source of lateSources) {
    const extra = await source({ ...input });
    items.push(...extra.filter((e) => e.daysLate > 0));
    total += extra.length;
  }
  items.sort((a, b) => b.daysLate - a.daysLate || a.link.localeCompare(b.link));
  return { items: items.slice(0, input.limit), total };
}
