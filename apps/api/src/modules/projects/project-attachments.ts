import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { projectWhere } from './projects.repo.ts';
import { projects } from './projects.tables.ts';

/** A file of a project's documents, answers, inspections or timeline is readable by whoever may see the project. */
export async function projectAttachmentAccess(
  db: Db,
  actor: Actor,
  attachmentId: number,
): Promise<boolean> {
  if (!actor.permissions.has('projects.read')) return false;
  const rows = await db
    .select({ id: projects.id })
    .from(projects)
    .where(
      sql`${projectWhere(actor)} and (
        exists (select 1 from project_submissions s where s.project_id = ${projects.id} and ${attachmentId} = any(s.attachment_ids))
        or exists (select 1 from project_conditions c where c.project_id = ${projects.id} and ${attachmentId} = any(c.answer_attachment_ids))
        or exists (select 1 from project_inspections i where i.project_id = ${projects.id} and ${attachmentId} = any(i.attachment_ids))
        or exists (select 1 from project_events e where e.project_id = ${projects.id} and ${attachmentId} = any(e.attachment_ids)))`,
    )
    .limit(1);
  return rows.length > 0;
}
