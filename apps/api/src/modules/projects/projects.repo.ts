import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { GateStatus, ProjectGate } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { regionInScope } from '../../platform/auth/scope.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import { notFound, validationFailed } from '../../platform/http/errors.ts';
import { departments } from '../org/index.ts';
import { isDeveloperOnly, type ProjectFacts } from './project.policy.ts';
import { projectEvents, projectGates, projectOpinions, projects } from './projects.tables.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type GateRow = typeof projectGates.$inferSelect;

export type ProjectFilter = {
  q?: string | undefined;
  region?: string | undefined;
  gate?: ProjectGate | undefined;
  /** The status of the project's current gate (pending = waiting for its document). */
  status?: GateStatus | undefined;
  ids?: number[] | undefined;
};

/**
 * Scope first: a developer account sees only the projects linked to it; everyone else the
 * projects in its region subtree. Then the filter.
 */
export function projectWhere(actor: Actor, f: ProjectFilter = {}): SQL | undefined {
  const conds: SQL[] = [
    isDeveloperOnly(actor)
      ? eq(projects.developerUserId, actor.id)
      : regionInScope(projects.regionCode, actor),
  ];
  if (f.region) conds.push(sql`${projects.regionCode} like ${`${f.region}%`}`);
  if (f.gate) conds.push(eq(projects.currentGate, f.gate));
  if (f.status) {
    conds.push(
      sql`exists (select 1 from ${projectGates} g where g.project_id = ${projects.id} and g.gate = ${projects.currentGate} and g.status = ${f.status})`,
    );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${projects.name} ilike ${like} or ${projects.developerName} ilike ${like})`);
  }
  if (f.ids) conds.push(f.ids.length ? inArray(projects.id, f.ids) : sql`false`);
  return and(...conds);
}

/** The project in the actor's scope, locked for the transaction (404 outside the scope). */
export async function lockProject(tx: Db, actor: Actor, id: number): Promise<ProjectRow> {
  const [row] = await tx
    .select()
    .from(projects)
    .where(projectWhere(actor, { ids: [id] }))
    .for('update');
  if (!row) throw notFound('项目');
  return row;
}

export async function loadGates(db: Db, projectIds: number[]): Promise<GateRow[]> {
  if (projectIds.length === 0) return [];
  return db
    .select()
    .from(projectGates)
    .where(inArray(projectGates.projectId, projectIds))
    .orderBy(asc(projectGates.projectId), asc(projectGates.seq));
}

/** The departments that have opined in each gate's current round, keyed `projectId:gate`. */
export async function loadOpinedThisRound(
  db: Db,
  gates: GateRow[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const open = gates.filter((g) => g.round > 0);
  if (open.length === 0) return out;
  const rows = await db
    .select({
      projectId: projectOpinions.projectId,
      gate: projectOpinions.gate,
      round: projectOpinions.round,
      departmentCode: projectOpinions.departmentCode,
    })
    .from(projectOpinions)
    .where(inArray(projectOpinions.projectId, [...new Set(open.map((g) => g.projectId))]));
  for (const g of open) {
    out.set(
      `${g.projectId}:${g.gate}`,
      rows
        .filter((r) => r.projectId === g.projectId && r.gate === g.gate && r.round === g.round)
        .map((r) => r.departmentCode),
    );
  }
  return out;
}

export function factsOf(
  p: ProjectRow,
  gates: GateRow[],
  opined: Map<string, string[]>,
): ProjectFacts {
  return {
    developerUserId: p.developerUserId,
    regionCode: p.regionCode,
    gates: gates
      .filter((g) => g.projectId === p.id)
      .map((g) => ({
        gate: g.gate,
        status: g.status,
        requiredDepartments: g.requiredDepartments,
        opined: opined.get(`${p.id}:${g.gate}`) ?? [],
      })),
  };
}

export async function loadFacts(db: Db, p: ProjectRow) {
  const gates = await loadGates(db, [p.id]);
  const opined = await loadOpinedThisRound(db, gates);
  return { gates, facts: factsOf(p, gates, opined) };
}

export async function departmentNames(
  db: Db,
  codes: Iterable<string>,
): Promise<Map<string, string>> {
  const list = [...new Set(codes)];
  if (list.length === 0) return new Map();
  const rows = await db
    .select({ code: departments.code, name: departments.name })
    .from(departments)
    .where(inArray(departments.code, list));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Active department accounts acting for the given departments. */
export async function departmentUserIds(db: Db, codes: readonly string[]): Promise<number[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .select({ id: users.id, roles: users.roles })
    .from(users)
    .where(and(inArray(users.departmentCode, [...codes]), eq(users.disabled, false)));
  return rows.filter((r) => r.roles.includes('department')).map((r) => r.id);
}

export async function officeUserIds(db: Db): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`'office' = any(${users.roles})`, eq(users.disabled, false)));
  return rows.map((r) => r.id);
}

/** New attachments must exist and be the actor's own uploads (linking someone else's file would leak it). */
export async function assertOwnAttachments(
  tx: Db,
  actor: Actor,
  ids: readonly number[],
  path: string,
): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: attachments.id, uploadedBy: attachments.uploadedBy })
    .from(attachments)
    .where(inArray(attachments.id, [...ids]));
  const ok = new Set(found.filter((f) => f.uploadedBy === actor.id).map((f) => f.id));
  const bad = ids.map((id, i) => ({ id, i })).filter(({ id }) => !ok.has(id));
  if (bad.length) {
    throw validationFailed(
      bad.map(({ id, i }) => ({
        path: `${path}.${i}`,
        message: `附件 ${id} 不存在或不是您上传的`,
      })),
      '附件不存在或不是您上传的',
    );
  }
}

export type EventInput = {
  projectId: number;
  gate?: ProjectGate | null;
  action: string;
  round?: number | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  comment?: string | null;
  attachmentIds?: number[];
  data?: unknown;
};

/** Appends to the project's timeline; returns the event id (notices key on it). */
export async function recordEvent(tx: Db, actor: Actor, e: EventInput): Promise<number> {
  const [row] = await tx
    .insert(projectEvents)
    .values({
      projectId: e.projectId,
      gate: e.gate ?? null,
      action: e.action,
      round: e.round ?? null,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      actorId: actor.id || null,
      actorName: actor.displayName,
      actorDepartment: actor.departmentCode,
      comment: e.comment ?? null,
      attachmentIds: e.attachmentIds ?? [],
      data: e.data ?? null,
    })
    .returning({ id: projectEvents.id });
  return row!.id;
}
