import { changeTableVersion } from '../../platform/change-version.ts';
import { VersionedAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';
import { projectChanges } from './projects.tables.ts';

/**
 * Projects lists, kept until a project changes: a `project_changes` row this process has not
 * seen (platform/change-version.ts, docs/adr/0018-coalesced-reads-and-kept-answers.md). The list
 * also names developers' accounts (the `accounts` revision is part of the key); region and
 * department names are reference data that never change once written.
 *
 * At most 200 per database; the least recently used go first.
 */
export const projectAnswers = new VersionedAnswers(200, async (db) => {
  const [projects, revisions] = await Promise.all([
    changeTableVersion(db, projectChanges),
    currentRevisions(db),
  ]);
  return { revision: projects, key: [revisions.accounts] };
});
