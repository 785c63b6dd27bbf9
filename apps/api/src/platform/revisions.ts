import { sql } from 'drizzle-orm';
import { CoalescedRun } from './coalesce.ts';
import { isTransaction, type Db } from './db/client.ts';
import { preparedQuery } from './db/prepared.ts';
import { revisions } from './revisions.tables.ts';

/**
 * `ledger`: areas, facilities, links, archiving, imports, survey locks; `standards`: the rules
 * and the settings they read; `accounts`: what answers show of an account (its display name).
 */
export type RevisionKey = 'ledger' | 'standards' | 'accounts';
const KEYS: readonly RevisionKey[] = ['ledger', 'standards', 'accounts'];

export async function bumpRevision(tx: Db, key: RevisionKey): Promise<void> {
  await tx
    .insert(revisions)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: revisions.key, set: { value: sql`${revisions.value} + 1` } });
}

export async function readRevisions(db: Db): Promise<Record<RevisionKey, number>> {
  const rows = await preparedQuery(db, 'revisions_read', (d) =>
    d.select().from(revisions).prepare('revisions_read'),
  ).execute();
  const out: Record<RevisionKey, number> = { ledger: 0, standards: 0, accounts: 0 };
  for (const r of rows)
    if (KEYS.includes(r.key as RevisionKey)) out[r.key as RevisionKey] = r.value;
  return out;
}

type SharedRead = { run: CoalescedRun; last: Record<RevisionKey, number> | null };
const shared = new WeakMap<Db, SharedRead>();

/**
 * The revisions as of after the caller's arrival, read once for all concurrent callers
 * (platform/coalesce.ts). What request paths use to check kept answers; inside a transaction
 * it reads from the transaction.
 */
export async function currentRevisions(db: Db): Promise<Record<RevisionKey, number>> {
  if (isTransaction(db)) return readRevisions(db);
  let read = shared.get(db);
  if (!read) {
    const created: SharedRead = {
      last: null,
      run: new CoalescedRun(async () => {
        created.last = await readRevisions(db);
      }),
    };
    shared.set(db, (read = created));
  }
  await read.run.run();
  return read.last!;
}
