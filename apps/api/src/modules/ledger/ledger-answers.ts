import { VersionedAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';

/**
 * Ledger answers (areas, facilities: lists and details), kept until the ledger revision moves
 * (docs/adr/0018-coalesced-reads-and-kept-answers.md). Every ledger write bumps it in its own
 * transaction: areas, facilities and their links, archiving, imports, and the locks of a filed
 * survey (ledger-locks.ts).
 *
 * At most 500 per database; the least recently used go first.
 */
export const ledgerAnswers = new VersionedAnswers(500, async (db) => ({
  revision: (await currentRevisions(db)).ledger,
}));
