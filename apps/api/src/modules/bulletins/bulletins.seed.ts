import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { bulletinRecipients, bulletins } from './bulletins.tables.ts';
import { draftBulletin, issueBulletin } from './bulletins.service.ts';
import { previousMonth } from './bulletins.jobs.ts';

/**
 * Demo: the two monthly bulletins before this month, issued on the 5th of the month after each
 * period with the figures as they stood at the period's end — so the supervision views show a
 * change since the last bulletin. Most units have signed the older one, fewer the newer. Runs
 * once, after the demo problems exist.
 */
export async function seedDemoBulletins(db: Db, now: Date = new Date()): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(bulletins);
  if (n > 0) return 0;
  const today = todayInShanghai(now);
  const last = previousMonth(today);
  const before = previousMonth(last.periodStart);
  const issued: { id: number; at: Date }[] = [];
  for (const period of [before, last]) {
    const fifth = nextMonthFifth(period.periodEnd);
    const issueDate = fifth < today ? fifth : today;
    const { id } = await draftBulletin({
      db,
      actor: SYSTEM_ACTOR,
      ...period,
      asOf: period.periodEnd,
      today: issueDate,
    });
    await issueBulletin({
      db,
      actor: SYSTEM_ACTOR,
      id,
      at: new Date(`${issueDate}T09:30:00+08:00`),
    });
    issued.push({ id, at: new Date(`${issueDate}T09:30:00+08:00`) });
  }
  // Signatures: all but two districts on the older bulletin, half the units on the newer.
  const [older, newer] = issued as [{ id: number; at: Date }, { id: number; at: Date }];
  for (const [{ id, at }, keepUnsigned] of [
    [older, 2],
    [newer, 8],
  ] as const) {
    const rows = await db
      .select({ unitCode: bulletinRecipients.unitCode })
      .from(bulletinRecipients)
      .where(eq(bulletinRecipients.bulletinId, id));
    const toSign = rows.map((r) => r.unitCode).slice(0, Math.max(0, rows.length - keepUnsigned));
    if (toSign.length)
      await db
        .update(bulletinRecipients)
        .set({ signedAt: new Date(at.getTime() + 86_400_000), signedByName: '（演示）' })
        .where(
          and(eq(bulletinRecipients.bulletinId, id), inArray(bulletinRecipients.unitCode, toSign)),
        );
  }
  return issued.length;
}

function nextMonthStart(isoDate: string): string {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** The 5th of the month after `isoDate`, capped at today for the most recent period. */
function nextMonthFifth(isoDate: string): string {
  return `${nextMonthStart(isoDate).slice(0, 8)}05`;
}
