import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './platform/db/client.ts';
import { startJobLoop, type JobHandler } from './platform/jobs/jobs.ts';
import {
  DEADLINE_SCAN_JOB,
  scanDeadlines,
  scheduleDeadlineScan,
} from './modules/problems/index.ts';
import {
  OPINION_DEADLINE_SCAN_JOB,
  scanOpinionDeadlines,
  scheduleOpinionDeadlineScan,
} from './modules/projects/index.ts';
import {
  FEEDBACK_DAILY_JOB,
  runFeedbackDaily,
  scheduleFeedbackDaily,
} from './modules/feedback/index.ts';
import {
  ORDER_RULES_JOB,
  applyOrderRules,
  scheduleOrderRules,
} from './modules/supervision/index.ts';
import {
  ACCOUNT_HYGIENE_JOB,
  lockInactiveAccounts,
  scheduleAccountHygiene,
} from './modules/accounts/index.ts';
import {
  BULLETIN_DRAFT_JOB,
  draftScheduledBulletin,
  scheduleBulletinDraft,
} from './modules/bulletins/index.ts';

/** Every background job the platform runs, by kind. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [DEADLINE_SCAN_JOB]: ({ db }) => scanDeadlines(db),
  [OPINION_DEADLINE_SCAN_JOB]: ({ db }) => scanOpinionDeadlines(db),
  [FEEDBACK_DAILY_JOB]: ({ db }) => runFeedbackDaily(db),
  [ORDER_RULES_JOB]: ({ db, payload }) =>
    applyOrderRules(db, (payload as { today?: string } | null)?.today),
  [BULLETIN_DRAFT_JOB]: ({ db, payload }) => draftScheduledBulletin(db, payload),
  [ACCOUNT_HYGIENE_JOB]: ({ db }) => lockInactiveAccounts(db),
};

/** Starts the in-process job loop (safe with several processes: jobs are claimed with SKIP LOCKED). */
export function startJobs(
  db: Db,
  log: FastifyBaseLogger,
  intervalMs = 5 * 60_000,
): () => Promise<void> {
  return startJobLoop({
    db,
    handlers: JOB_HANDLERS,
    schedule: async (d) => {
      await scheduleDeadlineScan(d);
      await scheduleOpinionDeadlineScan(d);
      await scheduleFeedbackDaily(d);
      await scheduleOrderRules(d);
      await scheduleBulletinDraft(d);
      await scheduleAccountHygiene(d);
    },
    intervalMs,
    onError: (e) => log.error({ err: e }, 'background job loop failed'),
  });
}
