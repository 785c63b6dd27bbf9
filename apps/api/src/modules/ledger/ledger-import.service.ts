import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { categoryOfFacilityType } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { bumpRevision, readRevisions } from '../../platform/revisions.ts';
import { revisions } from '../../platform/revisions.tables.ts';
import { conflict } from '../../platform/http/errors.ts';
import { intArrayParam, selectPacked } from '../../platform/db/packed.ts';
import { regions } from '../org/index.ts';
import { facilities, facilityAreas, residentialAreas } from './ledger.tables.ts';
import { selectLocks } from './ledger-locks.ts';
import { checkCommunity, districtOf, mayWriteType, storedPoint } from './ledger-rules.ts';
import { areaWhere, facilityWhere } from './ledger.repo.ts';
import { emitLedgerChange } from './ledger.service.ts';
import {
  AREA_SHEET,
  FACILITY_SHEET,
  areaNameKey,
  parseLedgerWorkbook,
  type ParsedArea,
  type ParsedLedger,
  type ParsedFacility,
} from './ledger-workbook.ts';

export type ImportError = { sheet: string; row: number; column: string; message: string };
export type ImportReport = {
  rows: number;
  created: number;
  updated: number;
  /** Rows naming existing records that are already as the workbook says (nothing written). */
  unchanged: number;
  errors: ImportError[];
  dryRun: boolean;
  truncated: boolean;
};

const BATCH = 500;
const MAX_ERRORS = 1000;

/** Where a 服务小区 reference points: an existing area id, or a new area of this workbook. */
type AreaTarget = { id: number } | { row: number };

/** Coordinates as stored (the workbook already refused one without the other). */
function coords(lon: number | null, lat: number | null, system: ParsedArea['coordSystem']) {
  const { lon: x, lat: y } = storedPoint(lon, lat, system);
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
  const fileHash = await sha256File(filePath);
  const revision = (await readRevisions(db)).ledger;
  const key = previewKey(actor, fileHash, revision);

  // A commit of the very bytes just previewed, with the ledger unchanged since, writes the
  // previewed plan instead of parsing and checking the workbook again; only the locks are re-read.
  const previewed = dryRun ? undefined : takePreview(actor.id, key);
  const parsed = previewed ?? (await parseLedgerWorkbook(filePath, { maxErrors: MAX_ERRORS }));
  const report = (errors: ImportError[], plan?: Plan): ImportReport => ({
    rows: parsed.rows,
    created: plan ? plan.newAreas.length + plan.newFacilities.length : 0,
    updated: plan ? plan.oldAreas.length + plan.oldFacilities.length : 0,
    unchanged: plan?.unchanged ?? 0,
    errors: errors.slice(0, MAX_ERRORS),
    dryRun,
    truncated: parsed.truncated || errors.length > MAX_ERRORS,
  });
  let plan: Plan;
  if (previewed) {
    plan = previewed.plan;
    const locked = await lockErrors(db, plan.districts);
    if (locked.length > 0) return report(locked);
  } else {
    const { errors, areas, facilities: facs } = parsed as ParsedLedger;
    if (errors.length > 0) return report(errors);
    if (areas.length === 0 && facs.length === 0) {
      return report([
        { sheet: AREA_SHEET, row: 0, column: '', message: '工作簿中没有可导入的小区或设施' },
      ]);
    }
    plan = await planImport(db, actor, areas, facs);
    if (plan.errors.length > 0) return report(plan.errors);
  }
  if (dryRun) {
    keepPreview(actor.id, { key, plan, rows: parsed.rows, truncated: parsed.truncated });
    return report([], plan);
  }

  await db.transaction(async (tx) => {
    // The plan was checked against this revision of the ledger; a write since makes it stale.
    const [current] = await tx
      .select({ value: revisions.value })
      .from(revisions)
      .where(eq(revisions.key, 'ledger'))
      .for('update');
    if ((current?.value ?? 0) !== revision)
      throw conflict('导入期间台账已被他人修改，请重新上传并预览后再导入');
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
  return report([], plan);
}

async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Dry-run plans kept for the commit that usually follows (P3: the district previews, then
 * imports the same file). In this process only, one per account, for 15 minutes, at most four
 * in all; a commit that finds none (another process, expired, other bytes, or the ledger
 * changed) parses and checks the workbook again, so keeping them is an optimisation only.
 */
type Preview = { key: string; plan: Plan; rows: number; truncated: boolean };
const PREVIEW_TTL_MS = 15 * 60 * 1000;
const MAX_PREVIEWS = 4;
const previews = new Map<number, Preview & { at: number }>();

function previewKey(actor: Actor, fileHash: string, revision: number): string {
  const scope = [actor.regionCode, [...actor.categories].sort(), [...actor.roles].sort()];
  return `${fileHash}:${revision}:${JSON.stringify(scope)}`;
}

function keepPreview(actorId: number, preview: Preview): void {
  previews.delete(actorId);
  previews.set(actorId, { ...preview, at: Date.now() });
  while (previews.size > MAX_PREVIEWS) previews.delete(previews.keys().next().value!);
}

function takePreview(actorId: number, key: string): Preview | undefined {
  const found = previews.get(actorId);
  previews.delete(actorId);
  if (!found || found.key !== key || Date.now() - found.at > PREVIEW_TTL_MS) return undefined;
  return found;
}

/** P3: districts whose ledger is with the departments (submitted or filed) cannot change. */
async function lockErrors(db: Db, districts: string[]): Promise<ImportError[]> {
  const locks = await selectLocks(db, districts);
  return locks.map((l) => ({
    sheet: AREA_SHEET,
    row: 0,
    column: '',
    message: `区县 ${l.districtCode} 的台账已报送备案（${l.reason}），锁定期间不能导入，请主管部门退回后再导入`,
  }));
}

type Plan = {
  errors: ImportError[];
  newAreas: ParsedArea[];
  oldAreas: (ParsedArea & { id: number })[];
  newFacilities: { f: ParsedFacility; targets: AreaTarget[] }[];
  oldFacilities: (ParsedFacility & { id: number; targets: AreaTarget[] })[];
  /** Rows naming an existing record whose values are already the ledger's. */
  unchanged: number;
  /** The districts the import touches (their ledger locks are checked again at commit). */
  districts: string[];
};

/** Whether every field of `next` equals the stored row (coordinates and areas to 1e-7). */
function sameValues(next: Record<string, unknown>, stored: Stored): boolean {
  // A plain loop: 10⁵ rows compared with Object.entries made two million small arrays.
  for (const k in next) {
    const v = next[k] ?? null;
    const w = stored[k] ?? null;
    if (typeof v === 'number' && typeof w === 'number') {
      if (!(Math.abs(v - w) < 1e-7)) return false;
    } else if (v !== w) return false;
  }
  return true;
}

/** A stored row as the import compares it: the keys of `areaValues` / `facilityValues`. */
type Stored = Record<string, string | number | null>;
type StoredField = { key: string; column: AnyColumn; numeric?: true };

const AREA_STORED: StoredField[] = [
  { key: 'regionCode', column: residentialAreas.regionCode },
  { key: 'name', column: residentialAreas.name },
  { key: 'address', column: residentialAreas.address },
  { key: 'households', column: residentialAreas.households, numeric: true },
  { key: 'population', column: residentialAreas.population, numeric: true },
  { key: 'buildYear', column: residentialAreas.buildYear, numeric: true },
  { key: 'kind', column: residentialAreas.kind },
  { key: 'lon', column: residentialAreas.lon, numeric: true },
  { key: 'lat', column: residentialAreas.lat, numeric: true },
];

const FACILITY_STORED: StoredField[] = [
  { key: 'regionCode', column: facilities.regionCode },
  { key: 'type', column: facilities.type },
  { key: 'category', column: facilities.category },
  { key: 'name', column: facilities.name },
  { key: 'floorArea', column: facilities.floorArea, numeric: true },
  { key: 'siteArea', column: facilities.siteArea, numeric: true },
  { key: 'ownership', column: facilities.ownership },
  { key: 'operator', column: facilities.operator },
  { key: 'planningStatus', column: facilities.planningStatus },
  { key: 'planningNote', column: facilities.planningNote },
  { key: 'constructionStatus', column: facilities.constructionStatus },
  { key: 'constructionNote', column: facilities.constructionNote },
  { key: 'handoverStatus', column: facilities.handoverStatus },
  { key: 'handoverNote', column: facilities.handoverNote },
  { key: 'useStatus', column: facilities.useStatus },
  { key: 'useNote', column: facilities.useNote },
  { key: 'lon', column: facilities.lon, numeric: true },
  { key: 'lat', column: facilities.lat, numeric: true },
];

/** The rows of `table` matching `where` (the caller's scope and ids), keyed by id. */
async function loadStored(
  db: Db,
  table: typeof residentialAreas | typeof facilities,
  where: SQL | undefined,
  fields: StoredField[],
): Promise<Map<number, Stored>> {
  const rows = await selectPacked(
    db,
    [table.id, ...fields.map((f) => f.column)],
    sql`${table} where ${where ?? sql`true`}`,
  );
  const out = new Map<number, Stored>();
  for (const values of rows) {
    const row: Stored = {};
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as StoredField;
      const v = values[i + 1] ?? null;
      row[f.key] = v !== null && f.numeric ? Number(v) : v;
    }
    out.set(Number(values[0]), row);
  }
  return out;
}

/** The level of each region code that exists (codes read in batches). */
async function communityLevels(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < codes.length; i += BATCH) {
    const rows = await db
      .select({ code: regions.code, level: regions.level })
      .from(regions)
      .where(inArray(regions.code, codes.slice(i, i + BATCH)));
    for (const r of rows) found.set(r.code, r.level);
  }
  return found;
}

/** The areas each of these facilities serves, as stored. */
async function loadLinks(db: Db, facilityIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  const links = await selectPacked(
    db,
    [facilityAreas.facilityId, facilityAreas.residentialAreaId],
    sql`${facilityAreas} where ${facilityAreas.facilityId} = any(${intArrayParam(facilityIds)})`,
  );
  for (const [f, a] of links) {
    const list = out.get(Number(f));
    if (list) list.push(Number(a));
    else out.set(Number(f), [Number(a)]);
  }
  return out;
}

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

  // What the checks compare with, read at once (five independent reads: on a server they run
  // side by side on the pool's connections, issue 12).
  const codes = [...new Set(areas.map((a) => a.regionCode))];
  const areaIds = areas.flatMap((a) => (a.id === undefined ? [] : [a.id]));
  const facilityIds = facs.flatMap((f) => (f.id === undefined ? [] : [f.id]));
  const [found, existingAreas, existingFacilities, existingLinks, inScope] = await Promise.all([
    communityLevels(db, codes),
    // Existing areas named by id must be in scope; their old community matters for the lock.
    loadStored(
      db,
      residentialAreas,
      and(areaWhere(actor, {}), sql`${residentialAreas.id} = any(${intArrayParam(areaIds)})`),
      AREA_STORED,
    ),
    // Facilities named by id must be in scope (region × category).
    loadStored(
      db,
      facilities,
      and(facilityWhere(actor, {}), sql`${facilities.id} = any(${intArrayParam(facilityIds)})`),
      FACILITY_STORED,
    ),
    loadLinks(db, facilityIds),
    // 服务小区 are named by id or by name: the areas in scope.
    selectPacked(
      db,
      [residentialAreas.id, residentialAreas.name, residentialAreas.regionCode],
      sql`${residentialAreas} where ${areaWhere(actor, {})}`,
    ),
  ]);

  // Communities: they must exist, be communities, and lie in the actor's region.
  for (const a of areas) {
    const check = checkCommunity(actor, a.regionCode, found.get(a.regionCode));
    if (check === 'not_a_community')
      err(AREA_SHEET, a.row, '社区代码', `社区代码 ${a.regionCode} 不存在`);
    else if (check === 'out_of_scope')
      err(AREA_SHEET, a.row, '社区代码', `社区 ${a.regionCode} 不在您的数据范围内`);
  }
  for (const a of areas) {
    if (a.id !== undefined && !existingAreas.has(a.id))
      err(AREA_SHEET, a.row, '小区编号', `小区编号 ${a.id} 不存在或不在您的数据范围内`);
  }
  // Every facility's type in the actor's categories.
  for (const f of facs) {
    if (!mayWriteType(actor, f.type))
      err(FACILITY_SHEET, f.row, '设施类型', '该设施类别不在您的数据范围内');
    if (f.id !== undefined && !existingFacilities.has(f.id))
      err(FACILITY_SHEET, f.row, '设施编号', `设施编号 ${f.id} 不存在或不在您的数据范围内`);
  }

  // 服务小区: by id (existing, in scope) or by name (this workbook first, then the ledger).
  const scopeById = new Map(
    inScope.map(([id, name, regionCode]) => [
      Number(id),
      { id: Number(id), name: name ?? '', regionCode: regionCode ?? '' },
    ]),
  );
  const renamed = new Map(areas.flatMap((a) => (a.id === undefined ? [] : [[a.id, a] as const])));
  const byName = new Map<string, AreaTarget[]>();
  const addName = (name: string, target: AreaTarget) => {
    const key = areaNameKey(name);
    const list = byName.get(key) ?? [];
    list.push(target);
    byName.set(key, list);
  };
  for (const a of scopeById.values()) if (!renamed.has(a.id)) addName(a.name, { id: a.id });
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
  for (const a of areas) touched.add(districtOf(a.regionCode));
  for (const r of existingAreas.values()) touched.add(districtOf(String(r.regionCode)));
  for (const r of existingFacilities.values()) touched.add(districtOf(String(r.regionCode)));
  for (const f of facs)
    for (const ref of f.areaRefs)
      if (ref.id !== undefined) {
        const a = scopeById.get(ref.id);
        if (a) touched.add(districtOf(a.regionCode));
      }
  errors.push(...(await lockErrors(db, [...touched])));

  // An edited export re-imported: only the rows that differ from the ledger are written.
  const oldAreas = areas.filter((a): a is ParsedArea & { id: number } => a.id !== undefined);
  const changedAreas = oldAreas.filter((a) => {
    const before = existingAreas.get(a.id);
    return !before || !sameValues(areaValues(a), before);
  });
  const changedFacilities = oldFacilities.filter((f) => {
    const before = existingFacilities.get(f.id);
    if (!before) return true;
    const first = f.targets[0];
    const regionCode = first && 'id' in first ? scopeById.get(first.id)?.regionCode : undefined;
    if (regionCode !== before.regionCode) return true;
    const ids = f.targets.map((t) => ('id' in t ? t.id : -t.row)).sort((x, y) => x - y);
    const had = [...(existingLinks.get(f.id) ?? [])].sort((x, y) => x - y);
    if (ids.length !== had.length || ids.some((id, i) => id !== had[i])) return true;
    return !sameValues(facilityValues(f), before);
  });
  return {
    errors,
    newAreas: areas.filter((a) => a.id === undefined),
    oldAreas: changedAreas,
    newFacilities,
    oldFacilities: changedFacilities,
    unchanged:
      oldAreas.length - changedAreas.length + oldFacilities.length - changedFacilities.length,
    districts: [...touched],
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
