import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { residentialAreas } from '../ledger/index.ts';
import { type feedback } from './feedback.tables.ts';
import { maskPersonalDataInText } from './feedback-masking.ts';

/*
 * What the residents' side (feedback.public.service.ts) and the staff side (feedback.service.ts)
 * of P13 share: the record and its statuses in words (the ratings' words are in @zibo/shared),
 * the area it is about, and how a resident's own words are shown.
 */

export type FeedbackRow = typeof feedback.$inferSelect;

export const FEEDBACK_STATUS_NAMES: Record<FeedbackRow['status'], string> = {
  received: '待处理',
  answered: '已答复',
  problem: '已转为整改问题',
  duplicate: '重复反映',
};

/**
 * An area by id. `inLedger` leaves out archived areas (issue 11): the public area page and new
 * feedback answer 404 for them, while tracking an older feedback still names its area.
 */
export async function loadArea(db: Db, id: number, opts: { inLedger?: boolean } = {}) {
  const [area] = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      regionCode: residentialAreas.regionCode,
    })
    .from(residentialAreas)
    .where(
      opts.inLedger
        ? and(eq(residentialAreas.id, id), isNull(residentialAreas.archivedAt))
        : eq(residentialAreas.id, id),
    );
  return area ?? null;
}

/**
 * Timeline text written by the resident (no staff actor) is masked again on the way out, for
 * events stored before numbers were masked on write; staff text keeps its office numbers.
 */
export function residentText(actorId: number | null, text: string | null): string | null {
  return actorId === null ? maskPersonalDataInText(text) : text;
}
