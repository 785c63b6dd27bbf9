import type { Finding, StandardRule } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { preparedQuery } from '../../platform/db/prepared.ts';
import { readRevisions, type RevisionKey } from '../../platform/revisions.ts';
import { readSettings } from '../org/index.ts';
import { asc, gt, sql } from 'drizzle-orm';
import {
  loadAreasForEvaluation,
  loadFacilitiesForEvaluation,
  loadLedgerForEvaluation,
  onLedgerChange,
  type LedgerArea,
  type LedgerChange,
} from '../ledger/index.ts';
import { currentRules } from '../standards/index.ts';
import { GapEngine, type EngineUpdate } from './engine/evaluate.ts';
import { gapLedgerChanges } from './gap-analysis.tables.ts';
import { KeptFindings, type KeptArea } from './gap-analysis.kept.ts';
import { ChangeMarks } from '../../platform/change-marks.ts';
import { CoalescedRun } from '../../platform/coalesce.ts';
import { SLICE_MS, runInSlices } from '../../platform/slices.ts';

/** Changes older than this are certainly committed or rolled back (transactions are short). */
const SETTLED = "interval '30 seconds'";
/** Change rows are kept this long; a process that has not synced for half of it reloads. */
const RETAINED = "interval '1 hour'";
const STALE_MS = 30 * 60_000;

/**
 * The change rows above `floor`; rows already applied (`skip`) come without their ids. Read
 * after every write for as long as rows settle, so it is prepared once (platform/db/prepared.ts).
 */
const changesAfter = (db: Db) =>
  db
    .select({
      seq: gapLedgerChanges.seq,
      kind: gapLedgerChanges.kind,
      ids: sql<
        number[]
      >`case when ${gapLedgerChanges.seq} = any(${sql.placeholder('skip')}::bigint[]) then '{}'::int[] else ${gapLedgerChanges.ids} end`,
      settled: sql<boolean>`${gapLedgerChanges.at} < now() - ${sql.raw(SETTLED)}`,
    })
    .from(gapLedgerChanges)
    .where(gt(gapLedgerChanges.seq, sql.placeholder('floor')))
    .orderBy(asc(gapLedgerChanges.seq))
    .prepare('gap_changes_after');
const PRUNE_EVERY_MS = 10 * 60_000;

/** How often this process rebuilt the whole analysis and how often it patched it. */
export type GapCacheStats = {
  rebuilds: number;
  patches: number;
  areasPatched: number;
  facilitiesPatched: number;
  lastSyncMs: number;
};

/**
 * The gap analysis of the whole ledger, held in memory per process (P2 缺什么补什么). Findings are
 * computed, never stored as truth. Before every answer the cache compares the database's
 * revision counters; when the ledger moved, it reads what changed from `gap_ledger_changes`
 * (written by triggers in the writer's transaction, whichever process wrote) and re-evaluates
 * only those areas and facilities and what they reach. A change of the standards, a large
 * change (an import), or a long silence rebuilds everything.
 */
export class GapAnalysisCache {
  private engine: GapEngine | null = null;
  private revisions: Record<RevisionKey, number> | null = null;
  private readonly marks = new ChangeMarks();
  private lastSync = 0;
  private lastPrune = 0;
  /** The findings in the shape answers read, patched as they change (gap-analysis.kept.ts). */
  private kept = new KeptFindings();
  private rulesUsed: StandardRule[] = [];
  private evaluatedAt = new Date(0);
  /** Moves with every rebuild and every patch: answers kept by it (summaries) are then stale. */
  private version = 0;
  readonly stats: GapCacheStats = {
    rebuilds: 0,
    patches: 0,
    areasPatched: 0,
    facilitiesPatched: 0,
    lastSyncMs: 0,
  };
  /** Serialises loads and incremental updates. */
  private queue: Promise<void> = Promise.resolve();
  /** Concurrent answers share the sync that starts after they arrive (platform/coalesce.ts). */
  private readonly syncs = new CoalescedRun(() => this.enqueue(() => this.sync()));
  private readonly unsubscribe: () => void;

  /**
   * @param sliceMs how long a rebuild holds the thread before other work gets a turn
   *   (platform/slices.ts; tests pass 0).
   */
  constructor(
    private readonly db: Db,
    private readonly sliceMs = SLICE_MS,
  ) {
    this.unsubscribe = onLedgerChange((change) => this.onChange(change));
  }

  close(): void {
    this.unsubscribe();
    if (shared.get(this.db) === this) shared.delete(this.db);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A write in this process: patch now, so the writer's next read finds it done. */
  private onChange(change: LedgerChange): void {
    if (change.db !== this.db || !this.engine) return;
    void this.enqueue(() => this.sync());
  }

  /** Brings the cache up to date with the database and returns its state. */
  async current() {
    await this.syncs.run();
    return {
      kept: this.kept,
      rules: this.rulesUsed,
      evaluatedAt: this.evaluatedAt,
      engine: this.engine!,
      version: this.version,
    };
  }

  private async sync(): Promise<void> {
    const started = performance.now();
    const now = await readRevisions(this.db);
    const was = this.revisions;
    if (
      !this.engine ||
      !was ||
      now.standards !== was.standards ||
      now.ledger < was.ledger ||
      (now.ledger !== was.ledger && Date.now() - this.lastSync > STALE_MS)
    ) {
      await this.reload(now);
    } else if (now.ledger !== was.ledger || this.marks.unsettled) {
      await this.patch(now);
    }
    this.lastSync = Date.now();
    this.stats.lastSyncMs = performance.now() - started;
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.db.execute(
        sql.raw(`delete from gap_ledger_changes where at < now() - ${RETAINED}`),
      );
    }
  }

  /** Applies the change rows not yet applied; falls back to a rebuild for a large change. */
  private async patch(now: Record<RevisionKey, number>): Promise<void> {
    // Rows already applied are re-read while they settle, without their ids (an import's rows
    // carry thousands): the numbers are all the bookkeeping needs.
    const skip = `{${this.marks.appliedAboveFloor().join(',')}}`;
    const rows = await preparedQuery(this.db, 'gap_changes_after', changesAfter).execute({
      skip,
      floor: this.marks.floor,
    });
    const areaIds = new Set<number>();
    const facilityIds = new Set<number>();
    for (const r of this.marks.fresh(rows))
      for (const id of r.ids) (r.kind === 'area' ? areaIds : facilityIds).add(id);
    if (areaIds.size + facilityIds.size > Math.max(500, this.kept.areaCount / 20)) {
      await this.reload(now);
      return;
    }
    if (areaIds.size + facilityIds.size === 0) {
      // Only rows already applied, re-read while they settle: nothing to load.
      this.marks.applyAll(rows);
      this.revisions = now;
      return;
    }
    // One snapshot for areas and facilities, so links never name an area not yet seen.
    const { areas, facilities } = await this.db.transaction(
      async (tx) => ({
        areas: await loadAreasForEvaluation(tx, [...areaIds]),
        facilities: await loadFacilitiesForEvaluation(tx, [...facilityIds]),
      }),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const engine = this.engine!;
    for (const id of areaIds) {
      const a = areas.get(id);
      if (a) {
        this.kept.putArea(keptArea(a));
        this.keep(engine.upsertArea(a));
      } else {
        this.keep(engine.removeArea(id));
        this.kept.removeArea(id);
      }
    }
    for (const id of facilityIds) {
      const f = facilities.get(id);
      this.keep(f ? engine.upsertFacility(f) : engine.removeFacility(id));
    }
    this.marks.applyAll(rows);
    this.revisions = now;
    this.evaluatedAt = new Date();
    this.version++;
    this.stats.patches++;
    this.stats.areasPatched += areaIds.size;
    this.stats.facilitiesPatched += facilityIds.size;
  }

  /** Replaces the findings of the given areas. */
  private keep(update: EngineUpdate): void {
    const byArea = groupByArea(update.findings);
    for (const id of update.areaIds) this.kept.setFindings(id, byArea.get(id) ?? []);
  }

  private async reload(now: Record<RevisionKey, number>): Promise<void> {
    // Changes settled before the load are in it; younger ones are applied again (harmless).
    const [mark] = await this.db
      .select({ seq: sql<number>`coalesce(max(${gapLedgerChanges.seq}), 0)::int` })
      .from(gapLedgerChanges)
      .where(sql`${gapLedgerChanges.at} < now() - ${sql.raw(SETTLED)}`);
    // Younger rows already committed are in the load that follows: remember them as applied, or
    // every sync within the settling time after a large change (an import) would rebuild again.
    const young = await this.db
      .select({ seq: gapLedgerChanges.seq })
      .from(gapLedgerChanges)
      .where(gt(gapLedgerChanges.seq, Number(mark?.seq ?? 0)));
    const [ledger, rules, settings] = await Promise.all([
      loadLedgerForEvaluation(this.db),
      currentRules(this.db),
      readSettings(this.db),
    ]);
    const engine = new GapEngine({
      rules,
      settings: { personsPerHousehold: settings.personsPerHousehold },
    });
    // In slices, so requests that need no findings are answered while 10⁵ areas load
    // (platform/slices.ts); the answers that do wait in the queue.
    await runInSlices(engine.loading(ledger.areas, ledger.facilities), this.sliceMs);
    const kept = new KeptFindings();
    await runInSlices(kept.putting(ledger.areas.map(keptArea)), this.sliceMs);
    // Packed as the evaluation writes them: no finding object is made (issue 12: memory).
    await runInSlices(engine.evaluating(kept.sink()), this.sliceMs);
    this.engine = engine;
    this.kept = kept;
    this.rulesUsed = rules;
    this.revisions = now;
    this.marks.loaded(
      Number(mark?.seq ?? 0),
      young.map((r) => r.seq),
    );
    this.evaluatedAt = new Date();
    this.version++;
    this.stats.rebuilds++;
  }
}

function keptArea(a: LedgerArea): KeptArea {
  return { id: a.id, name: a.name, regionCode: a.regionCode, lon: a.lon, lat: a.lat };
}

function groupByArea(findings: readonly Finding[]): Map<number, Finding[]> {
  const out = new Map<number, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.residentialAreaId);
    if (list) list.push(f);
    else out.set(f.residentialAreaId, [f]);
  }
  return out;
}

const shared = new WeakMap<Db, GapAnalysisCache>();

/** One cache per database, shared by the modules that read findings (gap analysis, public pages). */
export function sharedGapCache(db: Db): GapAnalysisCache {
  let cache = shared.get(db);
  if (!cache) {
    cache = new GapAnalysisCache(db);
    shared.set(db, cache);
  }
  return cache;
}
