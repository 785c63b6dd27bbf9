import { sql, type SQL } from 'drizzle-orm';
import { CATEGORIES, type LateEntry } from '@zibo/shared';
import { isTransaction, type Db } from '../../platform/db/client.ts';
import { sqlTextArray } from '../../platform/auth/scope.ts';
import { currentCity } from '../../platform/city.ts';
import {
  addDays,
  dateOfDayNumber,
  dayNumber,
  shanghaiDay,
  shanghaiDayNumber,
  shanghaiStart,
} from '../../platform/time.ts';
import {
  NONE,
  type DecisionFactColumns,
  type DecisionFigures,
  type ProblemFactColumns,
  type ProblemLateKind,
  type UnitCategoryFigures,
} from './problem-facts.ts';
import { problemFacts } from './problem-facts.cache.ts';

export type { DecisionFigures, UnitCategoryFigures };

/**
 * Supervision's read model: EVERY read supervision makes of another module's tables is here, and
 * only here (P11 measures the work the other modules record; it owns none of it). The problems'
 * figures — the league tables, the departments' decisions and most of the late list — are counted
 * from supervision's kept copy of the problems (problem-facts.ts, loaded and patched from
 * `loadProblemFacts` and the `problem_changes` rows below); the rest are plain SQL aggregates,
 * so the overview, the late list and the cockpit never load records one by one.
 *
 * Tables read, by owning module:
 * - problems:  problems, problem_plans, problem_events, problem_extensions, problem_changes,
 *              campaigns
 * - survey:    surveys, survey_submissions
 * - projects:  projects, project_gates, project_opinions
 * - org:       regions, departments (names only)
 * - supervision's own: tasks, supervision_orders (the late list's union)
 * Resident feedback (满意率, unanswered feedback) is not read here: the feedback module feeds it
 * in through registerSatisfactionSource / registerLateSource. orders.service.ts's rule run
 * (insert … select from problems) is the one other cross-module read, kept there because it is a
 * single statement that writes supervision_orders.
 *
 * A change to one of those tables' columns must be mirrored here; overview.test.ts and the
 * bulletins tests exercise every query. Dates are Shanghai dates; `asOf` is inclusive.
 */

export const SHANGHAI = 'Asia/Shanghai';
/** A timestamp column as a Shanghai date (platform/time.ts). */
export const day = shanghaiDay;

/** SQL: integer ids as one array parameter (one value, however many ids). */
const idArray = (ids: readonly number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const res: unknown = await db.execute(query);
  return (res as { rows: T[] }).rows;
}

/**
 * Per unit (the first `unitLength` digits of the problem's region code) and category: problems,
 * closed, overdue, plans due and written on time (first plan within `planWriteDays` of raising),
 * counted from the kept problem facts (problem-facts.ts holds the rules).
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
  if (input.categories.length === 0) return [];
  const facts = await problemFacts(db);
  return facts.figures({ ...input, asOf: dayNumber(input.asOf) });
}

/**
 * Every problem's facts (or those of `ids`; an absent id was deleted) and its decisions with the
 * request each answered, for problem-facts.ts, in one read-only snapshot. Each fact crosses as
 * one comma-separated value per query (one aggregate pass, so every list is in the same row
 * order): half a million rows as objects cost seconds in the embedded engine's row decoding.
 */
export async function loadProblemFacts(
  db: Db,
  ids: number[] | null,
): Promise<{ problems: ProblemFactColumns; decisions: DecisionFactColumns }> {
  const only = (column: string) =>
    ids ? sql`and ${sql.raw(column)} = any(${idArray(ids)})` : sql``;
  const none = sql`${NONE}::int`;
  const dayOf = (column: string) => sql`coalesce(${shanghaiDayNumber(column)}, ${none})`;
  const list = (column: string) => sql`coalesce(string_agg((${sql.raw(column)})::text, ','), '')`;
  const read = async (tx: Db) => {
    const [p] = await rowsOf<Record<string, string>>(
      tx,
      sql`select ${list('id')} as id, ${list('region_code')} as "regionCode",
        ${list('category')} as category, ${list('status')} as status,
        ${list('created')} as created, ${list('closed')} as closed,
        ${list('deadline')} as deadline, ${list('first_plan')} as "firstPlan",
        ${list('pending_revision')} as "pendingRevision", ${list('pending_plan')} as "pendingPlan",
        ${list('closure_request')} as "closureRequest", ${list('is_key')} as "isKey",
        ${list('campaign_id')} as "campaignId"
      from (select p.id, p.region_code, p.category, p.status, p.is_key::int as is_key,
        coalesce(p.campaign_id, 0) as campaign_id,
        ${dayOf('p.created_at')} as created, ${dayOf('p.closed_at')} as closed,
        coalesce(p.deadline - date '1970-01-01', ${none}) as deadline,
        ${dayOf('p.first_plan_at')} as first_plan,
        coalesce(pp.revision, 0) as pending_revision, ${dayOf('pp.submitted_at')} as pending_plan,
        case when p.status = 'closure_requested' then coalesce((select
          ${shanghaiDayNumber('max(e.at)')} from problem_events e
          where e.problem_id = p.id and e.action = 'request_closure'), ${none})
          else ${none} end as closure_request
      from problems p
      left join (select distinct on (pl.problem_id) pl.problem_id, pl.revision, pl.submitted_at
        from problem_plans pl where pl.status = 'submitted' ${only('pl.problem_id')}
        order by pl.problem_id, pl.revision desc) pp on pp.problem_id = p.id
      where true ${only('p.id')}) f`,
    );
    const extensions = await rowsOf<{ problemId: number; day: number }>(
      tx,
      sql`select x.problem_id as "problemId", ${shanghaiDayNumber('x.requested_at')} as day
      from problem_extensions x where x.status = 'pending' ${only('x.problem_id')}`,
    );
    // The request a decision answers is the latest of its kind at or before it: one pass of
    // window maxima over the problems' request and decision events.
    const [d] = await rowsOf<Record<string, string>>(
      tx,
      sql`select ${list('problem_id')} as "problemId", ${list('department')} as department,
        ${list('action')} as action, ${list('day')} as day, ${list('request_day')} as "requestDay"
      from (
        select e.problem_id, coalesce(e.actor_department, '') as department, e.action,
          ${shanghaiDayNumber('e.at')} as day, ${dayOf('e.request_at')} as request_day
        from (
          select e.problem_id, e.action, e.actor_department, e.at,
            case when e.action in ('approve_plan', 'reject_plan')
              then max(e.at) filter (where e.action = 'submit_plan') over w
              else max(e.at) filter (where e.action = 'request_closure') over w end as request_at
          from problem_events e
          where e.action in ('submit_plan', 'request_closure',
              'approve_plan', 'reject_plan', 'approve_closure', 'returned') ${only('e.problem_id')}
          window w as (partition by e.problem_id order by e.at)
        ) e
        where e.action in ('approve_plan', 'reject_plan', 'approve_closure', 'returned')
      ) f`,
    );
    const pendingExtensions = new Map<number, number[]>();
    for (const x of extensions) {
      const days = pendingExtensions.get(x.problemId);
      if (days) days.push(x.day);
      else pendingExtensions.set(x.problemId, [x.day]);
    }
    return {
      problems: {
        id: ints(p!.id!),
        regionCode: texts(p!.regionCode!),
        category: texts(p!.category!),
        status: texts(p!.status!),
        created: ints(p!.created!),
        closed: ints(p!.closed!),
        deadline: ints(p!.deadline!),
        firstPlan: ints(p!.firstPlan!),
        pendingRevision: ints(p!.pendingRevision!),
        pendingPlan: ints(p!.pendingPlan!),
        closureRequest: ints(p!.closureRequest!),
        isKey: ints(p!.isKey!),
        campaignId: ints(p!.campaignId!),
        pendingExtensions,
      },
      decisions: {
        problemId: ints(d!.problemId!),
        department: texts(d!.department!),
        action: texts(d!.action!),
        day: ints(d!.day!),
        requestDay: ints(d!.requestDay!),
      },
    };
  };
  return isTransaction(db)
    ? read(db)
    : db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** A comma-separated list of integers (as `string_agg` writes it). */
function ints(list: string): Int32Array {
  if (list === '') return new Int32Array(0);
  const parts = list.split(',');
  const out = new Int32Array(parts.length);
  for (let i = 0; i < parts.length; i++) out[i] = Number(parts[i]);
  return out;
}

/** A comma-separated list of codes (none contains a comma). */
function texts(list: string): string[] {
  return list === '' ? [] : list.split(',');
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

/**
 * Decisions per department kind (of the deciding department, whose code starts with
 * `departmentPrefix`: '' for the city's whole system, '<district code>-' for one district's): plans
 * approved or rejected, closures verified (approved or returned), each on time when made within
 * `decisionDays` of the request it answers (problem-facts.ts).
 */
export async function decisionFigures(
  db: Db,
  input: { prefix: string; departmentPrefix: string; asOf: string; decisionDays: number },
): Promise<DecisionFigures[]> {
  const facts = await problemFacts(db);
  return facts.decisionFigures({ ...input, asOf: dayNumber(input.asOf) });
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

/** The department kinds that file a survey ledger (the leads of the six categories). */
const FILING_KINDS = [...new Set(CATEGORIES.map((c) => c.leadDepartmentKind))];

/** SQL: the lead department kind of a problem's category. */
const leadKindOf = (category: SQL) =>
  sql`case ${category} ${sql.join(
    CATEGORIES.map((c) => sql`when ${c.code} then ${c.leadDepartmentKind}`),
    sql` `,
  )} end`;

type LateRow = {
  kind: LateEntry['kind'];
  unit: string;
  unitCode: string | null;
  what: string;
  dueDate: string;
  daysLate: number;
  link: string;
};

/** What a late list is asked for: where, which categories, as of when, by which settings. */
type LateInput = {
  regionCode: string;
  categories: readonly string[];
  asOf: string;
  decisionDays: number;
  planWriteDays: number;
  /** Most-late entries to list (the total counts all). */
  limit: number;
};

/**
 * 谁落后了 (P11): every unit behind a deadline the platform knows, within the region and
 * categories, most late first (ties by kind, link and text, so the list is deterministic);
 * `limit` bounds the list, `total` counts all.
 */
export async function lateRows(
  db: Db,
  input: LateInput,
): Promise<{ rows: LateEntry[]; total: number }> {
  // The problems' entries (plans, decisions, deadlines) are counted from the kept facts; the
  // other sources below are few rows each, read from their tables.
  const [fromProblems, others] = await Promise.all([problemLate(db, input), otherLate(db, input)]);
  const rows = [...fromProblems.rows, ...others.rows]
    .sort(
      (a, b) =>
        cmp(a.dueDate, b.dueDate) ||
        cmp(a.kind, b.kind) ||
        cmp(a.link, b.link) ||
        cmp(a.what, b.what),
    )
    .slice(0, input.limit);
  return { rows, total: fromProblems.total + others.total };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const PROBLEM_LATE_WHAT: Record<ProblemLateKind, (revision: number) => string> = {
  plan_writing: () => '整治方案未制定',
  plan_approval: (revision) => `整治方案第 ${revision} 版未审批`,
  closure_decision: () => '销号申请未核验',
  extension_decision: () => '延期申请未审批',
  problem_deadline: () => '逾期未销号',
};

/**
 * The problems' late entries: counted and chosen from the kept facts, then named — the problem's
 * title, and its unit: the district and street that own it, or the district's lead department
 * of its category for a decision.
 */
async function problemLate(
  db: Db,
  input: LateInput,
): Promise<{ rows: LateEntry[]; total: number }> {
  if (input.categories.length === 0) return { rows: [], total: 0 };
  const facts = await problemFacts(db);
  const asOf = dayNumber(input.asOf);
  const { entries, total } = facts.late({
    prefix: input.regionCode,
    categories: input.categories,
    asOf,
    planWriteDays: input.planWriteDays,
    decisionDays: input.decisionDays,
    limit: Math.max(1, input.limit),
  });
  if (entries.length === 0) return { rows: [], total };
  const ids = [...new Set(entries.map((e) => e.problemId))];
  const named = await rowsOf<{
    id: number;
    title: string;
    owner: string | null;
    street: string;
    lead: string | null;
    leadCode: string;
  }>(
    db,
    sql`select p.id, p.title,
      (select string_agg(rr.name, '' order by rr.code) from regions rr
        where rr.code in (left(p.region_code, 6), left(p.region_code, 9))) as owner,
      left(p.region_code, 9) as street,
      (select dd.name from departments dd
        where dd.code = left(p.region_code, 6) || '-' || ${leadKindOf(sql`p.category`)}) as lead,
      left(p.region_code, 6) || '-' || ${leadKindOf(sql`p.category`)} as "leadCode"
    from problems p where p.id = any(${idArray(ids)})`,
  );
  const byId = new Map(named.map((n) => [n.id, n]));
  const rows: LateEntry[] = [];
  for (const e of entries) {
    const n = byId.get(e.problemId);
    if (!n) continue; // deleted since the facts were read
    const decision = e.kind !== 'plan_writing' && e.kind !== 'problem_deadline';
    rows.push({
      kind: e.kind,
      unit: (decision ? n.lead : n.owner) ?? '',
      unitCode: decision ? n.leadCode : n.street,
      what: `问题 #${e.problemId} ${n.title}：${PROBLEM_LATE_WHAT[e.kind](e.revision)}`,
      dueDate: dateOfDayNumber(e.due),
      daysLate: asOf - e.due,
      link: `/problems/${e.problemId}`,
    });
  }
  return { rows, total };
}

/** The late entries that are not problems': surveys, reviews, supervision orders and tasks. */
async function otherLate(db: Db, input: LateInput): Promise<{ rows: LateEntry[]; total: number }> {
  const { regionCode, asOf } = input;
  const prefix = `${regionCode}%`;
  const d = input.decisionDays;
  const at = sql`${asOf}::date`;
  // Each source selects only its late entries, with its own condition on a stored date or instant
  // compared with a constant (no arithmetic per row, and an index can serve it).
  const decidedBy = shanghaiStart(addDays(asOf, -d));
  const parts: SQL[] = [
    // Surveys: ledgers not submitted by the deadline.
    sql`select 'survey_submission' as kind, r.name as unit, ss.district_code as unit_code,
      s.name || '：排查台账未报送' as what, s.deadline as due, '/surveys/' || s.id as link
      from survey_submissions ss join surveys s on s.id = ss.survey_id
      join regions r on r.code = ss.district_code
      where s.status = 'open' and ss.status in ('pending', 'returned')
        and ss.district_code like ${prefix} and s.deadline < ${at}`,
    // Surveys: submitted ledgers not filed by a lead department within the decision days.
    sql`select 'survey_filing', dep.name, dep.code,
      s.name || '：' || r.name || '台账未备案', ${day('ss.submitted_at')} + ${d}::int,
      '/surveys/' || s.id
      from survey_submissions ss join surveys s on s.id = ss.survey_id
      join regions r on r.code = ss.district_code
      cross join unnest(${sqlTextArray(FILING_KINDS)}) as k(kind)
      join departments dep on dep.code = ${currentCity().code}::text || '-' || k.kind
      where ss.status = 'submitted' and ss.filings -> k.kind is null
        and ss.district_code like ${prefix} and ss.submitted_at < ${decidedBy}`,
    // Joint-review opinions not given by the deadline (current round).
    sql`select 'review_opinion', dep.name, dep.code,
      pr.name || '：联审意见未出具', g.opinion_deadline, '/projects/' || pr.id
      from project_gates g join projects pr on pr.id = g.project_id
      cross join lateral unnest(g.required_departments) as rd(code)
      join departments dep on dep.code = rd.code
      where g.status = 'open' and g.opinion_deadline < ${at} and g.round > 0
        and g.gate <> 'use_supervision' and pr.region_code like ${prefix}
        and not exists (select 1 from project_opinions o where o.project_id = g.project_id
          and o.gate = g.gate and o.round = g.round and o.department_code = rd.code)`,
    // Supervision orders not signed for, or not answered, by their dates.
    sql`select 'order_sign', o.target_name, o.target_code,
      '督办单 #' || o.id || ' ' || o.title || '：未签收', o.sign_due_date,
      '/supervision?tab=orders&order=' || o.id
      from supervision_orders o where o.status = 'issued' and o.scope_region_code like ${prefix}
        and o.sign_due_date < ${at}`,
    sql`select 'order_reply', o.target_name, o.target_code,
      '督办单 #' || o.id || ' ' || o.title || '：未答复', o.reply_due_date,
      '/supervision?tab=orders&order=' || o.id
      from supervision_orders o where o.status = 'signed' and o.scope_region_code like ${prefix}
        and o.reply_due_date < ${at}`,
  ];
  // The task breakdown is the city's: it is late for the city's viewers only.
  if (regionCode.length === 4)
    parts.push(sql`select 'task', coalesce(dep.name, t.lead_department_code),
      t.lead_department_code, '任务：' || t.name || '（进度 ' || round(t.progress_percent)::int || '%）',
      t.deadline, '/tasks'
      from tasks t left join departments dep on dep.code = t.lead_department_code
      where t.deadline < ${at} and t.progress_percent < 100`);

  // One pass per source: its late rows are counted (a window over the whole source) while only
  // its own most-late \`limit\` rows are kept, so neither the whole union nor its sort is ever
  // materialised, and no source is read twice. The wide columns are computed for the kept rows
  // only: PostgreSQL evaluates costly output expressions after a sort with a limit.
  const cols = sql`late(kind, unit, unit_code, what, due, link)`;
  const heads = parts.map(
    (part) => sql`(select kind, unit, unit_code, what, due, link, count(*) over () as n
      from (${part}) as ${cols} order by due asc, kind, link, what limit ${Math.max(1, input.limit)})`,
  );
  const rows = await rowsOf<LateRow & { total: number }>(
    db,
    sql`with heads as (${sql.join(heads, sql` union all `)})
      select kind, coalesce(unit, '') as unit, unit_code as "unitCode", what,
        to_char(due, 'YYYY-MM-DD') as "dueDate", (${at} - due)::int as "daysLate", link,
        (select coalesce(sum(n), 0) from (select max(n) as n from heads group by kind) c)::int
          as total
      from heads
      order by due asc, kind, link, what
      limit ${input.limit}`,
  );
  // Every row carries the total; with no late row at all there is nothing to count.
  const total = rows[0]?.total ?? 0;
  return { rows: rows.map(({ total: _, ...row }) => row), total };
}

export type CockpitTotals = {
  problems: number;
  closed: number;
  open: number;
  overdue: number;
  key: number;
  closureRate: number;
};
export type CockpitMonth = { month: string; raised: number; closed: number; open: number };

/**
 * 领导驾驶舱 (P11) figures of a region's problems in the viewer's categories: totals, the last
 * twelve months, categories, campaigns, and the key problems (20) with their events. The counts
 * come from the kept problem facts (problem-facts.ts); names and events from the tables.
 */
export async function cockpitFigures(
  db: Db,
  input: { regionCode: string; categories: readonly string[]; asOf: string },
) {
  const { asOf } = input;
  const campaignRows = await rowsOf<{ id: number; name: string; deadline: string }>(
    db,
    sql`select c.id, c.name, to_char(c.deadline, 'YYYY-MM-DD') as deadline
      from campaigns c order by c.deadline, c.id`,
  );
  // The twelve months up to the as-of date's, each from its first day to the next month's.
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const monthStart = (k: number) => {
    const d = new Date(Date.UTC(year, month - 1 - k, 1));
    return d.toISOString().slice(0, 10);
  };
  const months = Array.from({ length: 12 }, (_, i) => {
    const k = 11 - i;
    return { label: monthStart(k).slice(0, 7), start: monthStart(k), next: monthStart(k - 1) };
  });
  const facts = await problemFacts(db);
  const counted = facts.cockpit({
    prefix: input.regionCode,
    categories: input.categories,
    asOf: dayNumber(asOf),
    months: months.map((m) => ({ start: dayNumber(m.start), next: dayNumber(m.next) })),
    campaigns: new Set(campaignRows.map((c) => c.id)),
    keyLimit: 20,
  });
  const totals: CockpitTotals = {
    ...counted.totals,
    closureRate: counted.totals.problems > 0 ? counted.totals.closed / counted.totals.problems : 0,
  };
  const monthRows: CockpitMonth[] = months.map((m, i) => ({
    month: m.label,
    ...counted.months[i]!,
  }));
  const campaigns = campaignRows.map((c) => ({
    ...c,
    ...(counted.campaigns.get(c.id) ?? { problems: 0, closed: 0, overdue: 0 }),
  }));

  const ids = counted.keyIds;
  const keyRows = ids.length
    ? await rowsOf<{
        id: number;
        title: string;
        regionName: string;
        status: string;
        deadline: string | null;
        progressPercent: number;
      }>(
        db,
        sql`select p.id, p.title,
          (select string_agg(rr.name, '' order by rr.code) from regions rr
            where rr.code in (left(p.region_code, 6), left(p.region_code, 9))) as "regionName",
          p.status, to_char(p.deadline, 'YYYY-MM-DD') as deadline,
          p.progress_percent as "progressPercent"
        from problems p where p.id = any(${idArray(ids)})`,
      )
    : [];
  // In the facts' order (not closed first, then by deadline, then by id).
  const order = new Map(ids.map((id, i) => [id, i]));
  keyRows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const events = ids.length
    ? await rowsOf<{
        problemId: number;
        action: string;
        actorName: string | null;
        comment: string | null;
        at: string;
      }>(
        db,
        sql`select problem_id as "problemId", action, actor_name as "actorName", comment,
          to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as at
        from problem_events where problem_id = any(${idArray(ids)})
        order by problem_id, at, id`,
      )
    : [];
  return {
    totals,
    months: monthRows,
    categories: counted.categories,
    campaigns,
    keyRows,
    events,
  };
}

/** A `problem_changes` row: the problems one statement touched (problem-facts.cache.ts). */
export type ProblemChange = { seq: number; ids: number[]; settled: boolean };

/**
 * The change rows after `floor`, in order; `settled` when older than `settledAfter` (an SQL
 * interval), so no transaction that took a lower number can still commit. The ids of the rows
 * in `applied` are not sent again (a bulk write's row names every problem it touched).
 */
export async function problemChangesAfter(
  db: Db,
  floor: number,
  settledAfter: string,
  applied: Iterable<number> = [],
): Promise<ProblemChange[]> {
  const skip = `{${[...applied].filter((n) => n > floor).join(',')}}`;
  return rowsOf<ProblemChange>(
    db,
    sql`select seq::int as seq,
        case when seq = any(${skip}::bigint[]) then '{}'::int[] else ids end as ids,
        at < now() - ${settledAfter}::interval as settled
      from problem_changes where seq > ${floor} order by seq`,
  );
}

/** The highest change number settled (older than `settledAfter`), or 0. */
export async function settledProblemChange(db: Db, settledAfter: string): Promise<number> {
  const [row] = await rowsOf<{ seq: number }>(
    db,
    sql`select coalesce(max(seq), 0)::int as seq from problem_changes
      where at < now() - ${settledAfter}::interval`,
  );
  return row?.seq ?? 0;
}

/** The last change number taken (whether or not its row was committed, or is still kept). */
export async function lastProblemChangeNumber(db: Db): Promise<number> {
  const [row] = await rowsOf<{ last: number }>(
    db,
    sql`select last_value::int as last from problem_changes_seq_seq`,
  );
  return row?.last ?? 0;
}

/** Drops the change rows older than `retained` (an SQL interval). */
export async function pruneProblemChanges(db: Db, retained: string): Promise<void> {
  await db.execute(sql`delete from problem_changes where at < now() - ${retained}::interval`);
}
