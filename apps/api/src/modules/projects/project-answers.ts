import type { Actor } from '../../platform/auth/actor.ts';
import { changeTableVersion } from '../../platform/change-version.ts';
import type { Db } from '../../platform/db/client.ts';
import { VersionedAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';
import { projectChanges } from './projects.tables.ts';

/** Lists kept per database; the oldest are dropped past 200. */
const answers = new VersionedAnswers(200, async (db) => {
  const [projects, revisions] = await Promise.all([
    changeTableVersion(db, projectChanges),
    currentRevisions(db),
  ]);
  return { revision: projects, key: [revisions.accounts] };
});

/**
 * A projects list, kept until a project changes: a `project_changes` row this process has not
 * seen (platform/change-version.ts, docs/adr/0018-coalesced-reads-and-kept-answers.md). The list
 * also names developers' accounts (the `accounts` revision is part of the key); region and
 * department names are reference data that never change once written.
 */
export function keptProjectAnswer<T>(
  db: Db,
  actor: Actor,
  what: unknown[],
  compute: () => Promise<T>,
): Promise<T> {
  return answers.get(db, actor, what, compute);
}
