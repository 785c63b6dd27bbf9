import { isTransaction, type Db } from '../../platform/db/client.ts';
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
 * same protocol as the gap analysis's ledger changes (gap-analysis.cache.ts).
 */
export class ProblemFactsCache {
  private facts: ProblemFacts | null = null;
  /** Change rows up to `floor` are applied; above it, those in `applied`. */
  private floor = 0;
  private applied = new Set<number>();
  /** The highest change number seen. */
  private highest = 0;
  private lastSync = 0;
  private lastPrune = 0;
  readonly stats: ProblemFactsStats = { reloads: 0, patches: 0, problemsPatched: 0 };
  /** Serialises loads and patches. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  /** The facts, brought up to date with the database. */
  async current(): Promise<ProblemFacts> {
    const next = this.queue.then(() => this.sync());
    this.queue = next.catch(() => undefined);
    await next;
    return this.facts!;
  }

  private async sync(): Promise<void> {
    if (!this.facts || ((await this.silent()) && (await this.missed()))) await this.reload();
    else await this.patch();
    this.lastSync = Date.now();
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneProblemChanges(this.db, RETAINED);
    }
  }

  /** Long enough without a sync that change rows may have been pruned unread. */
  private async silent(): Promise<boolean> {
    return Date.now() - this.lastSync > STALE_MS;
  }

  /** Numbers were taken since the last row this process saw (rows it may never read). */
  private async missed(): Promise<boolean> {
    return (await lastProblemChangeNumber(this.db)) > this.highest;
  }

  private async patch(): Promise<void> {
    const rows = await problemChangesAfter(this.db, this.floor, SETTLED, this.applied);
    const ids = new Set<number>();
    for (const r of rows) if (!this.applied.has(r.seq)) for (const id of r.ids) ids.add(id);
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
    // Rows that are settled need no remembering; younger ones may still have older neighbours
    // committing (a sequence number is taken before commit), so they are kept until settled.
    let floor = this.floor;
    for (const r of rows) {
      this.applied.add(r.seq);
      this.highest = Math.max(this.highest, r.seq);
      if (r.settled) floor = Math.max(floor, r.seq);
    }
    this.floor = floor;
    for (const seq of this.applied) if (seq <= floor) this.applied.delete(seq);
  }

  private async reload(): Promise<void> {
    // Changes settled before the load are in it; younger ones are applied again (harmless).
    const mark = await settledProblemChange(this.db, SETTLED);
    // Younger rows already committed are in the load that follows: remember them as applied,
    // or every sync within the settling time after a large change would reload again.
    const young = await problemChangesAfter(this.db, mark, SETTLED);
    const loaded = await loadProblemFacts(this.db, null);
    const facts = new ProblemFacts();
    facts.replace([], loaded.problems, loaded.decisions);
    this.facts = facts;
    this.floor = mark;
    this.applied = new Set([-1, ...young.map((r) => r.seq)]);
    this.highest = young.reduce((m, r) => Math.max(m, r.seq), this.floor);
    this.stats.reloads++;
  }
}

const shared = new WeakMap<Db, ProblemFactsCache>();

/**
 * The problem facts for `db`: one cache per database, shared by the overview, the late list and
 * the bulletins. Inside a transaction the facts are loaded afresh from it (they must see its own
 * writes, and a transaction's handle does not outlive it).
 */
export async function problemFacts(db: Db): Promise<ProblemFacts> {
  if (isTransaction(db)) {
    const loaded = await loadProblemFacts(db, null);
    const facts = new ProblemFacts();
    facts.replace([], loaded.problems, loaded.decisions);
    return facts;
  }
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
