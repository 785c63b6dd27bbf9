import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { categoryOfFacilityType } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { bumpRevision } from '../../platform/revisions.ts';
import { toWgs84 } from '../../platform/geo.ts';
import { regions } from '../org/index.ts';
import { facilities, facilityAreas, ledgerLocks, residentialAreas } from './ledger.tables.ts';
import { areaWhere, facilityWhere } from './ledger.repo.ts';
import { emitLedgerChange } from './ledger.service.ts';
import {
  AREA_SHEET,
  FACILITY_SHEET,
  areaNameKey,
  parseLedgerWorkbook,
  type ParsedArea,
  type ParsedFacility,
} from './ledger-workbook.ts';

export type ImportError = { sheet: string; row: number; column: string; message: string };
export type ImportReport = {
  rows: number;
  created: number;
  updated: number;
  errors: ImportError[];
  dryRun: boolean;
  truncated: boolean;
};

const BATCH = 500;
const MAX_ERRORS = 1000;

/** Where a 服务小区 reference points: an existing area id, or a new area of this workbook. */
type AreaTarget = { id: number } | { row: number };

function coords(lon: number | null, lat: number | null, system: ParsedArea['coordSystem']) {
  if (lon === null || lat === null) return { lon: null, lat: null };
  const [x, y] = toWgs84(lon, lat, system);
  return { lon: x, lat: y };
}

/**
 * Imports a ledger workbook (P3 台账): parse and validate every cell, then check it against the
 * database and the actor's scope, and only when nothing at all is wrong write it in one
 * transaction. A dry run stops before writing and reports what would be created and updated.
 */
export async function importLedger(input: {
  db: Db;
  actor: Actor;
  filePath: string;
  fileName: string;
  dryRun: boolean;
}): Promise<ImportReport> {
  const { db, actor, filePath, dryRun } = input;
  const parsed = await parseLedgerWorkbook(filePath, { maxErrors: MAX_ERRORS });
  const report = (errors: ImportError[], created = 0, updated = 0): ImportReport => ({
    rows: parsed.rows,
    created,
    updated,
    errors: errors.slice(0, MAX_ERRORS),
    dryRun,
    truncated: parsed.truncated || errors.length > MAX_ERRORS,
  });
  if (parsed.errors.length > 0) return report(parsed.errors);
  if (parsed.areas.length === 0 && parsed.facilities.length === 0) {
    return report([
      { sheet: AREA_SHEET, row: 0, column: '', message: '工作簿中没有可导入的小区或设施' },
    ]);
  }

  const plan = await planImport(db, actor, parsed.areas, parsed.facilities);
  if (plan.errors.length > 0) return report(plan.errors);
  const created = plan.newAreas.length + plan.newFacilities.length;
  const updated = plan.oldAreas.length + plan.oldFacilities.length;
  if (dryRun) return report([], created, updated);

  const fileHash = createHash('sha256').update(fs.readFileSync(filePath)).digest('hex');
  await db.transaction(async (tx) => {
    await writeImport(tx, actor, plan);
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'ledger.import',
      entity: 'ledger',
      after: {
        fileName: input.fileName,
        sha256: fileHash,
        rows: parsed.rows,
        areasCreated: plan.newAreas.length,
        areasUpdated: plan.oldAreas.map((a) => a.id),
        facilitiesCreated: plan.newFacilities.length,
        facilitiesUpdated: plan.oldFacilities.map((f) => f.id),
      },
    });
  });
  emitLedgerChange(db, 'area', []);
  return report([], created, updated);
}

type Plan = {
  errors: ImportError[];
  newAreas: ParsedArea[];
  oldAreas: (ParsedArea & { id: number })[];
  newFacilities: { f: ParsedFacility; targets: AreaTarget[] }[];
  oldFacilities: (ParsedFacility & { id: number; targets: AreaTarget[] })[];
};

async function planImport(
  db: Db,
  actor: Actor,
  areas: ParsedArea[],
  facs: ParsedFacility[],
): Promise<Plan> {
  const errors: ImportError[] = [];
  const err = (sheet: string, row: number, column: string, message: string) => {
    if (errors.length <= MAX_ERRORS) errors.push({ sheet, row, column, message });
  };

  // Communities: they must exist, be communities, and lie in the actor's region.
  const codes = [...new Set(areas.map((a) => a.regionCode))];
  const found = new Map<string, string>();
  for (let i = 0; i < codes.length; i += BATCH) {
    const rows = await db
      .select({ code: regions.code, level: regions.level })
      .from(regions)
      .where(inArray(regions.code, codes.slice(i, i + BATCH)));
    for (const r of rows) found.set(r.code, r.level);
  }
  for (const a of areas) {
    if (found.get(a.regionCode) !== 'community')
      err(AREA_SHEET, a.row, '社区代码', `社区代码 ${a.regionCode} 不存在`);
    else if (!canSeeRegion(actor, a.regionCode))
      err(AREA_SHEET, a.row, '社区代码', `社区 ${a.regionCode} 不在您的数据范围内`);
  }

  // Existing areas named by id must be in scope; their old community matters for the lock.
  const areaIds = areas.flatMap((a) => (a.id === undefined ? [] : [a.id]));
  const existingAreas = new Map<number, { regionCode: string }>();
  for (let i = 0; i < areaIds.length; i += BATCH) {
    const rows = await db
      .select({ id: residentialAreas.id, regionCode: residentialAreas.regionCode })
      .from(residentialAreas)
      .where(areaWhere(actor, { ids: areaIds.slice(i, i + BATCH) }));
    for (const r of rows) existingAreas.set(r.id, r);
  }
  for (const a of areas) {
    if (a.id !== undefined && !existingAreas.has(a.id))
      err(AREA_SHEET, a.row, '小区编号', `小区编号 ${a.id} 不存在或不在您的数据范围内`);
  }

  // Facilities named by id must be in scope (region × category); every type in the actor's categories.
  const facilityIds = facs.flatMap((f) => (f.id === undefined ? [] : [f.id]));
  const existingFacilities = new Map<number, { regionCode: string }>();
  for (let i = 0; i < facilityIds.length; i += BATCH) {
    const rows = await db
      .select({ id: facilities.id, regionCode: facilities.regionCode })
      .from(facilities)
      .where(facilityWhere(actor, { ids: facilityIds.slice(i, i + BATCH) }));
    for (const r of rows) existingFacilities.set(r.id, r);
  }
  for (const f of facs) {
    if (!canSeeCategory(actor, categoryOfFacilityType(f.type)))
      err(FACILITY_SHEET, f.row, '设施类型', '该设施类别不在您的数据范围内');
    if (f.id !== undefined && !existingFacilities.has(f.id))
      err(FACILITY_SHEET, f.row, '设施编号', `设施编号 ${f.id} 不存在或不在您的数据范围内`);
  }

  // 服务小区: by id (existing, in scope) or by name (this workbook first, then the ledger).
  const inScope = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      regionCode: residentialAreas.regionCode,
    })
    .from(residentialAreas)
    .where(areaWhere(actor, {}));
  const scopeById = new Map(inScope.map((a) => [a.id, a]));
  const renamed = new Map(areas.flatMap((a) => (a.id === undefined ? [] : [[a.id, a] as const])));
  const byName = new Map<string, AreaTarget[]>();
  const addName = (name: string, target: AreaTarget) => {
    const key = areaNameKey(name);
    const list = byName.get(key) ?? [];
    list.push(target);
    byName.set(key, list);
  };
  for (const a of inScope) if (!renamed.has(a.id)) addName(a.name, { id: a.id });
  for (const a of areas) addName(a.name, a.id === undefined ? { row: a.row } : { id: a.id });

  const targetsOf = (f: ParsedFacility): AreaTarget[] => {
    const out: AreaTarget[] = [];
    for (const ref of f.areaRefs) {
      if (ref.id !== undefined) {
        if (scopeById.has(ref.id)) out.push({ id: ref.id });
        else
          err(FACILITY_SHEET, f.row, '服务小区', `小区编号 ${ref.id} 不存在或不在您的数据范围内`);
        continue;
      }
      const list = byName.get(areaNameKey(ref.name ?? '')) ?? [];
      if (list.length === 1) out.push(list[0]!);
      else if (list.length === 0)
        err(
          FACILITY_SHEET,
          f.row,
          '服务小区',
          `找不到小区“${ref.name}”，请填写小区编号或先在“小区”表中列出`,
        );
      else
        err(
          FACILITY_SHEET,
          f.row,
          '服务小区',
          `小区名称“${ref.name}”有 ${list.length} 个同名小区，请填写小区编号`,
        );
    }
    return out;
  };
  const newFacilities: Plan['newFacilities'] = [];
  const oldFacilities: Plan['oldFacilities'] = [];
  for (const f of facs) {
    const targets = targetsOf(f);
    if (f.id === undefined) newFacilities.push({ f, targets });
    else oldFacilities.push({ ...f, id: f.id, targets });
  }

  // P3: districts whose ledger is with the departments cannot change.
  const touched = new Set<string>();
  for (const a of areas) touched.add(a.regionCode.slice(0, 6));
  for (const r of existingAreas.values()) touched.add(r.regionCode.slice(0, 6));
  for (const r of existingFacilities.values()) touched.add(r.regionCode.slice(0, 6));
  for (const f of facs)
    for (const ref of f.areaRefs)
      if (ref.id !== undefined) {
        const a = scopeById.get(ref.id);
        if (a) touched.add(a.regionCode.slice(0, 6));
      }
  if (touched.size > 0) {
    const locks = await db
      .select({ d: ledgerLocks.districtCode, reason: ledgerLocks.reason })
      .from(ledgerLocks)
      .where(inArray(ledgerLocks.districtCode, [...touched]));
    for (const l of locks)
      err(
        AREA_SHEET,
        0,
        '',
        `区县 ${l.d} 的台账已报送备案（${l.reason}），锁定期间不能导入，请主管部门退回后再导入`,
      );
  }

  return {
    errors,
    newAreas: areas.filter((a) => a.id === undefined),
    oldAreas: areas.filter((a): a is ParsedArea & { id: number } => a.id !== undefined),
    newFacilities,
    oldFacilities,
  };
}

function areaValues(a: ParsedArea) {
  return {
    regionCode: a.regionCode,
    name: a.name,
    address: a.address,
    households: a.households,
    population: a.population,
    buildYear: a.buildYear,
    kind: a.kind,
    ...coords(a.lon, a.lat, a.coordSystem),
  };
}

function facilityValues(f: ParsedFacility) {
  return {
    type: f.type,
    category: categoryOfFacilityType(f.type),
    name: f.name,
    floorArea: f.floorArea,
    siteArea: f.siteArea,
    ownership: f.ownership,
    operator: f.operator,
    planningStatus: f.stages.planning.status,
    planningNote: f.stages.planning.note,
    constructionStatus: f.stages.construction.status,
    constructionNote: f.stages.construction.note,
    handoverStatus: f.stages.handover.status,
    handoverNote: f.stages.handover.note,
    useStatus: f.stages.use.status,
    useNote: f.stages.use.note,
    ...coords(f.lon, f.lat, f.coordSystem),
  };
}

/** UPDATE … FROM (VALUES …): one statement per batch instead of one per row. */
function batchUpdate(
  table: 'residential_areas' | 'facilities',
  columns: { name: string; type: string }[],
  rows: unknown[][],
  actorId: number,
): SQL {
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${sql.join(
          r.map((v, i) => sql`${v}::${sql.raw(columns[i]!.type)}`),
          sql`, `,
        )})`,
    ),
    sql`, `,
  );
  const names = sql.raw(columns.map((c) => c.name).join(', '));
  const sets = sql.raw(
    columns
      .slice(1)
      .map((c) => `${c.name} = v.${c.name}`)
      .join(', '),
  );
  return sql`update ${sql.raw(table)} as t set ${sets}, updated_by = ${actorId}, updated_at = now(), version = t.version + 1
    from (values ${values}) as v(${names}) where t.id = v.id`;
}

const AREA_COLUMNS = [
  { name: 'id', type: 'int' },
  { name: 'region_code', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'households', type: 'int' },
  { name: 'population', type: 'int' },
  { name: 'build_year', type: 'int' },
  { name: 'kind', type: 'text' },
  { name: 'lon', type: 'double precision' },
  { name: 'lat', type: 'double precision' },
];

const FACILITY_COLUMNS = [
  { name: 'id', type: 'int' },
  { name: 'region_code', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'floor_area', type: 'double precision' },
  { name: 'site_area', type: 'double precision' },
  { name: 'ownership', type: 'text' },
  { name: 'operator', type: 'text' },
  { name: 'planning_status', type: 'text' },
  { name: 'planning_note', type: 'text' },
  { name: 'construction_status', type: 'text' },
  { name: 'construction_note', type: 'text' },
  { name: 'handover_status', type: 'text' },
  { name: 'handover_note', type: 'text' },
  { name: 'use_status', type: 'text' },
  { name: 'use_note', type: 'text' },
  { name: 'lon', type: 'double precision' },
  { name: 'lat', type: 'double precision' },
];

function facilityRow(id: number, regionCode: string, f: ParsedFacility): unknown[] {
  const v = facilityValues(f);
  return [
    id,
    regionCode,
    v.type,
    v.category,
    v.name,
    v.floorArea,
    v.siteArea,
    v.ownership,
    v.operator,
    v.planningStatus,
    v.planningNote,
    v.constructionStatus,
    v.constructionNote,
    v.handoverStatus,
    v.handoverNote,
    v.useStatus,
    v.useNote,
    v.lon,
    v.lat,
  ];
}

async function writeImport(tx: Db, actor: Actor, plan: Plan): Promise<void> {
  const idOfRow = new Map<number, number>();
  for (let i = 0; i < plan.newAreas.length; i += BATCH) {
    const batch = plan.newAreas.slice(i, i + BATCH);
    const inserted = await tx
      .insert(residentialAreas)
      .values(batch.map((a) => ({ ...areaValues(a), createdBy: actor.id, updatedBy: actor.id })))
      .returning({ id: residentialAreas.id });
    inserted.forEach((r, j) => idOfRow.set(batch[j]!.row, r.id));
  }
  for (let i = 0; i < plan.oldAreas.length; i += BATCH) {
    const rows = plan.oldAreas.slice(i, i + BATCH).map((a) => {
      const v = areaValues(a);
      return [
        a.id,
        v.regionCode,
        v.name,
        v.address,
        v.households,
        v.population,
        v.buildYear,
        v.kind,
        v.lon,
        v.lat,
      ];
    });
    await tx.execute(batchUpdate('residential_areas', AREA_COLUMNS, rows, actor.id));
  }

  const resolve = (targets: AreaTarget[]) => [
    ...new Set(targets.map((t) => ('id' in t ? t.id : idOfRow.get(t.row)!))),
  ];
  const regionOfArea = new Map<number, string>();
  const needed = new Set<number>();
  for (const f of [
    ...plan.newFacilities.map((x) => x.targets),
    ...plan.oldFacilities.map((x) => x.targets),
  ])
    for (const id of resolve(f)) needed.add(id);
  const neededIds = [...needed];
  for (let i = 0; i < neededIds.length; i += BATCH) {
    const rows = await tx
      .select({ id: residentialAreas.id, regionCode: residentialAreas.regionCode })
      .from(residentialAreas)
      .where(inArray(residentialAreas.id, neededIds.slice(i, i + BATCH)));
    for (const r of rows) regionOfArea.set(r.id, r.regionCode);
  }

  const links: { facilityId: number; residentialAreaId: number }[] = [];
  for (let i = 0; i < plan.newFacilities.length; i += BATCH) {
    const batch = plan.newFacilities.slice(i, i + BATCH);
    const inserted = await tx
      .insert(facilities)
      .values(
        batch.map(({ f, targets }) => ({
          ...facilityValues(f),
          regionCode: regionOfArea.get(resolve(targets)[0]!)!,
          createdBy: actor.id,
          updatedBy: actor.id,
        })),
      )
      .returning({ id: facilities.id });
    inserted.forEach((r, j) => {
      for (const areaId of resolve(batch[j]!.targets))
        links.push({ facilityId: r.id, residentialAreaId: areaId });
    });
  }
  for (let i = 0; i < plan.oldFacilities.length; i += BATCH) {
    const batch = plan.oldFacilities.slice(i, i + BATCH);
    await tx.execute(
      batchUpdate(
        'facilities',
        FACILITY_COLUMNS,
        batch.map((f) => facilityRow(f.id, regionOfArea.get(resolve(f.targets)[0]!)!, f)),
        actor.id,
      ),
    );
    await tx.delete(facilityAreas).where(
      inArray(
        facilityAreas.facilityId,
        batch.map((f) => f.id),
      ),
    );
    for (const f of batch)
      for (const areaId of resolve(f.targets))
        links.push({ facilityId: f.id, residentialAreaId: areaId });
  }
  for (let i = 0; i < links.length; i += BATCH * 4)
    await tx.insert(facilityAreas).values(links.slice(i, i + BATCH * 4));
}

/** Every area and facility of the actor's scope, in pages, for the export. */
export async function* scopedAreasForExport(db: Db, actor: Actor, region: string | null) {
  let after = 0;
  for (;;) {
    const rows = await db
      .select({
        id: residentialAreas.id,
        name: residentialAreas.name,
        regionCode: residentialAreas.regionCode,
        regionName: sql<string>`(select r.name from regions r where r.code = ${residentialAreas.regionCode})`,
        streetName: sql<string>`(select r.name from regions r where r.code = left(${residentialAreas.regionCode}, 9))`,
        districtName: sql<string>`(select r.name from regions r where r.code = left(${residentialAreas.regionCode}, 6))`,
        address: residentialAreas.address,
        lon: residentialAreas.lon,
        lat: residentialAreas.lat,
        households: residentialAreas.households,
        population: residentialAreas.population,
        buildYear: residentialAreas.buildYear,
        kind: residentialAreas.kind,
      })
      .from(residentialAreas)
      .where(and(areaWhere(actor, { region }), sql`${residentialAreas.id} > ${after}`))
      .orderBy(residentialAreas.id)
      .limit(2_000);
    if (rows.length === 0) return;
    yield* rows;
    after = rows.at(-1)!.id;
  }
}

export async function* scopedFacilitiesForExport(db: Db, actor: Actor, region: string | null) {
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(facilities)
      .where(and(facilityWhere(actor, { region }), sql`${facilities.id} > ${after}`))
      .orderBy(facilities.id)
      .limit(2_000);
    if (rows.length === 0) return;
    const links = await db
      .select({
        facilityId: facilityAreas.facilityId,
        id: residentialAreas.id,
        name: residentialAreas.name,
      })
      .from(facilityAreas)
      .innerJoin(residentialAreas, eq(residentialAreas.id, facilityAreas.residentialAreaId))
      .where(
        inArray(
          facilityAreas.facilityId,
          rows.map((r) => r.id),
        ),
      );
    for (const f of rows) {
      yield {
        id: f.id,
        type: f.type as never,
        name: f.name,
        residentialAreas: links
          .filter((l) => l.facilityId === f.id)
          .map((l) => ({ id: l.id, name: l.name })),
        floorArea: f.floorArea,
        siteArea: f.siteArea,
        lon: f.lon,
        lat: f.lat,
        ownership: f.ownership as never,
        operator: f.operator,
        stages: {
          planning: { status: f.planningStatus, note: f.planningNote },
          construction: { status: f.constructionStatus, note: f.constructionNote },
          handover: { status: f.handoverStatus, note: f.handoverNote },
          use: { status: f.useStatus, note: f.useNote },
        },
        updatedAt: f.updatedAt.toISOString(),
      };
    }
    after = rows.at(-1)!.id;
  }
}
