import { and, isNotNull } from 'drizzle-orm';
import { PROBLEM_STATUSES } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { facilities, residentialAreas } from './ledger.tables.ts';
import { areaWhere, facilityWhere, type FacilityFilter } from './ledger.repo.ts';

const IN_PROGRESS = new Set(['under_construction', 'pending', 'not_due']);

/** A facility's colour on the ledger map: any problem status wins, then work under way. */
export function facilityMapStatus(statuses: (string | null)[]): 'ok' | 'problem' | 'in_progress' {
  if (statuses.some((s) => s !== null && PROBLEM_STATUSES.has(s))) return 'problem';
  if (statuses.some((s) => s !== null && IN_PROGRESS.has(s))) return 'in_progress';
  return 'ok';
}

/** Every located area and facility of the actor's scope, compact, for the ledger map. */
export async function findLedgerMap(input: { db: Db; actor: Actor; filter: FacilityFilter }) {
  const { db, actor, filter } = input;
  const areas = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      lon: residentialAreas.lon,
      lat: residentialAreas.lat,
      households: residentialAreas.households,
      kind: residentialAreas.kind,
      regionCode: residentialAreas.regionCode,
    })
    .from(residentialAreas)
    .where(and(areaWhere(actor, { region: filter.region }), isNotNull(residentialAreas.lon)));
  const rows = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      type: facilities.type,
      category: facilities.category,
      lon: facilities.lon,
      lat: facilities.lat,
      planning: facilities.planningStatus,
      construction: facilities.constructionStatus,
      handover: facilities.handoverStatus,
      use: facilities.useStatus,
    })
    .from(facilities)
    .where(and(facilityWhere(actor, filter), isNotNull(facilities.lon)));
  return {
    areas: areas.map((a) => ({ ...a, lon: a.lon!, lat: a.lat! })),
    facilities: rows.map((f) => ({
      id: f.id,
      name: f.name,
      type: f.type,
      category: f.category,
      lon: f.lon!,
      lat: f.lat!,
      status: facilityMapStatus([f.planning, f.construction, f.handover, f.use]),
      statuses: {
        planning: f.planning,
        construction: f.construction,
        handover: f.handover,
        use: f.use,
      },
    })),
  };
}
