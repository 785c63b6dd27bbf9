import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { VersionedAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';

/** Lists and details kept per database; the oldest are dropped past 500. */
const answers = new VersionedAnswers(500, async (db) => ({
  revision: (await currentRevisions(db)).ledger,
}));

/**
 * A ledger answer (areas, facilities: lists and details), kept until the ledger revision moves
 * (docs/adr/0018-coalesced-reads-and-kept-answers.md). Every ledger write bumps it in its own
 * transaction: areas, facilities and their links, archiving, imports, and the locks of a filed
 * survey (ledger-locks.ts). `what` names the answer and its arguments.
 */
export function keptLedgerAnswer<T>(
  db: Db,
  actor: Actor,
  what: unknown[],
  compute: () => Promise<T>,
): Promise<T> {
  return answers.get(db, actor, what, compute);
}
