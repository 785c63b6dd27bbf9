import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { departments, regions, zoneStreets, zones } from './org.tables.ts';

const childCount = sql<number>`(select count(*)::int from regions c where c.parent_code = "regions"."code")`;

const regionColumns = {
  code: regions.code,
  name: regions.name,
  level: regions.level,
  parentCode: regions.parentCode,
  kind: regions.kind,
  lon: regions.lon,
  lat: regions.lat,
  childCount,
};

export async function findRegionChildren(db: Db, parentCode: string | null) {
  return db
    .select(regionColumns)
    .from(regions)
    .where(parentCode ? eq(regions.parentCode, parentCode) : sql`${regions.parentCode} is null`)
    .orderBy(asc(regions.code));
}

export async function findRegion(db: Db, code: string) {
  const [row] = await db.select(regionColumns).from(regions).where(eq(regions.code, code));
  return row ?? null;
}

export async function findRegionsByCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(inArray(regions.code, codes))
    .orderBy(asc(regions.code));
}

export async function searchRegions(db: Db, q: string, within: string, limit: number) {
  return db
    .select(regionColumns)
    .from(regions)
    .where(
      and(
        like(regions.name, `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
        like(regions.code, `${within}%`),
      ),
    )
    .orderBy(asc(regions.code))
    .limit(limit);
}

export async function countRegionsByLevel(db: Db) {
  return db
    .select({ level: regions.level, n: sql<number>`count(*)::int` })
    .from(regions)
    .groupBy(regions.level);
}

export async function findDistrictOutlines(db: Db) {
  return db
    .select({
      code: regions.code,
      name: regions.name,
      lon: regions.lon,
      lat: regions.lat,
      outline: regions.outline,
    })
    .from(regions)
    .where(eq(regions.level, 'district'))
    .orderBy(asc(regions.code));
}

export async function findZones(db: Db) {
  const zs = await db.select().from(zones).orderBy(asc(zones.sortOrder), asc(zones.code));
  const links = await db.select().from(zoneStreets);
  return zs.map((z) => ({
    code: z.code,
    name: z.name,
    version: z.version,
    streetCodes: links
      .filter((l) => l.zoneCode === z.code)
      .map((l) => l.streetCode)
      .sort(),
  }));
}

export async function findZonesOfStreet(db: Db, streetCode: string) {
  return db
    .select({ code: zones.code, name: zones.name })
    .from(zoneStreets)
    .innerJoin(zones, eq(zones.code, zoneStreets.zoneCode))
    .where(eq(zoneStreets.streetCode, streetCode));
}

export async function findDepartments(
  db: Db,
  filter: { regionCode?: string | undefined; level?: 'city' | 'district' | undefined },
) {
  const conds = [];
  if (filter.regionCode) conds.push(eq(departments.regionCode, filter.regionCode));
  if (filter.level) conds.push(eq(departments.level, filter.level));
  return db
    .select()
    .from(departments)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(departments.regionCode), asc(departments.code));
}

export async function findDepartment(db: Db, code: string) {
  const [row] = await db.select().from(departments).where(eq(departments.code, code));
  return row ?? null;
}
