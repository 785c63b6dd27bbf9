import type { Actor } from '../../platform/auth/actor.ts';
import { changeTableVersion } from '../../platform/change-version.ts';
import { isTransaction, type Db } from '../../platform/db/client.ts';
import { ScopedAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';
import { projectChanges } from './projects.tables.ts';

/** Lists kept per database; the oldest are dropped past 200. */
const answers = new ScopedAnswers(200);

/**
 * A projects list, kept until a project changes: a `project_changes` row this process has not
 * seen (platform/change-version.ts, docs/adr/0018-coalesced-reads-and-kept-answers.md). The list
 * also names developers' accounts (the `accounts` revision is part of the key); region and
 * department names are reference data that never change once written.
 */
export async function keptProjectAnswer<T>(
  db: Db,
  actor: Actor,
  what: unknown[],
  compute: () => Promise<T>,
): Promise<T> {
  if (isTransaction(db)) return compute();
  const [projects, revisions] = await Promise.all([
    changeTableVersion(db, projectChanges),
    currentRevisions(db),
  ]);
  return answers.get(db, actor, [revisions.accounts, ...what], projects, compute);
}
