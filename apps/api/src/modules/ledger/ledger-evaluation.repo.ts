import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { ConstructionStatus, FacilityTypeCode, UseStatus } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { facilities, facilityAreas, residentialAreas } from './ledger.tables.ts';

export type LedgerArea = {
  id: number;
  name: string;
  regionCode: string;
  lon: number | null;
  lat: number | null;
  households: number;
  population: number | null;
  kind: 'new' | 'existing';
};

export type LedgerFacility = {
  id: number;
  type: FacilityTypeCode;
  lon: number | null;
  lat: number | null;
  floorArea: number | null;
  siteArea: number | null;
  residentialAreaIds: number[];
  constructionStatus: ConstructionStatus | null;
  useStatus: UseStatus | null;
};

function toLedgerFacility(
  f: typeof facilities.$inferSelect,
  links: Map<number, number[]>,
): LedgerFacility {
  return {
    id: f.id,
    type: f.type as FacilityTypeCode,
    lon: f.lon,
    lat: f.lat,
    floorArea: f.floorArea,
    siteArea: f.siteArea,
    residentialAreaIds: links.get(f.id) ?? [],
    constructionStatus: f.constructionStatus as ConstructionStatus | null,
    useStatus: f.useStatus as UseStatus | null,
  };
}

/**
 * The whole ledger in the compact shape the evaluation engine takes. Deliberately unscoped: it
 * feeds the process-wide gap-analysis cache, whose answers are scoped per caller.
 */
export async function loadLedgerForEvaluation(
  db: Db,
): Promise<{ areas: LedgerArea[]; facilities: LedgerFacility[] }> {
  const areas = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      regionCode: residentialAreas.regionCode,
      lon: residentialAreas.lon,
      lat: residentialAreas.lat,
      households: residentialAreas.households,
      population: residentialAreas.population,
      kind: residentialAreas.kind,
    })
    .from(residentialAreas)
    .where(isNull(residentialAreas.archivedAt)) // archived records leave the gap analysis
    .orderBy(asc(residentialAreas.id));
  const rows = await db
    .select()
    .from(facilities)
    .where(isNull(facilities.archivedAt))
    .orderBy(asc(facilities.id));
  const linkRows = await db.select().from(facilityAreas);
  const links = new Map<number, number[]>();
  for (const l of linkRows) {
    const list = links.get(l.facilityId);
    if (list) list.push(l.residentialAreaId);
    else links.set(l.facilityId, [l.residentialAreaId]);
  }
  for (const list of links.values()) list.sort((a, b) => a - b);
  return { areas, facilities: rows.map((f) => toLedgerFacility(f, links)) };
}

/** The current state of some facilities (absent ids were deleted). */
export async function loadFacilitiesForEvaluation(
  db: Db,
  ids: number[],
): Promise<Map<number, LedgerFacility>> {
  const out = new Map<number, LedgerFacility>();
  if (ids.length === 0) return out;
  // An archived facility counts as gone.
  const rows = await db
    .select()
    .from(facilities)
    .where(and(inArray(facilities.id, ids), isNull(facilities.archivedAt)));
  const linkRows = await db
    .select()
    .from(facilityAreas)
    .where(inArray(facilityAreas.facilityId, ids));
  const links = new Map<number, number[]>();
  for (const l of linkRows)
    links.set(
      l.facilityId,
      [...(links.get(l.facilityId) ?? []), l.residentialAreaId].sort((a, b) => a - b),
    );
  for (const f of rows) out.set(f.id, toLedgerFacility(f, links));
  return out;
}

/** The current state of some areas (absent ids were deleted or archived). */
export async function loadAreasForEvaluation(
  db: Db,
  ids: number[],
): Promise<Map<number, LedgerArea>> {
  const out = new Map<number, LedgerArea>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      regionCode: residentialAreas.regionCode,
      lon: residentialAreas.lon,
      lat: residentialAreas.lat,
      households: residentialAreas.households,
      population: residentialAreas.population,
      kind: residentialAreas.kind,
    })
    .from(residentialAreas)
    // An archived area counts as gone (issue 11), as in the full load.
    .where(and(inArray(residentialAreas.id, ids), isNull(residentialAreas.archivedAt)));
  for (const a of rows) out.set(a.id, a);
  return out;
}
