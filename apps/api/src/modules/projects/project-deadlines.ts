import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { PROJECT_GATE_NAMES } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { notifyUsers } from '../inbox/index.ts';
import { departmentNames, departmentUserIds, officeUserIds } from './projects.repo.ts';
import { projectGates, projectOpinions, projects } from './projects.tables.ts';
import { workingDaysBetween } from './working-days.ts';

export const OPINION_DEADLINE_SCAN_JOB = 'projects.opinion_deadline_scan';

/** Schedules today's scan; whichever process schedules first wins (dedupe key = the date). */
export async function scheduleOpinionDeadlineScan(
  db: Db,
  today = todayInShanghai(),
): Promise<boolean> {
  return enqueueJob(db, { kind: OPINION_DEADLINE_SCAN_JOB, dedupeKey: today, payload: { today } });
}

/**
 * Joint-review deadlines: a department that has not opined is reminded once when one working day
 * or less is left; after the deadline, the department and the office are told it is overdue. Each notice's event key names the project, gate, round, department and deadline,
 * so two runners — or two runs — never send one twice.
 */
export async function scanOpinionDeadlines(
  db: Db,
  today = todayInShanghai(),
): Promise<{ reminders: number; escalations: number }> {
  const open = await db
    .select({
      projectId: projectGates.projectId,
      name: projects.name,
      gate: projectGates.gate,
      round: projectGates.round,
      deadline: projectGates.opinionDeadline,
      required: projectGates.requiredDepartments,
    })
    .from(projectGates)
    .innerJoin(projects, eq(projects.id, projectGates.projectId))
    .where(
      and(
        eq(projectGates.status, 'open'),
        isNotNull(projectGates.opinionDeadline),
        sql`${projectGates.gate} <> 'use_supervision'`,
      ),
    );
  let reminders = 0;
  let escalations = 0;
  const office = open.length ? await officeUserIds(db) : [];
  // The notice names the department as people do (淄博市体育局), not by its code.
  const names = await departmentNames(
    db,
    open.flatMap((g) => g.required),
  );
  for (const g of open) {
    const deadline = g.deadline!;
    const opined = await db
      .select({ departmentCode: projectOpinions.departmentCode })
      .from(projectOpinions)
      .where(
        and(
          eq(projectOpinions.projectId, g.projectId),
          eq(projectOpinions.gate, g.gate),
          eq(projectOpinions.round, g.round),
        ),
      );
    const done = new Set(opined.map((o) => o.departmentCode));
    const left = workingDaysBetween(today, deadline);
    for (const dept of g.required.filter((d) => !done.has(d))) {
      const key = `project:${g.projectId}:gate:${g.gate}:round:${g.round}:dept:${dept}`;
      const users = await departmentUserIds(db, [dept]);
      if (today <= deadline && left <= 1) {
        reminders += await notifyUsers(db, users, {
          kind: 'project.opinion_reminder',
          title: `“${g.name}”${PROJECT_GATE_NAMES[g.gate]}意见将于 ${deadline} 到期`,
          body: `请在 ${deadline} 前出具本部门意见`,
          entity: 'project',
          entityId: g.projectId,
          eventKey: `${key}:remind:${deadline}`,
        });
      } else if (today > deadline) {
        escalations += await notifyUsers(db, [...users, ...office], {
          kind: 'project.opinion_overdue',
          title: `“${g.name}”${PROJECT_GATE_NAMES[g.gate]}意见已逾期`,
          body: `${names.get(dept) ?? '有关部门'}未在 ${deadline} 前出具意见，已逾期 ${-left} 个工作日`,
          entity: 'project',
          entityId: g.projectId,
          eventKey: `${key}:overdue:${deadline}`,
        });
      }
    }
  }
  return { reminders, escalations };
}
