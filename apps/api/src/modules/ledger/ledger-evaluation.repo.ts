import { and, asc, gt, inArray, isNull, sql } from 'drizzle-orm';
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
  f: Pick<
    typeof facilities.$inferSelect,
    'id' | 'type' | 'lon' | 'lat' | 'floorArea' | 'siteArea' | 'constructionStatus' | 'useStatus'
  >,
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
  pageSize = PAGE,
): Promise<{ areas: LedgerArea[]; facilities: LedgerFacility[] }> {
  // Read in pages: between two, other requests' statements run. PGlite runs one statement at a
  // time (in its own thread, ADR 0016), so one read of 10⁵ rows made every request wait for
  // seconds; the rows of each page are also handed to this thread in one piece.
  const areas = await paged(pageSize, (after) =>
    db
      .select(AREA_COLUMNS)
      .from(residentialAreas)
      // archived records leave the gap analysis
      .where(and(isNull(residentialAreas.archivedAt), gt(residentialAreas.id, after)))
      .orderBy(asc(residentialAreas.id))
      .limit(pageSize),
  );
  const rows = await paged(pageSize, (after) =>
    db
      .select(EVALUATED_FACILITY_COLUMNS)
      .from(facilities)
      .where(and(isNull(facilities.archivedAt), gt(facilities.id, after)))
      .orderBy(asc(facilities.id))
      .limit(pageSize),
  );
  const links = new Map<number, number[]>();
  let last = { facilityId: 0, residentialAreaId: 0 };
  for (;;) {
    const page = await db
      .select()
      .from(facilityAreas)
      .where(
        sql`(${facilityAreas.facilityId}, ${facilityAreas.residentialAreaId}) > (${last.facilityId}, ${last.residentialAreaId})`,
      )
      .orderBy(asc(facilityAreas.facilityId), asc(facilityAreas.residentialAreaId))
      .limit(pageSize);
    // In key order: each facility's areas come sorted.
    for (const l of page) {
      const list = links.get(l.facilityId);
      if (list) list.push(l.residentialAreaId);
      else links.set(l.facilityId, [l.residentialAreaId]);
    }
    if (page.length < pageSize) break;
    last = page[page.length - 1]!;
  }
  return { areas, facilities: rows.map((f) => toLedgerFacility(f, links)) };
}

const PAGE = 20_000;

/** Every row of a read in pages by id (`read(after)`: the next `size` rows after id `after`). */
async function paged<T extends { id: number }>(
  size: number,
  read: (after: number) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let after = 0; ;) {
    const page = await read(after);
    for (const row of page) out.push(row);
    if (page.length < size) return out;
    after = page[page.length - 1]!.id;
  }
}

const AREA_COLUMNS = {
  id: residentialAreas.id,
  name: residentialAreas.name,
  regionCode: residentialAreas.regionCode,
  lon: residentialAreas.lon,
  lat: residentialAreas.lat,
  households: residentialAreas.households,
  population: residentialAreas.population,
  kind: residentialAreas.kind,
};

/** What the engine reads of a facility (not its notes, names or stages it does not use). */
export const EVALUATED_FACILITY_COLUMNS = {
  id: facilities.id,
  type: facilities.type,
  lon: facilities.lon,
  lat: facilities.lat,
  floorArea: facilities.floorArea,
  siteArea: facilities.siteArea,
  constructionStatus: facilities.constructionStatus,
  useStatus: facilities.useStatus,
};

/** The current state of some facilities (absent ids were deleted). */
export async function loadFacilitiesForEvaluation(
  db: Db,
  ids: number[],
): Promise<Map<number, LedgerFacility>> {
  const out = new Map<number, LedgerFacility>();
  if (ids.length === 0) return out;
  // An archived facility counts as gone.
  const rows = await db
    .select(EVALUATED_FACILITY_COLUMNS)
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
    .select(AREA_COLUMNS)
    .from(residentialAreas)
    // An archived area counts as gone (issue 11), as in the full load.
    .where(and(inArray(residentialAreas.id, ids), isNull(residentialAreas.archivedAt)));
  for (const a of rows) out.set(a.id, a);
  return out;
}
