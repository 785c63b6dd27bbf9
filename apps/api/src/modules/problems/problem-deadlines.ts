import { and, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { daysBetween, todayInShanghai } from '../../platform/time.ts';
import { notifyUsers } from '../inbox/index.ts';
import { problems } from './problems.tables.ts';
import { recipientsOf } from './problems.repo.ts';

export const DEADLINE_SCAN_JOB = 'problems.deadline_scan';
/** Days before a deadline when the owners are reminded. */
export const REMINDER_DAYS = [7, 3, 1] as const;

/** Schedules today's scan; whichever process schedules first wins (dedupe key = the date). */
export async function scheduleDeadlineScan(db: Db, today = todayInShanghai()): Promise<boolean> {
  return enqueueJob(db, { kind: DEADLINE_SCAN_JOB, dedupeKey: today, payload: { today } });
}

/**
 * P5 deadlines: reminders to the owners before a deadline, escalation after it to the owners
 * and their supervisors (lead department, office). Every notice has an event key naming the
 * problem, the deadline and the occasion, so two runners — or two runs — never send one twice.
 */
export async function scanDeadlines(
  db: Db,
  today = todayInShanghai(),
): Promise<{ reminders: number; escalations: number }> {
  const rows = await db
    .select()
    .from(problems)
    .where(and(isNotNull(problems.deadline), sql`${problems.status} <> 'closed'`));
  let reminders = 0;
  let escalations = 0;
  for (const p of rows) {
    const left = daysBetween(today, p.deadline!);
    const who = await recipientsOf(db, p);
    if ((REMINDER_DAYS as readonly number[]).includes(left)) {
      reminders += await notifyUsers(db, who.owners, {
        kind: 'problem.deadline_reminder',
        title: `问题 #${p.id}：${left} 天后到期`,
        body: `${p.title}，整改时限 ${p.deadline}`,
        entity: 'problem',
        entityId: p.id,
        eventKey: `problem:${p.id}:remind:${p.deadline}:${left}`,
      });
    } else if (left < 0) {
      escalations += await notifyUsers(db, [...who.owners, ...who.leadDepartment, ...who.office], {
        kind: 'problem.overdue_escalation',
        title: `问题 #${p.id}：已逾期，请督办`,
        body: `${p.title}，整改时限 ${p.deadline}，已逾期 ${-left} 天`,
        entity: 'problem',
        entityId: p.id,
        eventKey: `problem:${p.id}:overdue:${p.deadline}`,
      });
    }
  }
  return { reminders, escalations };
}
