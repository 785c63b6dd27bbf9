import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { categoryInScope, regionInScope } from '../../platform/auth/scope.ts';
import { feedback } from './feedback.tables.ts';

/** A resident's photo is readable by staff who may see the feedback it belongs to. */
export async function feedbackAttachmentAccess(
  db: Db,
  actor: Actor,
  attachmentId: number,
): Promise<boolean> {
  if (!actor.permissions.has('feedback.read')) return false;
  const rows = await db
    .select({ id: feedback.id })
    .from(feedback)
    .where(
      sql`${regionInScope(feedback.regionCode, actor)} and ${categoryInScope(feedback.category, actor)} and ${attachmentId} = any(${feedback.attachmentIds})`,
    )
    .limit(1);
  return rows.length > 0;
}
