import { z } from 'zod';
import { CATEGORY_NAMES, LIGHTS, type CategoryCode } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { computeSupervisionOverview } from './overview.service.ts';
import { cockpitFigures } from './read-model.ts';

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
  const {
    totals: t,
    months,
    categories: categoryRows,
    campaigns: campaignRows,
    keyRows,
    events,
  } = await cockpitFigures(db, {
    regionCode: overview.regionCode,
    categories: actor.categories,
    asOf,
  });
  const categories = categoryRows.map((c) => ({
    ...c,
    name: CATEGORY_NAMES[c.category as CategoryCode] ?? c.category,
  }));
  const campaigns = campaignRows.map((c) => ({
    ...c,
    closureRate: c.problems > 0 ? c.closed / c.problems : 0,
  }));
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
