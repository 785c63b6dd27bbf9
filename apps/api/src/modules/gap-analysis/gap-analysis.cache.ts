import type { Finding, StandardRule } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { readRevisions, type RevisionKey } from '../../platform/revisions.ts';
import { readSettings } from '../org/index.ts';
import {
  loadFacilitiesForEvaluation,
  loadLedgerForEvaluation,
  onLedgerChange,
  type LedgerArea,
  type LedgerChange,
} from '../ledger/index.ts';
import { currentRules } from '../standards/index.ts';
import { GapEngine } from './engine/evaluate.ts';
import { KeptFindings, type KeptArea } from './gap-analysis.kept.ts';

/**
 * The gap analysis of the whole ledger, held in memory per process (P2 缺什么补什么). Findings are
 * computed, never stored as truth. The cache compares the database's revision counters before
 * every answer, so a change made by another process is seen; a facility edited here is
 * re-evaluated incrementally (only the areas within its reach).
 */
export class GapAnalysisCache {
  private engine: GapEngine | null = null;
  private revisions: Record<RevisionKey, number> | null = null;
  /** The findings in the shape answers read, patched as they change (gap-analysis.kept.ts). */
  private kept = new KeptFindings();
  private rulesUsed: StandardRule[] = [];
  private evaluatedAt = new Date(0);
  /** Serialises loads and incremental updates. */
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(private readonly db: Db) {
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

  private onChange(change: LedgerChange): void {
    if (change.db !== this.db) return;
    void this.enqueue(async () => {
      if (!this.engine || !this.revisions) return;
      if (change.kind === 'area') {
        this.revisions = null; // areas move demand and position: reload on next read
        return;
      }
      const current = await loadFacilitiesForEvaluation(this.db, change.ids);
      for (const id of change.ids) {
        const f = current.get(id);
        const update = f ? this.engine.upsertFacility(f) : this.engine.removeFacility(id);
        this.keep(update.areaIds, update.findings);
      }
      // One write bumps the ledger revision once; anything else means another writer — reload.
      const now = await readRevisions(this.db);
      if (
        now.ledger === this.revisions.ledger + change.ids.length &&
        now.standards === this.revisions.standards
      ) {
        this.revisions = now;
        this.evaluatedAt = new Date();
      } else {
        this.revisions = null;
      }
    });
  }

  /** Brings the cache up to date with the database and returns its state. */
  async current() {
    await this.enqueue(async () => {
      const now = await readRevisions(this.db);
      if (
        this.revisions &&
        now.ledger === this.revisions.ledger &&
        now.standards === this.revisions.standards
      )
        return;
      await this.reload(now);
    });
    return {
      kept: this.kept,
      rules: this.rulesUsed,
      evaluatedAt: this.evaluatedAt,
      engine: this.engine!,
    };
  }

  /** Replaces the findings of the given areas. */
  private keep(areaIds: readonly number[], findings: readonly Finding[]): void {
    const byArea = groupByArea(findings);
    for (const id of areaIds) this.kept.setFindings(id, byArea.get(id) ?? []);
  }

  private async reload(now: Record<RevisionKey, number>): Promise<void> {
    const [ledger, rules, settings] = await Promise.all([
      loadLedgerForEvaluation(this.db),
      currentRules(this.db),
      readSettings(this.db),
    ]);
    const engine = new GapEngine({
      rules,
      settings: { personsPerHousehold: settings.personsPerHousehold },
    });
    engine.load(ledger.areas, ledger.facilities);
    const kept = new KeptFindings();
    for (const a of ledger.areas) kept.putArea(keptArea(a));
    const byArea = groupByArea(engine.evaluateAll());
    for (const a of ledger.areas) kept.setFindings(a.id, byArea.get(a.id) ?? []);
    this.engine = engine;
    this.kept = kept;
    this.rulesUsed = rules;
    this.revisions = now;
    this.evaluatedAt = new Date();
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
