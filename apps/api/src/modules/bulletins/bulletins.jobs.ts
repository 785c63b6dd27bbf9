import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { draftBulletin, readBulletinSettings } from './bulletins.service.ts';

export const BULLETIN_DRAFT_JOB = 'bulletins.scheduled_draft';

/** The calendar month before `today` (YYYY-MM-DD) as a period. */
export function previousMonth(today: string): { periodStart: string; periodEnd: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 2, 1));
  const end = new Date(Date.UTC(y, m - 1, 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { periodStart: iso(start), periodEnd: iso(end) };
}

/**
 * "Monthly, day N, for the previous month": from day N on, queues the month's draft once (the
 * dedupe key makes a second enqueue, from this or another process, a no-op).
 */
export async function scheduleBulletinDraft(db: Db, now: Date = new Date()): Promise<boolean> {
  const config = await readBulletinSettings(db);
  if (config.schedule !== 'monthly') return false;
  const today = todayInShanghai(now);
  if (Number(today.slice(8, 10)) < config.scheduleDay) return false;
  const period = previousMonth(today);
  return enqueueJob(db, {
    kind: BULLETIN_DRAFT_JOB,
    dedupeKey: `bulletin-draft:${period.periodStart}:${period.periodEnd}`,
    payload: period,
  });
}

/** The job: one draft for the period, however many runners get here (unique period index). */
export async function draftScheduledBulletin(db: Db, payload: unknown) {
  const { periodStart, periodEnd } = payload as { periodStart: string; periodEnd: string };
  return draftBulletin({ db, actor: SYSTEM_ACTOR, periodStart, periodEnd, scheduled: true });
}
