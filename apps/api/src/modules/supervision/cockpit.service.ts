import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { CATEGORY_NAMES, LIGHTS, type CategoryCode } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlTextArray } from '../../platform/auth/scope.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { computeSupervisionOverview } from './overview.service.ts';
import { day, rowsOf } from './overview.repo.ts';

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

const ACTION_NAMES: Record<string, string> = {
  submit_plan: '报送整治方案',
  approve_plan: '审批整治方案',
  reject_plan: '退回整治方案',
  report_progress: '报告进展',
  request_closure: '申请销号',
  approve_closure: '核验销号',
  returned: '不予销号',
  reopen: '重新打开',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  instruct: '领导批示',
  flag_key: '重点难点',
};

/** 领导驾驶舱 (P11): the viewer's region at a glance; every number has its list behind it. */
export async function computeCockpit(input: {
  db: Db;
  actor: Actor;
  regionCode?: string | undefined;
}): Promise<CockpitView> {
  const { db, actor } = input;
  const asOf = todayInShanghai();
  const overview = await computeSupervisionOverview({
    db,
    actor,
    regionCode: input.regionCode,
    asOf,
    lateLimit: 1,
  });
  const prefix = `${overview.regionCode}%`;
  const cats = actor.categories.length ? sqlTextArray(actor.categories) : sql`array[]::text[]`;
  const scope = sql`p.region_code like ${prefix} and p.category = any(${cats})`;
  const at = sql`${asOf}::date`;

  const [totals] = await rowsOf<CockpitView['totals']>(
    db,
    sql`select count(*)::int as problems,
      count(*) filter (where p.status = 'closed')::int as closed,
      count(*) filter (where p.status <> 'closed')::int as open,
      count(*) filter (where p.status <> 'closed' and p.deadline < ${at})::int as overdue,
      count(*) filter (where p.is_key)::int as key,
      0::float8 as "closureRate"
    from problems p where ${scope}`,
  );
  const t = totals!;
  t.closureRate = t.problems > 0 ? t.closed / t.problems : 0;

  const months = await rowsOf<CockpitView['months'][number]>(
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

  const categories = (
    await rowsOf<{ category: string; problems: number; closed: number; overdue: number }>(
      db,
      sql`select p.category, count(*)::int as problems,
        count(*) filter (where p.status = 'closed')::int as closed,
        count(*) filter (where p.status <> 'closed' and p.deadline < ${at})::int as overdue
      from problems p where ${scope} group by 1 order by 1`,
    )
  ).map((c) => ({ ...c, name: CATEGORY_NAMES[c.category as CategoryCode] ?? c.category }));

  const campaigns = (
    await rowsOf<Omit<CockpitView['campaigns'][number], 'closureRate'>>(
      db,
      sql`select c.id, c.name, to_char(c.deadline, 'YYYY-MM-DD') as deadline,
        count(p.id)::int as problems,
        count(p.id) filter (where p.status = 'closed')::int as closed,
        count(p.id) filter (where p.status <> 'closed' and coalesce(p.deadline, c.deadline) < ${at})::int as overdue
      from campaigns c left join problems p on p.campaign_id = c.id and ${scope}
      group by c.id order by c.deadline, c.id`,
    )
  ).map((c) => ({ ...c, closureRate: c.problems > 0 ? c.closed / c.problems : 0 }));

  const keyRows = await rowsOf<{
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
      p.status, to_char(p.deadline, 'YYYY-MM-DD') as deadline, p.progress_percent as "progressPercent"
    from problems p where ${scope} and p.is_key
    order by (p.status = 'closed'), p.deadline nulls last, p.id limit 20`,
  );
  const ids = keyRows.map((k) => k.id);
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
        from problem_events where problem_id = any(${sql`array[${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )}]::int[]`}) order by problem_id, at, id`,
      )
    : [];
  const keyProblems = keyRows.map((k) => {
    const evs = events.filter((e) => e.problemId === k.id);
    const instructions = evs
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.action === 'instruct')
      .map(({ e, i }) => ({
        at: e.at,
        actorName: e.actorName ?? '',
        text: e.comment ?? '',
        followUps: evs
          .slice(i + 1)
          .filter((f) => f.action !== 'instruct')
          .slice(0, 3)
          .map((f) => ({
            at: f.at,
            action: ACTION_NAMES[f.action] ?? f.action,
            text: f.comment ?? '',
          })),
      }));
    return {
      ...k,
      overdue: k.status !== 'closed' && !!k.deadline && k.deadline < asOf,
      instructions,
    };
  });

  return {
    asOf,
    regionCode: overview.regionCode,
    regionName: overview.regionName,
    totals: t,
    regions: overview.regions.map((r) => ({
      regionCode: r.regionCode,
      name: r.name,
      kind: r.kind,
      problems: r.problems,
      closed: r.closed,
      overdue: r.overdue,
      closureRate: r.closureRate,
      score: r.score,
      rank: r.rank,
      light: r.light,
    })),
    months,
    categories,
    campaigns,
    keyProblems,
    lateTotal: overview.lateTotal,
  };
}
