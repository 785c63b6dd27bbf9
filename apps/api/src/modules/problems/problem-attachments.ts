import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { problems } from './problems.tables.ts';
import { problemWhere } from './problems.repo.ts';

/** An attachment of a problem's timeline or plan is readable by whoever may see the problem. */
export async function problemAttachmentAccess(
  db: Db,
  actor: Actor,
  attachmentId: number,
): Promise<boolean> {
  const rows = await db
    .select({ id: problems.id })
    .from(problems)
    .where(
      sql`${problemWhere(actor, { today: todayInShanghai() })} and (
        exists (select 1 from problem_events e where e.problem_id = ${problems.id} and ${attachmentId} = any(e.attachment_ids))
        or exists (select 1 from problem_plans p where p.problem_id = ${problems.id} and ${attachmentId} = any(p.document_ids)))`,
    )
    .limit(1);
  return rows.length > 0;
}
