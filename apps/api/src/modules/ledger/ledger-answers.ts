import { isTransaction, type Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { scopeSignature } from '../../platform/auth/scope.ts';
import { KeptAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';

/** Answers kept per database (lists, details); the oldest are dropped past this many. */
const LIMIT = 500;
const kept = new WeakMap<Db, KeptAnswers<unknown>>();

/**
 * A ledger answer (areas, facilities: lists and details), kept until the ledger revision moves.
 * Every ledger write bumps it in its own transaction: areas, facilities and their links, archiving,
 * imports, and the locks of a filed survey (ledger-locks.ts). Answers are shared by readers of
 * the same scope (`scopeSignature`); `what` names the answer and its arguments. Inside a
 * transaction the answer is read from it.
 */
export async function keptLedgerAnswer<T>(
  db: Db,
  actor: Actor,
  what: unknown[],
  compute: () => Promise<T>,
): Promise<T> {
  if (isTransaction(db)) return compute();
  const revision = (await currentRevisions(db)).ledger;
  let answers = kept.get(db);
  if (!answers) kept.set(db, (answers = new KeptAnswers(LIMIT, { shared: true })));
  const key = `${scopeSignature(actor)}#${JSON.stringify(what)}`;
  return answers.get(key, revision, compute) as Promise<T>;
}
