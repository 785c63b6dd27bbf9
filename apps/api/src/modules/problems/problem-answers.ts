import { asc, gt, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { ChangeMarks } from '../../platform/change-marks.ts';
import { CoalescedRun } from '../../platform/coalesce.ts';
import { isTransaction, type Db } from '../../platform/db/client.ts';
import { ScopedAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { problemChanges } from './problems.tables.ts';

/** Changes older than this are certainly committed or rolled back (transactions are short). */
const SETTLED = sql.raw("interval '30 seconds'");
/** After this long without a look, change rows may have been pruned unread: assume a change. */
const SILENT_MS = 30 * 60_000;

/**
 * This process's version of the problems' data: it moves whenever a `problem_changes` row appears
 * that the process has not seen. Those rows are written by triggers in every writer's transaction
 * (problems, plans, timeline events, extension requests; migration 0024), whichever process
 * wrote. Only the rows' numbers are read, with the same bookkeeping as the gap analysis and the
 * problem facts (platform/change-marks.ts).
 */
class ProblemDataVersion {
  private readonly marks = new ChangeMarks();
  private version = 0;
  private lastSync = 0;
  private readonly syncs = new CoalescedRun(() => this.sync());

  constructor(private readonly db: Db) {}

  async current(): Promise<number> {
    await this.syncs.run();
    return this.version;
  }

  private async sync(): Promise<void> {
    const silent = Date.now() - this.lastSync > SILENT_MS;
    const rows = await this.db
      .select({
        seq: problemChanges.seq,
        settled: sql<boolean>`${problemChanges.at} < now() - ${SETTLED}`,
      })
      .from(problemChanges)
      .where(gt(problemChanges.seq, this.marks.floor))
      .orderBy(asc(problemChanges.seq));
    if (silent || this.marks.fresh(rows).length > 0) this.version++;
    this.marks.applyAll(rows);
    this.lastSync = Date.now();
  }
}

const versions = new WeakMap<Db, ProblemDataVersion>();
/** Lists and details kept per database; the oldest are dropped past 500. */
const answers = new ScopedAnswers(500);

/**
 * A problems answer (the list, one problem), kept until a problem changes
 * (docs/adr/0018-coalesced-reads-and-kept-answers.md). Besides the problems' own tables an
 * answer shows area names (the ledger revision is part of the key) and whether a problem is
 * overdue (so is today's date); region, department and campaign names are reference data that
 * never change once written.
 */
export async function keptProblemAnswer<T>(
  db: Db,
  actor: Actor,
  what: unknown[],
  compute: () => Promise<T>,
): Promise<T> {
  if (isTransaction(db)) return compute();
  let version = versions.get(db);
  if (!version) versions.set(db, (version = new ProblemDataVersion(db)));
  const [problems, revisions] = await Promise.all([version.current(), currentRevisions(db)]);
  const key = [todayInShanghai(), revisions.ledger, ...what];
  return answers.get(db, actor, key, problems, compute);
}
