import { isTransaction, type Db } from '../../platform/db/client.ts';
import { ChangeMarks } from '../../platform/change-marks.ts';
import { CoalescedRun } from '../../platform/coalesce.ts';
import { ProblemFacts } from './problem-facts.ts';
import {
  lastProblemChangeNumber,
  loadProblemFacts,
  problemChangesAfter,
  pruneProblemChanges,
  settledProblemChange,
} from './read-model.ts';

/** Changes older than this are certainly committed or rolled back (transactions are short). */
const SETTLED = '30 seconds';
/** Change rows are kept this long; a process that has not synced for half of it reloads. */
const RETAINED = '1 hour';
const STALE_MS = 30 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export type ProblemFactsStats = { reloads: number; patches: number; problemsPatched: number };

/**
 * Supervision's problem facts (problem-facts.ts), held per process and kept current: before
 * every answer it reads the `problem_changes` rows after the last it applied (written by
 * triggers in each writer's transaction, whichever process wrote) and reloads only those
 * problems. A large change (an import, the seed), or a long silence, reloads everything. The
 * bookkeeping of applied rows is the gap analysis's too (platform/change-marks.ts).
 */
export class ProblemFactsCache {
  private facts: ProblemFacts | null = null;
  private readonly marks = new ChangeMarks();
  private lastSync = 0;
  private lastPrune = 0;
  readonly stats: ProblemFactsStats = { reloads: 0, patches: 0, problemsPatched: 0 };
  /** One sync at a time; concurrent answers share the one that starts after they arrive. */
  private readonly syncs = new CoalescedRun(() => this.sync());

  constructor(private readonly db: Db) {}

  /** The facts, brought up to date with the database. */
  async current(): Promise<ProblemFacts> {
    await this.syncs.run();
    return this.facts!;
  }

  private async sync(): Promise<void> {
    if (!this.facts || (this.silent() && (await this.missed()))) await this.reload();
    else await this.patch();
    this.lastSync = Date.now();
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneProblemChanges(this.db, RETAINED);
    }
  }

  /** Long enough without a sync that change rows may have been pruned unread. */
  private silent(): boolean {
    return Date.now() - this.lastSync > STALE_MS;
  }

  /** Numbers were taken since the last row this process saw (rows it may never read). */
  private async missed(): Promise<boolean> {
    return (await lastProblemChangeNumber(this.db)) > this.marks.highest;
  }

  private async patch(): Promise<void> {
    const rows = await problemChangesAfter(
      this.db,
      this.marks.floor,
      SETTLED,
      this.marks.appliedAboveFloor(),
    );
    const ids = new Set<number>();
    for (const r of this.marks.fresh(rows)) for (const id of r.ids) ids.add(id);
    if (ids.size > Math.max(500, this.facts!.problemCount / 20)) {
      await this.reload();
      return;
    }
    if (ids.size > 0) {
      const loaded = await loadProblemFacts(this.db, [...ids]);
      this.facts!.replace(ids, loaded.problems, loaded.decisions);
      this.stats.patches++;
      this.stats.problemsPatched += ids.size;
    }
    this.marks.applyAll(rows);
  }

  private async reload(): Promise<void> {
    // Changes settled before the load are in it; the younger rows already committed too.
    const mark = await settledProblemChange(this.db, SETTLED);
    const young = await problemChangesAfter(this.db, mark, SETTLED);
    this.facts = await loadAllFacts(this.db);
    this.marks.loaded(
      mark,
      young.map((r) => r.seq),
    );
    this.stats.reloads++;
  }
}

/** Every problem's facts, read from `db`. */
async function loadAllFacts(db: Db): Promise<ProblemFacts> {
  const loaded = await loadProblemFacts(db, null);
  const facts = new ProblemFacts();
  facts.replace([], loaded.problems, loaded.decisions);
  return facts;
}

const shared = new WeakMap<Db, ProblemFactsCache>();

/**
 * The problem facts for `db`: one cache per database, shared by the overview, the late list and
 * the bulletins. Inside a transaction the facts are loaded afresh from it (they must see its own
 * writes, and a transaction's handle does not outlive it).
 */
export async function problemFacts(db: Db): Promise<ProblemFacts> {
  if (isTransaction(db)) return loadAllFacts(db);
  let cache = shared.get(db);
  if (!cache) {
    cache = new ProblemFactsCache(db);
    shared.set(db, cache);
  }
  return cache.current();
}

/** The cache of `db` (for the benchmark's figures). */
export function problemFactsCache(db: Db): ProblemFactsCache | undefined {
  return shared.get(db);
}
