import { sql } from 'drizzle-orm';
import type { Db } from './db/client.ts';
import { revisions } from './revisions.tables.ts';

export type RevisionKey = 'ledger' | 'standards';

export async function bumpRevision(tx: Db, key: RevisionKey): Promise<void> {
  await tx
    .insert(revisions)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: revisions.key, set: { value: sql`${revisions.value} + 1` } });
}

export async function readRevisions(db: Db): Promise<Record<RevisionKey, number>> {
  const rows = await db.select().from(revisions);
  const out: Record<RevisionKey, number> = { ledger: 0, standards: 0 };
  for (const r of rows) if (r.key === 'ledger' || r.key === 'standards') out[r.key] = r.value;
  return out;
}
