import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { bumpRevision } from '../../platform/revisions.ts';
import { ledgerLocks } from './ledger.tables.ts';
import { districtsOf } from './ledger-rules.ts';

/**
 * P3: a district's ledger with the departments (报送/备案) is locked. The survey module locks and
 * unlocks through these functions; the ledger's writes (single and import) read them.
 */
export type LedgerLock = { districtCode: string; surveyId: number; reason: string };

/** The locks on the districts of the given region codes (communities, streets or districts). */
export async function selectLocks(db: Db, regionCodes: Iterable<string>): Promise<LedgerLock[]> {
  const districts = districtsOf(regionCodes);
  if (districts.length === 0) return [];
  return db
    .select({
      districtCode: ledgerLocks.districtCode,
      surveyId: ledgerLocks.surveyId,
      reason: ledgerLocks.reason,
    })
    .from(ledgerLocks)
    .where(inArray(ledgerLocks.districtCode, districts));
}

/** The locks a survey holds. */
export async function selectSurveyLocks(db: Db, surveyId: number): Promise<LedgerLock[]> {
  return db
    .select({
      districtCode: ledgerLocks.districtCode,
      surveyId: ledgerLocks.surveyId,
      reason: ledgerLocks.reason,
    })
    .from(ledgerLocks)
    .where(eq(ledgerLocks.surveyId, surveyId));
}

/** Locks a district's ledger for a survey (no-op when it already holds the lock). */
export async function lockLedger(db: Db, lock: LedgerLock): Promise<void> {
  await db.insert(ledgerLocks).values(lock).onConflictDoNothing();
  // Answers show what may be edited (abilities): kept ones must be read again.
  await bumpRevision(db, 'ledger');
}

/** Releases a survey's lock on one district, or on every district when none is named. */
export async function unlockLedger(
  db: Db,
  input: { surveyId: number; districtCode?: string },
): Promise<void> {
  await db
    .delete(ledgerLocks)
    .where(
      input.districtCode === undefined
        ? eq(ledgerLocks.surveyId, input.surveyId)
        : and(
            eq(ledgerLocks.districtCode, input.districtCode),
            eq(ledgerLocks.surveyId, input.surveyId),
          ),
    );
  await bumpRevision(db, 'ledger');
}
