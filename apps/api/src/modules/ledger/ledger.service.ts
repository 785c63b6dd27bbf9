import { eq, inArray, sql } from 'drizzle-orm';
import {
  categoryOfFacilityType,
  type Facility,
  type FacilityTypeCode,
  type ResidentialArea,
  type facilityInput,
  type residentialAreaInput,
} from '@zibo/shared';
import type { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { bumpRevision } from '../../platform/revisions.ts';
import {
  conflict,
  forbidden,
  invalidTransition,
  notFound,
  ruleViolation,
  validationFailed,
} from '../../platform/http/errors.ts';
import { findRegion } from '../org/index.ts';
import { facilities, facilityAreas, residentialAreas } from './ledger.tables.ts';
import { selectLocks } from './ledger-locks.ts';
import { ledgerAnswers } from './ledger-answers.ts';
import { checkCommunity, mayWriteType, storedPoint } from './ledger-rules.ts';
import {
  countAreas,
  countFacilities,
  encodeAreaCursor,
  selectAreaPage,
  selectAreas,
  selectFacilityPage,
  selectFacilities,
  selectLockedDistricts,
  selectServedAreas,
  type AreaFilter,
  type AreaKey,
  type FacilityFilter,
} from './ledger.repo.ts';
import { areaAbilities, facilityAbilities } from './ledger.policy.ts';

type AreaInput = z.output<typeof residentialAreaInput>;
type FacilityInputOut = z.output<typeof facilityInput>;
type AreaRow = Awaited<ReturnType<typeof selectAreas>>[number];
type FacilityRow = typeof facilities.$inferSelect;

/**
 * Ledger changes reach listeners (the gap-analysis cache) after commit. The database handle
 * says which database changed: one process may serve several (tests do).
 */
export type LedgerChange = { db: Db; kind: 'area' | 'facility'; ids: number[] };
type LedgerListener = (change: LedgerChange) => void;
const listeners = new Set<LedgerListener>();
export function onLedgerChange(listener: LedgerListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function emitLedgerChange(db: Db, kind: 'area' | 'facility', ids: number[]): void {
  for (const l of listeners) l({ db, kind, ids });
}

function presentArea(actor: Actor, r: AreaRow, locked: Set<string>): ResidentialArea {
  return {
    id: r.id,
    name: r.name,
    regionCode: r.regionCode,
    regionName: r.regionName,
    streetCode: r.regionCode.slice(0, 9),
    streetName: r.streetName,
    districtCode: r.regionCode.slice(0, 6),
    districtName: r.districtName,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    households: r.households,
    population: r.population,
    buildYear: r.buildYear,
    kind: r.kind,
    facilityCount: r.facilityCount,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    archivedAt: r.archivedAt?.toISOString() ?? null,
    archiveReason: r.archiveReason,
    abilities: areaAbilities(actor, r, locked.has(r.regionCode.slice(0, 6))),
  };
}

export function presentFacility(
  actor: Actor,
  f: FacilityRow,
  served: { id: number; name: string }[],
  locked: Set<string>,
): Facility {
  return {
    id: f.id,
    type: f.type as Facility['type'],
    category: f.category as Facility['category'],
    name: f.name,
    regionCode: f.regionCode,
    residentialAreaIds: served.map((a) => a.id),
    residentialAreas: served,
    floorArea: f.floorArea,
    siteArea: f.siteArea,
    lon: f.lon,
    lat: f.lat,
    ownership: f.ownership as Facility['ownership'],
    operator: f.operator,
    stages: {
      planning: { status: f.planningStatus, note: f.planningNote },
      construction: { status: f.constructionStatus, note: f.constructionNote },
      handover: { status: f.handoverStatus, note: f.handoverNote },
      use: { status: f.useStatus, note: f.useNote },
    },
    version: f.version,
    updatedAt: f.updatedAt.toISOString(),
    archivedAt: f.archivedAt?.toISOString() ?? null,
    archiveReason: f.archiveReason,
    abilities: facilityAbilities(actor, f, locked.has(f.regionCode.slice(0, 6))),
  };
}

export async function findAreas(input: {
  db: Db;
  actor: Actor;
  filter: AreaFilter;
  page: number;
  pageSize: number;
  /** Keyset: continue after this row (`nextCursor` of the previous page). */
  after?: AreaKey | undefined;
}) {
  const { db, actor, filter } = input;
  const what = ['areas', filter, input.page, input.pageSize, input.after ?? null];
  return ledgerAnswers.get(db, actor, what, () => readAreas(input));
}

async function readAreas(input: Parameters<typeof findAreas>[0]) {
  const { db, actor, filter } = input;
  const [total, locked] = await Promise.all([
    countAreas(db, actor, filter),
    selectLockedDistricts(db),
  ]);
  const rows = await selectAreaPage(db, actor, filter, { ...input, total });
  const last = rows.at(-1);
  const more = input.after
    ? rows.length === input.pageSize
    : (input.page - 1) * input.pageSize + rows.length < total;
  return {
    items: rows.map((r) => presentArea(actor, r, locked)),
    total,
    nextCursor: last && more ? encodeAreaCursor(last) : null,
  };
}

export async function findArea(db: Db, actor: Actor, id: number): Promise<ResidentialArea> {
  return ledgerAnswers.get(db, actor, ['area', id], async () => {
    const [row] = await selectAreas(db, actor, { ids: [id] });
    if (!row) throw notFound('小区');
    return presentArea(actor, row, await selectLockedDistricts(db));
  });
}

export async function findFacilities(input: {
  db: Db;
  actor: Actor;
  filter: FacilityFilter;
  page: number;
  pageSize: number;
}) {
  const { db, actor, filter } = input;
  const what = ['facilities', filter, input.page, input.pageSize];
  return ledgerAnswers.get(db, actor, what, () => readFacilities(input));
}

async function readFacilities(input: Parameters<typeof findFacilities>[0]) {
  const { db, actor, filter } = input;
  const [total, locked] = await Promise.all([
    countFacilities(db, actor, filter),
    selectLockedDistricts(db),
  ]);
  const rows = await selectFacilityPage(db, actor, filter, { ...input, total });
  const served = await selectServedAreas(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => presentFacility(actor, r, served.get(r.id) ?? [], locked)),
    total,
  };
}

export async function findFacility(db: Db, actor: Actor, id: number): Promise<Facility> {
  return ledgerAnswers.get(db, actor, ['facility', id], async () => {
    const [row] = await selectFacilities(db, actor, { ids: [id] });
    if (!row) throw notFound('设施');
    const served = await selectServedAreas(db, [id]);
    return presentFacility(actor, row, served.get(id) ?? [], await selectLockedDistricts(db));
  });
}

/** P3: a ledger filed with the departments (备案) is locked until they return it. */
export async function assertUnlocked(db: Db, regionCodes: string[]): Promise<void> {
  const rows = await selectLocks(db, regionCodes);
  if (rows.length > 0) {
    throw ruleViolation(
      '本区县台账已报送主管部门备案，锁定期间不能修改；如需修改，请主管部门退回后再改',
      rows.map((r) => ({ districtCode: r.districtCode, reason: r.reason })),
    );
  }
}

async function assertCommunityInScope(db: Db, actor: Actor, regionCode: string): Promise<void> {
  const region = await findRegion(db, regionCode);
  const check = checkCommunity(actor, regionCode, region?.level);
  if (check === 'not_a_community') {
    throw validationFailed(
      [{ path: 'regionCode', message: '社区（村居）代码不存在' }],
      '社区（村居）代码不存在',
    );
  }
  if (check === 'out_of_scope') throw forbidden('不能在您的数据范围以外录入台账');
}

function coordinates(input: {
  lon?: number | null | undefined;
  lat?: number | null | undefined;
  coordSystem?: 'wgs84' | 'gcj02' | 'bd09' | undefined;
}) {
  const { lon, lat, missing } = storedPoint(input.lon, input.lat, input.coordSystem);
  if (missing) {
    throw validationFailed(
      [{ path: missing, message: '经度和纬度须同时填写' }],
      '经度和纬度须同时填写',
    );
  }
  return { lon, lat };
}

function areaValues(input: Partial<AreaInput>) {
  const out: Partial<typeof residentialAreas.$inferInsert> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.regionCode !== undefined) out.regionCode = input.regionCode;
  if (input.address !== undefined) out.address = input.address ?? null;
  if (input.households !== undefined) out.households = input.households;
  if (input.population !== undefined) out.population = input.population ?? null;
  if (input.buildYear !== undefined) out.buildYear = input.buildYear ?? null;
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.lon !== undefined || input.lat !== undefined) Object.assign(out, coordinates(input));
  return out;
}

function auditArea(r: typeof residentialAreas.$inferSelect) {
  const { createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = r;
  return rest;
}

export async function createArea(input: {
  db: Db;
  actor: Actor;
  data: AreaInput;
}): Promise<ResidentialArea> {
  const { db, actor, data } = input;
  await assertCommunityInScope(db, actor, data.regionCode);
  const id = await db.transaction(async (tx) => {
    await assertUnlocked(tx, [data.regionCode]);
    const values = areaValues(data) as typeof residentialAreas.$inferInsert;
    const [row] = await tx
      .insert(residentialAreas)
      .values({ ...values, createdBy: actor.id, updatedBy: actor.id })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'area.create',
      entity: 'residential_area',
      entityId: row.id,
      after: auditArea(row),
    });
    return row.id;
  });
  emitLedgerChange(db, 'area', [id]);
  return findArea(db, actor, id);
}

/**
 * An area about to be written (updated, deleted, archived), locked for the transaction: 404 out of
 * the actor's scope, refused when archived (`archived`: the refusal's text), 409 on a stale version.
 */
export async function lockArea(
  tx: Db,
  actor: Actor,
  id: number,
  version?: number,
  archived = '小区已归档，不能修改或删除',
) {
  const [row] = await tx
    .select()
    .from(residentialAreas)
    .where(eq(residentialAreas.id, id))
    .for('update');
  if (!row || !canSeeRegion(actor, row.regionCode)) throw notFound('小区');
  if (row.archivedAt) throw invalidTransition(archived);
  if (version !== undefined && row.version !== version) throw conflict();
  return row;
}

export async function updateArea(input: {
  db: Db;
  actor: Actor;
  id: number;
  data: Partial<AreaInput> & { version: number };
}): Promise<ResidentialArea> {
  const { db, actor, id, data } = input;
  if (data.regionCode) await assertCommunityInScope(db, actor, data.regionCode);
  await db.transaction(async (tx) => {
    const before = await lockArea(tx, actor, id, data.version);
    await assertUnlocked(tx, [before.regionCode, data.regionCode ?? before.regionCode]);
    const [after] = await tx
      .update(residentialAreas)
      .set({
        ...areaValues(data),
        updatedBy: actor.id,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(eq(residentialAreas.id, id))
      .returning();
    if (!after) throw notFound('小区');
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'area.update',
      entity: 'residential_area',
      entityId: id,
      before: auditArea(before),
      after: auditArea(after),
    });
  });
  emitLedgerChange(db, 'area', [id]);
  return findArea(db, actor, id);
}

export async function deleteArea(input: { db: Db; actor: Actor; id: number }): Promise<void> {
  const { db, actor, id } = input;
  await db.transaction(async (tx) => {
    const before = await lockArea(tx, actor, id);
    await assertUnlocked(tx, [before.regionCode]);
    // A facility must keep serving at least one area: deleting its only area would orphan it.
    const orphanRows = await tx
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(
        sql`exists (select 1 from facility_areas fa where fa.facility_id = ${facilities.id} and fa.residential_area_id = ${id})
          and not exists (select 1 from facility_areas o where o.facility_id = ${facilities.id} and o.residential_area_id <> ${id})`,
      );
    if (orphanRows.length > 0) {
      throw ruleViolation(
        `小区有 ${orphanRows.length} 个仅服务本小区的设施，请先删除或改挂这些设施`,
        orphanRows,
      );
    }
    // Problems keep their area (a foreign key refuses it too): close or move them first.
    const [{ referring } = { referring: 0 }] = await tx
      .select({ referring: sql<number>`count(*)::int` })
      .from(sql`problems`)
      .where(sql`residential_area_id = ${id}`);
    if (referring > 0) {
      throw conflict(`小区有 ${referring} 个问题记录引用，不能删除`);
    }
    await tx.delete(residentialAreas).where(eq(residentialAreas.id, id));
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'area.delete',
      entity: 'residential_area',
      entityId: id,
      before: auditArea(before),
    });
  });
  emitLedgerChange(db, 'area', [id]);
}

/** Served areas must exist in the actor's scope; returns them in the given order. */
async function servedAreasInScope(tx: Db, actor: Actor, ids: number[]) {
  const unique = [...new Set(ids)];
  const rows = await tx
    .select({ id: residentialAreas.id, regionCode: residentialAreas.regionCode })
    .from(residentialAreas)
    .where(inArray(residentialAreas.id, unique));
  const byId = new Map(rows.filter((r) => canSeeRegion(actor, r.regionCode)).map((r) => [r.id, r]));
  const missing = unique.map((id, i) => ({ id, i })).filter(({ id }) => !byId.has(id));
  if (missing.length > 0) {
    throw validationFailed(
      missing.map(({ id, i }) => ({
        path: `residentialAreaIds.${i}`,
        message: `小区 ${id} 不存在或不在您的数据范围内`,
      })),
      '服务小区不存在或不在您的数据范围内',
    );
  }
  return unique.map((id) => byId.get(id)!);
}

function facilityValues(data: Partial<FacilityInputOut>) {
  const out: Partial<typeof facilities.$inferInsert> = {};
  if (data.type !== undefined) {
    out.type = data.type;
    out.category = categoryOfFacilityType(data.type);
  }
  if (data.name !== undefined) out.name = data.name;
  if (data.floorArea !== undefined) out.floorArea = data.floorArea ?? null;
  if (data.siteArea !== undefined) out.siteArea = data.siteArea ?? null;
  if (data.ownership !== undefined) out.ownership = data.ownership ?? null;
  if (data.operator !== undefined) out.operator = data.operator ?? null;
  if (data.lon !== undefined || data.lat !== undefined) Object.assign(out, coordinates(data));
  if (data.stages) {
    out.planningStatus = data.stages.planning.status;
    out.planningNote = data.stages.planning.note ?? null;
    out.constructionStatus = data.stages.construction.status;
    out.constructionNote = data.stages.construction.note ?? null;
    out.handoverStatus = data.stages.handover.status;
    out.handoverNote = data.stages.handover.note ?? null;
    out.useStatus = data.stages.use.status;
    out.useNote = data.stages.use.note ?? null;
  }
  return out;
}

function auditFacility(f: FacilityRow, areaIds: number[]) {
  const { createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = f;
  return { ...rest, residentialAreaIds: areaIds };
}

function assertCategory(actor: Actor, type: FacilityTypeCode): void {
  if (!mayWriteType(actor, type)) throw forbidden('该设施类别不在您的数据范围内');
}

export async function createFacility(input: {
  db: Db;
  actor: Actor;
  data: FacilityInputOut;
}): Promise<Facility> {
  const { db, actor, data } = input;
  assertCategory(actor, data.type);
  const id = await db.transaction(async (tx) => {
    const served = await servedAreasInScope(tx, actor, data.residentialAreaIds);
    await assertUnlocked(
      tx,
      served.map((a) => a.regionCode),
    );
    const values = {
      ...facilityValues(data),
      regionCode: served[0]!.regionCode,
    } as typeof facilities.$inferInsert;
    const [row] = await tx
      .insert(facilities)
      .values({ ...values, createdBy: actor.id, updatedBy: actor.id })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await tx
      .insert(facilityAreas)
      .values(served.map((a) => ({ facilityId: row.id, residentialAreaId: a.id })));
    await superviseUse(tx, actor, row, null, served[0]?.id ?? null);
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'facility.create',
      entity: 'facility',
      entityId: row.id,
      after: auditFacility(
        row,
        served.map((a) => a.id),
      ),
    });
    return row.id;
  });
  emitLedgerChange(db, 'facility', [id]);
  return findFacility(db, actor, id);
}

/**
 * A facility about to be written, locked for the transaction, with the areas it serves; refused
 * as `lockArea` refuses (out of scope or category, archived, stale version).
 */
export async function lockFacility(
  tx: Db,
  actor: Actor,
  id: number,
  version?: number,
  archived = '设施已归档，不能修改或删除',
) {
  const [row] = await tx.select().from(facilities).where(eq(facilities.id, id)).for('update');
  if (!row || !canSeeRegion(actor, row.regionCode) || !canSeeCategory(actor, row.category as never))
    throw notFound('设施');
  if (row.archivedAt) throw invalidTransition(archived);
  if (version !== undefined && row.version !== version) throw conflict();
  const links = await tx
    .select({ id: facilityAreas.residentialAreaId })
    .from(facilityAreas)
    .where(eq(facilityAreas.facilityId, id));
  return { row, areaIds: links.map((l) => l.id) };
}

/**
 * P10: a use status that becomes idle, repurposed or occupied raises (or finds) the
 * facility's use-stage problem, in the same transaction. Imported lazily: the problems module
 * reads the ledger's tables.
 */
async function superviseUse(
  tx: Db,
  actor: Actor,
  row: typeof facilities.$inferSelect,
  previous: string | null,
  residentialAreaId: number | null,
) {
  if (!row.useStatus || row.useStatus === previous || row.useStatus === 'in_use') return;
  const { raiseUseProblem } = await import('../problems/index.ts');
  await raiseUseProblem(tx, actor, {
    id: row.id,
    name: row.name,
    type: row.type,
    regionCode: row.regionCode,
    useStatus: row.useStatus,
    residentialAreaId,
  });
}

export async function updateFacility(input: {
  db: Db;
  actor: Actor;
  id: number;
  data: Partial<FacilityInputOut> & { version: number };
}): Promise<Facility> {
  const { db, actor, id, data } = input;
  if (data.type) assertCategory(actor, data.type);
  await db.transaction(async (tx) => {
    const before = await lockFacility(tx, actor, id, data.version);
    const served = data.residentialAreaIds
      ? await servedAreasInScope(tx, actor, data.residentialAreaIds)
      : null;
    await assertUnlocked(tx, [before.row.regionCode, ...(served ?? []).map((a) => a.regionCode)]);
    const [after] = await tx
      .update(facilities)
      .set({
        ...facilityValues(data),
        ...(served ? { regionCode: served[0]!.regionCode } : {}),
        updatedBy: actor.id,
        updatedAt: new Date(),
        version: before.row.version + 1,
      })
      .where(eq(facilities.id, id))
      .returning();
    if (!after) throw notFound('设施');
    if (served) {
      await tx.delete(facilityAreas).where(eq(facilityAreas.facilityId, id));
      await tx
        .insert(facilityAreas)
        .values(served.map((a) => ({ facilityId: id, residentialAreaId: a.id })));
    }
    await superviseUse(
      tx,
      actor,
      after,
      before.row.useStatus,
      served ? (served[0]?.id ?? null) : (before.areaIds[0] ?? null),
    );
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'facility.update',
      entity: 'facility',
      entityId: id,
      before: auditFacility(before.row, before.areaIds),
      after: auditFacility(after, served ? served.map((a) => a.id) : before.areaIds),
    });
  });
  emitLedgerChange(db, 'facility', [id]);
  return findFacility(db, actor, id);
}

export async function deleteFacility(input: { db: Db; actor: Actor; id: number }): Promise<void> {
  const { db, actor, id } = input;
  await db.transaction(async (tx) => {
    const before = await lockFacility(tx, actor, id);
    await assertUnlocked(tx, [before.row.regionCode]);
    await tx.delete(facilities).where(eq(facilities.id, id));
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'facility.delete',
      entity: 'facility',
      entityId: id,
      before: auditFacility(before.row, before.areaIds),
    });
  });
  emitLedgerChange(db, 'facility', [id]);
}
