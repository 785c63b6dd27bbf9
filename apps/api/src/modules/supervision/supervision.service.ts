import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { departments, findDepartment } from '../org/index.ts';
import { leadingGroupMembers, taskReports, tasks } from './supervision.tables.ts';

type TaskRow = typeof tasks.$inferSelect;

function taskStatus(percent: number): 'not_started' | 'in_progress' | 'done' {
  return percent >= 100 ? 'done' : percent > 0 ? 'in_progress' : 'not_started';
}

/** Lead departments report on their own tasks; the office on any. */
function mayReport(actor: Actor, t: TaskRow): boolean {
  return (
    actor.permissions.has('tasks.manage') ||
    (actor.permissions.has('tasks.report') && actor.departmentCode === t.leadDepartmentCode)
  );
}

function present(actor: Actor, t: TaskRow & { leadDepartmentName: string | null }, today: string) {
  const status = taskStatus(t.progressPercent);
  return {
    id: t.id,
    seq: t.seq,
    name: t.name,
    description: t.description,
    leadDepartmentCode: t.leadDepartmentCode,
    leadDepartmentName: t.leadDepartmentName,
    responsibleUnits: t.responsibleUnits,
    deadline: t.deadline,
    progressPercent: t.progressPercent,
    status,
    overdue: status !== 'done' && t.deadline !== null && t.deadline < today,
    version: t.version,
    abilities: { update: actor.permissions.has('tasks.manage'), report: mayReport(actor, t) },
  };
}

const columns = { t: tasks, leadDepartmentName: departments.name };

export async function findTasks(input: { db: Db; actor: Actor }) {
  const rows = await input.db
    .select(columns)
    .from(tasks)
    .leftJoin(departments, eq(departments.code, tasks.leadDepartmentCode))
    .orderBy(asc(tasks.seq));
  const today = todayInShanghai();
  const items = rows.map((r) =>
    present(input.actor, { ...r.t, leadDepartmentName: r.leadDepartmentName }, today),
  );
  return { items, total: items.length };
}

export async function findTask(input: { db: Db; actor: Actor; id: number }) {
  const [r] = await input.db
    .select(columns)
    .from(tasks)
    .leftJoin(departments, eq(departments.code, tasks.leadDepartmentCode))
    .where(eq(tasks.id, input.id));
  if (!r) throw notFound('任务');
  const reports = await input.db
    .select()
    .from(taskReports)
    .where(eq(taskReports.taskId, input.id))
    .orderBy(desc(taskReports.id));
  return {
    ...present(
      input.actor,
      { ...r.t, leadDepartmentName: r.leadDepartmentName },
      todayInShanghai(),
    ),
    reports: reports.map((x) => ({
      id: x.id,
      note: x.note,
      percent: x.percent,
      actorName: x.actorName,
      at: x.at.toISOString(),
    })),
  };
}

export type TaskInput = {
  name: string;
  description?: string | null | undefined;
  leadDepartmentCode: string;
  responsibleUnits: string[];
  deadline?: string | null | undefined;
};

async function assertDepartment(db: Db, code: string) {
  if (!(await findDepartment(db, code)))
    throw validationFailed(
      [{ path: 'leadDepartmentCode', message: '牵头部门不存在' }],
      '牵头部门不存在',
    );
}

export async function createTask(input: { db: Db; actor: Actor; data: TaskInput }) {
  const { db, actor, data } = input;
  await assertDepartment(db, data.leadDepartmentCode);
  const id = await db.transaction(async (tx) => {
    const [{ seq } = { seq: 0 }] = await tx
      .select({ seq: sql<number>`coalesce(max(${tasks.seq}), 0)::int` })
      .from(tasks);
    const [row] = await tx
      .insert(tasks)
      .values({
        ...data,
        description: data.description ?? null,
        deadline: data.deadline ?? null,
        seq: seq + 1,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'task.create',
      entity: 'task',
      entityId: row!.id,
      after: row,
    });
    return row!.id;
  });
  return findTask({ db, actor, id });
}

export async function updateTask(input: {
  db: Db;
  actor: Actor;
  id: number;
  data: Partial<TaskInput> & { version: number };
}) {
  const { db, actor, id, data } = input;
  if (data.leadDepartmentCode) await assertDepartment(db, data.leadDepartmentCode);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
    if (!before) throw notFound('任务');
    if (before.version !== data.version) throw conflict();
    const { version: _v, ...fields } = data;
    const [after] = await tx
      .update(tasks)
      .set({ ...fields, updatedAt: new Date(), version: before.version + 1 })
      .where(eq(tasks.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'task.update',
      entity: 'task',
      entityId: id,
      before,
      after,
    });
  });
  return findTask({ db, actor, id });
}

export async function reportTask(input: {
  db: Db;
  actor: Actor;
  id: number;
  note: string;
  percent: number;
}) {
  const { db, actor, id } = input;
  await db.transaction(async (tx) => {
    const [t] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
    if (!t) throw notFound('任务');
    if (!mayReport(actor, t)) throw forbidden('只有牵头部门或领导小组办公室可以报告该任务进展');
    await tx.insert(taskReports).values({
      taskId: id,
      note: input.note,
      percent: input.percent,
      actorId: actor.id,
      actorName: actor.displayName,
    });
    await tx
      .update(tasks)
      .set({ progressPercent: input.percent, updatedAt: new Date(), version: t.version + 1 })
      .where(eq(tasks.id, id));
    await recordAudit(tx, {
      actor,
      action: 'task.report',
      entity: 'task',
      entityId: id,
      before: { progressPercent: t.progressPercent },
      after: { progressPercent: input.percent, note: input.note },
    });
  });
  return findTask({ db, actor, id });
}

export async function findLeadingGroup(db: Db) {
  const rows = await db
    .select()
    .from(leadingGroupMembers)
    .orderBy(asc(leadingGroupMembers.sortOrder));
  const version = rows.reduce((max, r) => Math.max(max, r.updatedAt.getTime()), 0);
  return {
    members: rows.map((r) => ({
      position: r.position,
      title: r.title,
      unit: r.unit,
      name: r.name,
    })),
    version,
  };
}

/** Replaces the roster (attachment 1) as a whole; `version` guards against a concurrent edit. */
export async function replaceLeadingGroup(input: {
  db: Db;
  actor: Actor;
  members: { position: string; title: string; unit: string; name?: string | null | undefined }[];
  version: number;
}) {
  const { db, actor } = input;
  await db.transaction(async (tx) => {
    const before = await findLeadingGroup(tx);
    if (before.version !== input.version) throw conflict();
    const ids = (await tx.select({ id: leadingGroupMembers.id }).from(leadingGroupMembers)).map(
      (r) => r.id,
    );
    if (ids.length)
      await tx.delete(leadingGroupMembers).where(inArray(leadingGroupMembers.id, ids));
    if (input.members.length) {
      await tx
        .insert(leadingGroupMembers)
        .values(input.members.map((m, i) => ({ ...m, name: m.name ?? null, sortOrder: i + 1 })));
    }
    await recordAudit(tx, {
      actor,
      action: 'leading_group.update',
      entity: 'leading_group',
      before: before.members,
      after: input.members,
    });
  });
  return findLeadingGroup(db);
}
