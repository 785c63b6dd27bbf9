import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { CATEGORIES } from '@zibo/shared';
import { startTestApp, type TestApp } from './harness.ts';
import { seedDemoLedger } from '../src/demo/seed.ts';
import { seedDemoProjects } from '../src/modules/projects/index.ts';
import { addDays, shanghaiDay, shanghaiStart, todayInShanghai } from '../src/platform/time.ts';
import { sqlTextArray } from '../src/platform/auth/scope.ts';
import type { Db } from '../src/platform/db/client.ts';
import { seedSupervisionDemo } from '../src/modules/supervision/index.ts';
import {
  cockpitFigures,
  decisionFigures,
  lateRows,
  problemFigures,
  rowsOf,
} from '../src/modules/supervision/read-model.ts';
import { problemFactsCache } from '../src/modules/supervision/problem-facts.cache.ts';

/**
 * P11 figures from the kept problem facts (problem-facts.ts) equal the same rules written as SQL
 * over the tables — the queries the read model ran before the facts were kept — on the demo city
 * at work (every status, plans, decisions, returns, extensions), for the city and a district,
 * today and two months ago; and after a change they are patched, not reloaded, and still equal.
 */
let t: TestApp;
const today = todayInShanghai();
const ago = addDays(today, -60);
const ALL = CATEGORIES.map((c) => c.code);
const W = 30;
const D = 10;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoLedger(t.db);
  await seedDemoProjects(t.db);
  const seeded = await seedSupervisionDemo(t.db);
  expect(seeded.problems).toBeGreaterThan(100);
}, 300_000);
afterAll(async () => {
  await t.close();
});

const day = shanghaiDay;

/** The SQL oracle of problemFigures. */
function sqlFigures(
  db: Db,
  i: { prefix: string; unitLength: number; categories: string[]; asOf: string },
) {
  const endOfAsOf = shanghaiStart(addDays(i.asOf, 1));
  const writeBy = shanghaiStart(addDays(i.asOf, -W));
  return rowsOf<Record<string, unknown>>(
    db,
    sql`select left(p.region_code, ${i.unitLength}) as unit, p.category,
      count(*)::int as problems,
      count(*) filter (where p.status = 'closed' and p.closed_at < ${endOfAsOf})::int as closed,
      count(*) filter (where p.status <> 'closed' and p.deadline < ${i.asOf}::date)::int as overdue,
      count(*) filter (where f.first_at < ${endOfAsOf} or p.created_at < ${writeBy})::int
        as "plansDue",
      count(*) filter (where f.first_at < ${endOfAsOf}
        and ${day('f.first_at')} <= ${day('p.created_at')} + ${W}::int)::int as "plansOnTime"
    from problems p
    left join (select pl.problem_id, min(pl.submitted_at) as first_at from problem_plans pl
      group by pl.problem_id) f on f.problem_id = p.id
    where p.region_code like ${`${i.prefix}%`} and p.category = any(${sqlTextArray(i.categories)})
      and p.created_at < ${endOfAsOf}
    group by 1, 2`,
  );
}

/** The SQL oracle of decisionFigures. */
function sqlDecisions(db: Db, i: { prefix: string; departmentPrefix: string; asOf: string }) {
  const onTime = sql`${day('e.at')} <= ${day('e.request_at')} + ${D}::int`;
  return rowsOf<Record<string, unknown>>(
    db,
    sql`select split_part(e.actor_department, '-', 2) as kind,
      count(*) filter (where e.action in ('approve_plan', 'reject_plan'))::int as "plansDecided",
      count(*) filter (where e.action = 'approve_plan')::int as "plansApproved",
      count(*) filter (where e.action in ('approve_plan', 'reject_plan') and ${onTime})::int as "plansOnTime",
      count(*) filter (where e.action in ('approve_closure', 'returned'))::int as "closuresVerified",
      count(*) filter (where e.action in ('approve_closure', 'returned') and ${onTime})::int as "closuresOnTime"
    from (
      select e.action, e.actor_department, e.at,
        case when e.action in ('approve_plan', 'reject_plan')
          then max(e.at) filter (where e.action = 'submit_plan') over w
          else max(e.at) filter (where e.action = 'request_closure') over w end as request_at
      from problem_events e join problems p on p.id = e.problem_id
      where e.action in ('submit_plan', 'request_closure',
          'approve_plan', 'reject_plan', 'approve_closure', 'returned')
        and p.region_code like ${`${i.prefix}%`}
      window w as (partition by e.problem_id order by e.at)
    ) e
    where e.action in ('approve_plan', 'reject_plan', 'approve_closure', 'returned')
      and e.actor_department like ${`${i.departmentPrefix}%-%`}
      and ${day('e.at')} <= ${i.asOf}::date
    group by 1`,
  );
}

/** The SQL oracle of the problems' late entries: kind, link and due date of each. */
function sqlLate(db: Db, i: { prefix: string; categories: string[]; asOf: string }) {
  const scope = sql`p.region_code like ${`${i.prefix}%`} and p.category = any(${sqlTextArray(i.categories)})`;
  const at = sql`${i.asOf}::date`;
  const decidedBy = shanghaiStart(addDays(i.asOf, -D));
  const writtenBy = shanghaiStart(addDays(i.asOf, -W));
  const parts: SQL[] = [
    sql`select 'plan_writing' as kind, p.id, ${day('p.created_at')} + ${W}::int as due
      from problems p where p.status = 'open' and ${scope} and p.created_at < ${writtenBy}`,
    sql`select 'plan_approval', p.id, ${day('pl.submitted_at')} + ${D}::int
      from problem_plans pl join problems p on p.id = pl.problem_id
      where pl.status = 'submitted' and ${scope} and pl.submitted_at < ${decidedBy}`,
    sql`select 'closure_decision', p.id, ${day('rq.at')} + ${D}::int
      from problems p cross join lateral (select max(e.at) as at from problem_events e
        where e.problem_id = p.id and e.action = 'request_closure') rq
      where p.status = 'closure_requested' and ${scope} and rq.at < ${decidedBy}`,
    sql`select 'extension_decision', p.id, ${day('x.requested_at')} + ${D}::int
      from problem_extensions x join problems p on p.id = x.problem_id
      where x.status = 'pending' and ${scope} and x.requested_at < ${decidedBy}`,
    sql`select 'problem_deadline', p.id, p.deadline
      from problems p where p.status <> 'closed' and p.deadline < ${at} and ${scope}`,
  ];
  return rowsOf<{ kind: string; id: number; due: string }>(
    db,
    sql`select kind, id, to_char(due, 'YYYY-MM-DD') as due
      from (${sql.join(parts, sql` union all `)}) as late(kind, id, due)`,
  );
}

/** The SQL oracle of cockpitFigures' counts. */
async function sqlCockpit(db: Db, i: { prefix: string; categories: string[]; asOf: string }) {
  const scope = sql`p.region_code like ${`${i.prefix}%`} and p.category = any(${sqlTextArray(i.categories)})`;
  const at = sql`${i.asOf}::date`;
  const [totals] = await rowsOf<Record<string, number>>(
    db,
    sql`select count(*)::int as problems,
      count(*) filter (where p.status = 'closed')::int as closed,
      count(*) filter (where p.status <> 'closed')::int as open,
      count(*) filter (where p.status <> 'closed' and p.deadline < ${at})::int as overdue,
      count(*) filter (where p.is_key)::int as key
    from problems p where ${scope}`,
  );
  const months = await rowsOf<Record<string, unknown>>(
    db,
    sql`with m as (
      select generate_series(date_trunc('month', ${at}) - interval '11 months',
        date_trunc('month', ${at}), interval '1 month')::date as start
    )
    select to_char(m.start, 'YYYY-MM') as month,
      (select count(*) from problems p where ${scope}
        and ${day('p.created_at')} >= m.start
        and ${day('p.created_at')} < (m.start + interval '1 month')::date)::int as raised,
      (select count(*) from problems p where ${scope} and p.status = 'closed'
        and ${day('p.closed_at')} >= m.start
        and ${day('p.closed_at')} < (m.start + interval '1 month')::date)::int as closed,
      (select count(*) from problems p where ${scope}
        and ${day('p.created_at')} < (m.start + interval '1 month')::date
        and (p.status <> 'closed' or ${day('p.closed_at')} >= (m.start + interval '1 month')::date))::int as open
    from m order by m.start`,
  );
  const categories = await rowsOf<Record<string, unknown>>(
    db,
    sql`select p.category, count(*)::int as problems,
        count(*) filter (where p.status = 'closed')::int as closed,
        count(*) filter (where p.status <> 'closed' and p.deadline < ${at})::int as overdue
      from problems p where ${scope} group by 1 order by 1`,
  );
  const campaigns = await rowsOf<Record<string, unknown>>(
    db,
    sql`select c.id, c.name, to_char(c.deadline, 'YYYY-MM-DD') as deadline,
        count(p.id)::int as problems,
        count(p.id) filter (where p.status = 'closed')::int as closed,
        count(p.id) filter (where p.status <> 'closed' and p.deadline < ${at})::int as overdue
      from campaigns c left join problems p on p.campaign_id = c.id and ${scope}
      group by c.id order by c.deadline, c.id`,
  );
  const keys = await rowsOf<{ id: number }>(
    db,
    sql`select p.id from problems p where ${scope} and p.is_key
      order by (p.status = 'closed'), p.deadline nulls last, p.id limit 20`,
  );
  return { totals, months, categories, campaigns, keyIds: keys.map((k) => k.id) };
}

const PROBLEM_KINDS = new Set([
  'plan_writing',
  'plan_approval',
  'closure_decision',
  'extension_decision',
  'problem_deadline',
]);

const byKey = <T extends Record<string, unknown>>(rows: T[], key: (r: T) => string) =>
  Object.fromEntries(rows.map((r) => [key(r), r]));

async function expectSameAsSql() {
  for (const c of [
    { prefix: '3703', categories: ALL, asOf: today },
    { prefix: '370303', categories: ['education', 'sports'], asOf: today },
  ]) {
    const kept = await cockpitFigures(t.db, { ...c, regionCode: c.prefix });
    const oracle = await sqlCockpit(t.db, c);
    expect(oracle.totals!.problems, JSON.stringify(c)).toBeGreaterThan(0);
    if (c.prefix === '3703') {
      expect(oracle.keyIds.length).toBeGreaterThan(0);
      expect(oracle.campaigns.some((g) => Number(g.problems) > 0)).toBe(true);
    }
    const { closureRate: _, ...totals } = kept.totals;
    expect(totals, JSON.stringify(c)).toEqual(oracle.totals);
    expect(kept.months, JSON.stringify(c)).toEqual(oracle.months);
    expect(kept.categories, JSON.stringify(c)).toEqual(oracle.categories);
    expect(kept.campaigns, JSON.stringify(c)).toEqual(oracle.campaigns);
    expect(
      kept.keyRows.map((k) => k.id),
      JSON.stringify(c),
    ).toEqual(oracle.keyIds);
  }
  const cases = [
    { prefix: '3703', unitLength: 6, categories: ALL, asOf: today },
    { prefix: '3703', unitLength: 9, categories: ALL, asOf: ago },
    { prefix: '370303', unitLength: 9, categories: ['education', 'elderly_care'], asOf: today },
    { prefix: '370303001', unitLength: 12, categories: ALL, asOf: today },
  ];
  for (const c of cases) {
    const kept = await problemFigures(t.db, { ...c, planWriteDays: W });
    const oracle = await sqlFigures(t.db, c);
    expect(kept.length, JSON.stringify(c)).toBe(oracle.length);
    expect(
      byKey(kept, (r) => `${r.unit}|${r.category}`),
      JSON.stringify(c),
    ).toEqual(byKey(oracle, (r) => `${String(r.unit)}|${String(r.category)}`));
  }
  for (const c of [
    { prefix: '3703', departmentPrefix: '', asOf: today },
    { prefix: '3703', departmentPrefix: '', asOf: ago },
    { prefix: '370303', departmentPrefix: '', asOf: today },
    // A district's own departments (none decides in the demo city: both count nothing).
    { prefix: '370303', departmentPrefix: '370303-', asOf: today },
  ]) {
    const kept = await decisionFigures(t.db, { ...c, decisionDays: D });
    const oracle = await sqlDecisions(t.db, c);
    if (c.departmentPrefix === '') expect(oracle.length, JSON.stringify(c)).toBeGreaterThan(0);
    expect(
      byKey(kept, (r) => r.kind),
      JSON.stringify(c),
    ).toEqual(byKey(oracle, (r) => String(r.kind)));
  }
  for (const c of [
    { prefix: '3703', categories: ALL, asOf: today },
    { prefix: '3703', categories: ALL, asOf: ago },
    { prefix: '370303', categories: ['education'], asOf: today },
  ]) {
    const late = await lateRows(t.db, {
      regionCode: c.prefix,
      categories: c.categories,
      asOf: c.asOf,
      decisionDays: D,
      planWriteDays: W,
      limit: 100_000,
    });
    const kept = late.rows
      .filter((r) => PROBLEM_KINDS.has(r.kind))
      .map((r) => `${r.kind} ${r.link} ${r.dueDate}`)
      .sort();
    const oracle = (await sqlLate(t.db, c))
      .map((r) => `${r.kind} /problems/${r.id} ${r.due}`)
      .sort();
    expect(oracle.length, JSON.stringify(c)).toBeGreaterThan(0);
    expect(kept, JSON.stringify(c)).toEqual(oracle);
    // The total counts the problems' entries and the others'.
    expect(late.total).toBe(late.rows.length);
  }
}

describe('P5 the demo city in the middle of both campaigns', () => {
  it('puts its kindergarten problems in the kindergarten campaign and the rest in the general one', async () => {
    const rows = await rowsOf<{ code: string | null; kindergarten: boolean; n: number }>(
      t.db,
      sql`select c.code, p.facility_type = 'kindergarten' as kindergarten, count(*)::int as n
        from problems p left join campaigns c on c.id = p.campaign_id
        where p.source = 'gap_analysis' group by 1, 2 order by 1, 2`,
    );
    expect(rows).toEqual([
      { code: 'kindergarten-2020', kindergarten: true, n: expect.any(Number) },
      { code: 'rectification-2021', kindergarten: false, n: expect.any(Number) },
    ]);
    expect(rows.every((r) => r.n > 0)).toBe(true);
  });
});

describe('P11 kept problem facts', () => {
  it('count what the same rules in SQL count, on the demo city at work', async () => {
    await expectSameAsSql();
  });

  it('are patched after a change, not reloaded, and still count as SQL does', async () => {
    const cache = problemFactsCache(t.db)!;
    const reloads = cache.stats.reloads;
    const patches = cache.stats.patches;
    // A plan decided, a closure requested long ago, a problem deleted: by SQL, as a data fix
    // or another process would.
    await t.db.execute(sql`update problem_events set at = at - interval '40 days'
      where id = (select min(id) from problem_events where action = 'request_closure')`);
    await t.db.execute(sql`update problems set status = 'closed', closed_at = now()
      where id = (select min(id) from problems where status = 'in_progress')`);
    await t.db.execute(sql`delete from problems
      where id = (select max(id) from problems where status = 'open')`);
    await expectSameAsSql();
    expect(cache.stats.reloads).toBe(reloads);
    expect(cache.stats.patches).toBeGreaterThan(patches);
  });
});
