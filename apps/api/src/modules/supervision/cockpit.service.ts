import { CATEGORY_NAMES, PROBLEM_EVENT_NAMES, type CockpitView } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { computeSupervisionOverview } from './overview.service.ts';
import { cockpitFigures } from './read-model.ts';

export type { CockpitView };

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
    name: CATEGORY_NAMES[c.category] ?? c.category,
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
            // As the problem's own timeline names its steps.
            action: PROBLEM_EVENT_NAMES[f.action] ?? f.action,
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
      rated: r.rated,
    })),
    months,
    categories,
    campaigns,
    keyProblems,
    lateTotal: overview.lateTotal,
  };
}
