import { and, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { narrowRegion } from '../../platform/auth/scope.ts';
import { regions } from '../org/index.ts';
import { facilities } from './ledger.tables.ts';
import { facilityWhere } from './ledger.repo.ts';

/**
 * P6: the sites the special plans reserve are the basis for new construction — so, per district
 * (or street) and facility type, how many planned sites are built, under construction, or not
 * started, and how many were changed away from the plan.
 *
 * By definition the construction figures count planned sites only (planning status `planned`),
 * so they add up: planned = built + builtShort + underConstruction + notStarted + unrecorded.
 * Sites whose plan was changed, or that were never in a plan, are counted beside (planChanged,
 * notPlanned) and never in the construction figures — a built facility outside the plan is not
 * a plan carried out.
 */
export async function summarisePlannedSites(input: {
  db: Db;
  actor: Actor;
  region?: string | undefined;
  groupBy: 'district' | 'street';
}) {
  const { db, actor } = input;
  const region = narrowRegion(actor, input.region);
  if (region === null) return { rows: [] };
  // A literal, not a parameter: GROUP BY must see the same expression as the select list.
  const len = sql.raw(input.groupBy === 'district' ? '6' : '9');
  const code = sql<string>`left(${facilities.regionCode}, ${len})`;
  const isPlanned = sql`${facilities.planningStatus} = 'planned'`;
  const count = (status: string) =>
    sql<number>`count(*) filter (where ${isPlanned} and ${facilities.constructionStatus} = ${status})::int`;
  const rows = await db
    .select({
      code,
      type: facilities.type,
      planned: sql<number>`count(*) filter (where ${facilities.planningStatus} = 'planned')::int`,
      planChanged: sql<number>`count(*) filter (where ${facilities.planningStatus} = 'plan_changed')::int`,
      notPlanned: sql<number>`count(*) filter (where ${facilities.planningStatus} = 'not_planned')::int`,
      built: count('built'),
      builtShort: count('built_short'),
      underConstruction: count('under_construction'),
      notStarted: count('not_started'),
      unrecorded: sql<number>`count(*) filter (where ${isPlanned} and (${facilities.constructionStatus} is null or ${facilities.constructionStatus} not in ('built', 'built_short', 'under_construction', 'not_started')))::int`,
    })
    .from(facilities)
    .where(and(facilityWhere(actor, { region }), sql`${facilities.planningStatus} is not null`))
    .groupBy(code, facilities.type)
    .orderBy(code, facilities.type);
  const codes = [...new Set(rows.map((r) => r.code))];
  const names = codes.length
    ? await db
        .select({ code: regions.code, name: regions.name })
        .from(regions)
        .where(inArray(regions.code, codes))
    : [];
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  return { rows: rows.map((r) => ({ ...r, name: nameOf.get(r.code) ?? null })) };
}
