import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { notifyUsers } from '../inbox/index.ts';
import { readSettings } from '../org/index.ts';
import { problems, recipientsOf } from '../problems/index.ts';
import { feedback } from './feedback.tables.ts';
import { pruneCounters } from './feedback-abuse.ts';
import {
  closeEndedQuestionnaires,
  eraseQuestionnaireContacts,
} from './questionnaires/questionnaires.service.ts';

export const FEEDBACK_DAILY_JOB = 'feedback.daily';

export async function scheduleFeedbackDaily(db: Db, today = todayInShanghai()): Promise<boolean> {
  return enqueueJob(db, { kind: FEEDBACK_DAILY_JOB, dedupeKey: today, payload: { today } });
}

/**
 * The daily feedback job: remind triagers on the due date, escalate late feedback to the district
 * and street and the office, erase contact details N days after the feedback ended (个人信息保护法:
 * kept no longer than needed), and drop stale abuse counters.
 */
export async function runFeedbackDaily(
  db: Db,
  today = todayInShanghai(),
  now = new Date(),
): Promise<{ reminders: number; escalations: number; erased: number }> {
  let reminders = 0;
  let escalations = 0;
  const open = await db
    .select()
    .from(feedback)
    .where(and(eq(feedback.status, 'received'), sql`${feedback.dueDate} <= ${today}`));
  for (const f of open) {
    const who = await recipientsOf(db, f);
    if (f.dueDate === today) {
      reminders += await notifyUsers(db, who.owners, {
        kind: 'feedback.due_reminder',
        title: `居民反映 ${f.trackingCode} 今日到期`,
        body: `请于今日（${f.dueDate}）前处理`,
        entity: 'feedback',
        entityId: f.id,
        eventKey: `feedback:${f.id}:due:${f.dueDate}`,
      });
    } else {
      escalations += await notifyUsers(db, [...who.owners, ...who.office], {
        kind: 'feedback.late',
        title: `居民反映 ${f.trackingCode} 已超期未处理`,
        body: `处理时限 ${f.dueDate}`,
        entity: 'feedback',
        entityId: f.id,
        eventKey: `feedback:${f.id}:late:${f.dueDate}`,
      });
    }
  }
  const erased = await eraseExpiredContacts(db, now);
  // 满意度调查: close those whose period has ended; their phones go after the same retention.
  await closeEndedQuestionnaires(db, today);
  await eraseQuestionnaireContacts(db, (await readSettings(db)).feedbackContactRetentionDays, now);
  await pruneCounters(db, now);
  return { reminders, escalations, erased };
}

/** Erases name, phone, phone hash and location of feedback that ended more than N days ago. */
export async function eraseExpiredContacts(db: Db, now = new Date()): Promise<number> {
  const { feedbackContactRetentionDays: days } = await readSettings(db);
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.transaction(async (tx) => {
    const ended = sql`coalesce(${feedback.endedAt}, case when ${feedback.reviewStatus} is distinct from 'pending' then (select ${problems.closedAt} from ${problems} where ${problems.id} = ${feedback.problemId} and ${problems.status} = 'closed') end)`;
    const rows = await tx
      .update(feedback)
      .set({
        contactNameEnc: null,
        phoneEnc: null,
        phoneHash: null,
        lon: null,
        lat: null,
        contactErasedAt: now,
      })
      .where(
        and(
          isNull(feedback.contactErasedAt),
          or(
            sql`${feedback.phoneEnc} is not null`,
            sql`${feedback.contactNameEnc} is not null`,
            sql`${feedback.lon} is not null`,
          ),
          lt(ended, cutoff),
        ),
      )
      .returning({ id: feedback.id });
    if (rows.length)
      await recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: 'feedback.contact_erase',
        entity: 'feedback',
        after: { ids: rows.map((r) => r.id), retentionDays: days },
      });
    return rows.length;
  });
}
