import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { DEPARTMENT_KINDS } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { currentCity, readCityFile } from '../../platform/city.ts';
import { departmentCode } from '../org/index.ts';
import { leadingGroupMembers, taskReports, tasks } from './supervision.tables.ts';

const demoTasksFile = z.strictObject({
  /** The policy document the tasks come from. */
  source: z.string().min(1),
  tasks: z.array(
    z.strictObject({
      name: z.string().min(1),
      description: z.string(),
      leadDepartmentKind: z.enum(DEPARTMENT_KINDS),
      responsible: z.array(z.string().min(1)),
      deadline: z.iso.date().nullable(),
      /** Illustrative progress (percent). */
      done: z.number().int().min(0).max(100),
    }),
  ),
  /** The leading group's roster: positions and units (names are the city's to fill in). */
  leadingGroup: z.array(
    z.strictObject({
      position: z.string().min(1),
      title: z.string().min(1),
      unit: z.string().min(1),
    }),
  ),
});

/**
 * The tasks of the city's policy document as its text assigns them (lead department kind,
 * responsible units, the dates the text gives; null where it sets none) and the leading group's
 * roster: demo data in the city's reference folder (demo-tasks.json), null where it has none.
 */
export function demoTasks(): z.infer<typeof demoTasksFile> | null {
  return readCityFile('demo-tasks.json', demoTasksFile);
}

/** Loads the policy's tasks and roster on an empty table (demo seed: progress figures are illustrative). */
export async function seedSupervision(db: Db): Promise<void> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(tasks);
  const demo = demoTasks();
  if (n > 0 || !demo) return;
  const city = currentCity().code;
  await db.transaction(async (tx) => {
    for (const [i, t] of demo.tasks.entries()) {
      const [row] = await tx
        .insert(tasks)
        .values({
          seq: i + 1,
          name: t.name,
          description: t.description,
          leadDepartmentCode: departmentCode(city, t.leadDepartmentKind),
          responsibleUnits: t.responsible,
          deadline: t.deadline,
          progressPercent: t.done,
        })
        .returning({ id: tasks.id });
      if (t.done)
        await tx.insert(taskReports).values({
          taskId: row!.id,
          note: '（演示）阶段进展',
          percent: t.done,
          actorName: '系统（演示数据）',
        });
    }
    await tx
      .insert(leadingGroupMembers)
      .values(demo.leadingGroup.map((m, i) => ({ ...m, sortOrder: i + 1 })));
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'demo.seed_tasks',
      entity: 'task',
      after: { tasks: demo.tasks.length, members: demo.leadingGroup.length },
    });
  });
}
