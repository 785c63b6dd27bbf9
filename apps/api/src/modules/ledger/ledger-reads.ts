import { and, between, eq, isNotNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { facilities, residentialAreas } from './ledger.tables.ts';
import { EVALUATED_FACILITY_COLUMNS } from './ledger-evaluation.repo.ts';

/**
 * What other modules read of the ledger, as functions: they do not query its tables themselves.
 * None of these applies a scope: the caller decides what its actor may see.
 */

/** An area's name for a query of another table (null when the id is null or unknown). */
export function areaNameOf(areaId: AnyColumn | SQL): SQL<string | null> {
  return sql<string | null>`(select ra.name from residential_areas ra where ra.id = ${areaId})`;
}

/** One area's identity and community, or undefined. */
export async function findAreaRecord(
  db: Db,
  id: number,
): Promise<{ id: number; name: string; regionCode: string } | undefined> {
  const [row] = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      regionCode: residentialAreas.regionCode,
    })
    .from(residentialAreas)
    .where(eq(residentialAreas.id, id));
  return row;
}

/** How many areas and facilities the ledger holds under a region (a code prefix). */
export async function countLedgerUnder(
  db: Db,
  regionCode: string,
): Promise<{ areas: number; facilities: number }> {
  const [areas] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(residentialAreas)
    .where(sql`${residentialAreas.regionCode} like ${`${regionCode}%`}`);
  const [facs] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(facilities)
    .where(sql`${facilities.regionCode} like ${`${regionCode}%`}`);
  return { areas: areas?.n ?? 0, facilities: facs?.n ?? 0 };
}

/** Facilities with coordinates inside a longitude/latitude box. */
export async function selectFacilitiesInBox(
  db: Db,
  box: { west: number; east: number; south: number; north: number },
) {
  return db
    .select(EVALUATED_FACILITY_COLUMNS)
    .from(facilities)
    .where(
      and(
        isNotNull(facilities.lon),
        between(facilities.lon, box.west, box.east),
        between(facilities.lat, box.south, box.north),
      ),
    );
}
