import { changeTableVersion } from '../../platform/change-version.ts';
import { VersionedAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { problemChanges } from './problems.tables.ts';

/**
 * Problems answers (the list, one problem), kept until a problem changes: a `problem_changes`
 * row this process has not seen (platform/change-version.ts,
 * docs/adr/0018-coalesced-reads-and-kept-answers.md). Besides the problems' own tables an answer
 * shows area names (the ledger revision is part of the key) and whether a problem is overdue (so
 * is today's date); region, department and campaign names are reference data that never change
 * once written.
 *
 * At most 500 per database; the least recently used go first.
 */
export const problemAnswers = new VersionedAnswers(500, async (db) => {
  const [problems, revisions] = await Promise.all([
    changeTableVersion(db, problemChanges),
    currentRevisions(db),
  ]);
  return { revision: problems, key: [todayInShanghai(), revisions.ledger] };
});
