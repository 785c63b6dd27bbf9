import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { categoryInScope, regionInScope } from '../../platform/auth/scope.ts';
import { facilities, facilityAreas, ledgerLocks, residentialAreas } from './ledger.tables.ts';

// Region names for the three levels above an area, joined once per row (codes are prefixes).
const regionName = (len: number) =>
  sql<string>`(select r.name from regions r where r.code = left(${residentialAreas.regionCode}, ${len}))`;

export const areaColumns = {
  id: residentialAreas.id,
  name: residentialAreas.name,
  regionCode: residentialAreas.regionCode,
  regionName: regionName(12),
  streetName: regionName(9),
  districtName: regionName(6),
  address: residentialAreas.address,
  lon: residentialAreas.lon,
  lat: residentialAreas.lat,
  households: residentialAreas.households,
  population: residentialAreas.population,
  buildYear: residentialAreas.buildYear,
  kind: residentialAreas.kind,
  version: residentialAreas.version,
  updatedAt: residentialAreas.updatedAt,
  archivedAt: residentialAreas.archivedAt,
  archiveReason: residentialAreas.archiveReason,
  facilityCount: sql<number>`(select count(*)::int from facility_areas fa where fa.residential_area_id = ${residentialAreas.id})`,
};

export type AreaFilter = {
  region?: string | null | undefined;
  q?: string | undefined;
  kind?: 'new' | 'existing' | undefined;
  ids?: number[] | undefined;
  archived?: ArchivedFilter | undefined;
};

/**
 * Archived records (issue 11): left out unless asked for (`only`: the 已归档 filter; `include`:
 * both). A lookup by id finds them too — an archived record stays visible in its history.
 */
export type ArchivedFilter = 'exclude' | 'only' | 'include';

function archivedCondition(
  column: typeof residentialAreas.archivedAt | typeof facilities.archivedAt,
  f: { archived?: ArchivedFilter | undefined; ids?: number[] | undefined },
): SQL | undefined {
  const mode = f.archived ?? (f.ids ? 'include' : 'exclude');
  if (mode === 'only') return isNotNull(column);
  if (mode === 'exclude') return isNull(column);
  return undefined;
}

function likeEscape(s: string): string {
  return s.replace(/[%_\\]/g, (c) => `\\${c}`);
}

/** Scope first: every area query is narrowed to the actor's region subtree. */
export function areaWhere(actor: Actor, f: AreaFilter): SQL | undefined {
  const conds: SQL[] = [regionInScope(residentialAreas.regionCode, actor)];
  if (f.region) conds.push(sql`${residentialAreas.regionCode} like ${`${f.region}%`}`);
  if (f.q) conds.push(sql`${residentialAreas.name} ilike ${`%${likeEscape(f.q)}%`}`);
  if (f.kind) conds.push(eq(residentialAreas.kind, f.kind));
  if (f.ids) conds.push(f.ids.length ? inArray(residentialAreas.id, f.ids) : sql`false`);
  const archived = archivedCondition(residentialAreas.archivedAt, f);
  if (archived) conds.push(archived);
  return and(...conds);
}

/**
 * Lists in the order of the index `residential_areas_list_idx` (region code in byte order, then
 * id), so paging never evaluates the per-row columns (region names, facility counts) of rows it
 * skips. A cursor continues after a row (keyset: the cost of any page is that of the first); a
 * page number counts from whichever end of the list is nearer, through the index only.
 */
const areaOrder = sql`${residentialAreas.regionCode} collate "C"`;

export async function selectAreas(db: Db, actor: Actor, f: AreaFilter) {
  return db
    .select(areaColumns)
    .from(residentialAreas)
    .where(areaWhere(actor, f))
    .orderBy(areaOrder, asc(residentialAreas.id));
}

export type AreaKey = { regionCode: string; id: number };

/** An opaque cursor for `after=`: the last row's key. */
export function encodeAreaCursor(k: AreaKey): string {
  return Buffer.from(`${k.regionCode}.${k.id}`).toString('base64url');
}

export function decodeAreaCursor(cursor: string): AreaKey | null {
  const m = /^(\d{4,12})\.(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? { regionCode: m[1]!, id: Number(m[2]) } : null;
}

export async function selectAreaPage(
  db: Db,
  actor: Actor,
  f: AreaFilter,
  p: { page: number; pageSize: number; total: number; after?: AreaKey | undefined },
) {
  const where = areaWhere(actor, f);
  if (p.after) {
    return db
      .select(areaColumns)
      .from(residentialAreas)
      .where(
        and(
          where,
          sql`(${areaOrder}, ${residentialAreas.id}) > (${p.after.regionCode} collate "C", ${p.after.id})`,
        ),
      )
      .orderBy(areaOrder, asc(residentialAreas.id))
      .limit(p.pageSize);
  }
  const offset = (p.page - 1) * p.pageSize;
  if (offset >= p.total) return [];
  const fromEnd = offset > p.total - offset - p.pageSize;
  const limit = Math.min(p.pageSize, p.total - offset);
  const ids = db
    .select({ id: residentialAreas.id })
    .from(residentialAreas)
    .where(where)
    .orderBy(
      ...(fromEnd
        ? [sql`${areaOrder} desc`, desc(residentialAreas.id)]
        : [areaOrder, asc(residentialAreas.id)]),
    )
    .limit(limit)
    .offset(fromEnd ? Math.max(0, p.total - offset - p.pageSize) : offset);
  return db
    .select(areaColumns)
    .from(residentialAreas)
    .where(inArray(residentialAreas.id, ids))
    .orderBy(areaOrder, asc(residentialAreas.id));
}

export async function countAreas(db: Db, actor: Actor, f: AreaFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(residentialAreas)
    .where(areaWhere(actor, f));
  return row?.n ?? 0;
}

export type FacilityFilter = {
  region?: string | null | undefined;
  category?: string | undefined;
  type?: string | undefined;
  stage?: 'planning' | 'construction' | 'handover' | 'use' | undefined;
  status?: string | undefined;
  q?: string | undefined;
  residentialAreaId?: number | undefined;
  ids?: number[] | undefined;
  archived?: ArchivedFilter | undefined;
};

const STAGE_COLUMN = {
  planning: facilities.planningStatus,
  construction: facilities.constructionStatus,
  handover: facilities.handoverStatus,
  use: facilities.useStatus,
} as const;

/** Scope first: region subtree × the actor's categories. */
export function facilityWhere(actor: Actor, f: FacilityFilter): SQL | undefined {
  const conds: SQL[] = [
    regionInScope(facilities.regionCode, actor),
    categoryInScope(facilities.category, actor),
  ];
  if (f.region) conds.push(sql`${facilities.regionCode} like ${`${f.region}%`}`);
  if (f.category) conds.push(eq(facilities.category, f.category));
  if (f.type) conds.push(eq(facilities.type, f.type));
  if (f.status) {
    if (f.stage) conds.push(eq(STAGE_COLUMN[f.stage], f.status));
    else {
      conds.push(
        sql`(${facilities.planningStatus} = ${f.status} or ${facilities.constructionStatus} = ${f.status} or ${facilities.handoverStatus} = ${f.status} or ${facilities.useStatus} = ${f.status})`,
      );
    }
  }
  if (f.q) conds.push(sql`${facilities.name} ilike ${`%${likeEscape(f.q)}%`}`);
  if (f.residentialAreaId) {
    conds.push(
      sql`exists (select 1 from facility_areas fa where fa.facility_id = ${facilities.id} and fa.residential_area_id = ${f.residentialAreaId})`,
    );
  }
  if (f.ids) conds.push(f.ids.length ? inArray(facilities.id, f.ids) : sql`false`);
  const archived = archivedCondition(facilities.archivedAt, f);
  if (archived) conds.push(archived);
  return and(...conds);
}

const facilityOrder = sql`${facilities.regionCode} collate "C"`;

export async function selectFacilities(db: Db, actor: Actor, f: FacilityFilter) {
  return db
    .select()
    .from(facilities)
    .where(facilityWhere(actor, f))
    .orderBy(facilityOrder, asc(facilities.id));
}

/** A page of facilities, found like a page of areas (`facilities_list_idx`, nearer end first). */
export async function selectFacilityPage(
  db: Db,
  actor: Actor,
  f: FacilityFilter,
  p: { page: number; pageSize: number; total: number },
) {
  const offset = (p.page - 1) * p.pageSize;
  if (offset >= p.total) return [];
  const fromEnd = offset > p.total - offset - p.pageSize;
  const ids = db
    .select({ id: facilities.id })
    .from(facilities)
    .where(facilityWhere(actor, f))
    .orderBy(
      ...(fromEnd
        ? [sql`${facilityOrder} desc`, desc(facilities.id)]
        : [facilityOrder, asc(facilities.id)]),
    )
    .limit(Math.min(p.pageSize, p.total - offset))
    .offset(fromEnd ? Math.max(0, p.total - offset - p.pageSize) : offset);
  return db
    .select()
    .from(facilities)
    .where(inArray(facilities.id, ids))
    .orderBy(facilityOrder, asc(facilities.id));
}

export async function countFacilities(db: Db, actor: Actor, f: FacilityFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(facilities)
    .where(facilityWhere(actor, f));
  return row?.n ?? 0;
}

/** The areas each facility serves, with names, for a page of facilities. */
export async function selectServedAreas(db: Db, facilityIds: number[]) {
  if (facilityIds.length === 0) return new Map<number, { id: number; name: string }[]>();
  const rows = await db
    .select({
      facilityId: facilityAreas.facilityId,
      id: residentialAreas.id,
      name: residentialAreas.name,
    })
    .from(facilityAreas)
    .innerJoin(residentialAreas, eq(residentialAreas.id, facilityAreas.residentialAreaId))
    .where(inArray(facilityAreas.facilityId, facilityIds))
    .orderBy(asc(residentialAreas.id));
  const out = new Map<number, { id: number; name: string }[]>();
  for (const r of rows) {
    const list = out.get(r.facilityId) ?? [];
    list.push({ id: r.id, name: r.name });
    out.set(r.facilityId, list);
  }
  return out;
}

export async function selectLockedDistricts(db: Db): Promise<Set<string>> {
  const rows = await db.selectDistinct({ d: ledgerLocks.districtCode }).from(ledgerLocks);
  return new Set(rows.map((r) => r.d));
}
