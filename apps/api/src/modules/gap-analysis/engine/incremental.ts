import type {
  FacilityTypeCode,
  Finding,
  RequiredFacility,
  StandardRule,
  GapSettings,
} from '@zibo/shared';
import { Links } from './links.ts';
import { evaluateAreaInto } from './area-evaluation.ts';
import { FindingList, type AreaFindingSink, type FindingSink } from './finding.ts';
import { requirementsFor, type ProjectLike } from './project-requirements.ts';
import { compileRules, governingFor, type CompiledRules } from './rules.ts';
import { spatialOrder } from './spatial-order.ts';
import {
  COUNTED,
  NO_LINKED,
  createLinkedList,
  RADIUS,
  demandOf,
  tagOf,
  type AreaContext,
  type EvalArea,
  type EvalFacility,
  type LinkedList,
  type NearFacility,
  type NearList,
} from './model.ts';
import {
  PointIndex,
  STRAIGHT_LINE,
  addPoint,
  createNearBuffer,
  pointColumns,
  findWithin,
  findWithinInto,
  type DistanceModel,
  type PointColumns,
} from './spatial-index.ts';

export type EngineUpdate = { areaIds: number[]; findings: Finding[] };

export type ExplainedFacility = {
  facilityId: number;
  /** Linked to the area (its share of the facility is `share`). */
  linked: boolean;
  share: number | null;
  /** Metres from the area when within the governing radius. */
  distance: number | null;
  counted: boolean;
};
export type FindingExplanation = { radius: number | null; facilities: ExplainedFacility[] };

export type GapEngineOptions = {
  rules: readonly StandardRule[];
  settings: GapSettings;
  distanceModel?: DistanceModel;
};

type FacilityIndexes = Map<FacilityTypeCode, PointIndex<EvalFacility>>;

/** Work in steps: each `yield` is a point where the caller may let other work run. */
export type Steps = Generator<void, void, void>;
/** About 10 ms each on a slow core (3 µs a facility linked, 30 µs an area evaluated). */
const FACILITIES_PER_STEP = 4096;
const AREAS_PER_STEP = 256;

/** Runs every step at once. */
function drain(steps: Steps): void {
  while (!steps.next().done);
}

/**
 * The evaluation context over the engine's indexes: `enter` sets the area and sorts its links
 * into one list per facility type, then `evaluateAreaInto` asks for linked and nearby
 * facilities. The lists and the near list are reused from area to area.
 */
class IndexedAreaContext implements AreaContext {
  private area: EvalArea | null = null;
  private readonly buffer = createNearBuffer<EvalFacility>();
  private readonly lists = new Map<FacilityTypeCode, LinkedList>();
  /** The same lists by the links' number of their type (Links.typeId). */
  private readonly byTypeId: (LinkedList | undefined)[] = [];
  private links: Links | null = null;
  /** The lists the current area filled (emptied when the next area enters). */
  private readonly filled: LinkedList[] = [];
  private readonly listAt = (typeId: number): LinkedList => {
    let list = this.byTypeId[typeId];
    if (list === undefined) {
      const type = (this.links as Links).typeName(typeId);
      list = this.lists.get(type);
      if (!list) this.lists.set(type, (list = createLinkedList()));
      this.byTypeId[typeId] = list;
    }
    if (list.count === 0) this.filled.push(list);
    return list;
  };

  constructor(
    private readonly indexes: FacilityIndexes,
    private readonly model: DistanceModel,
  ) {}

  enter(area: EvalArea | null, links: Links | null): void {
    for (const list of this.filled) list.count = 0;
    this.filled.length = 0;
    this.area = area;
    if (!area || !links) return;
    if (links !== this.links) {
      // Type numbers belong to one Links.
      this.byTypeId.length = 0;
      this.links = links;
    }
    links.into(area.id, this.listAt);
  }

  linked(type: FacilityTypeCode): LinkedList {
    return this.lists.get(type) ?? NO_LINKED;
  }

  near(type: FacilityTypeCode, radius: number): NearList {
    const area = this.area;
    const index = this.indexes.get(type);
    if (!area || area.lon === null || area.lat === null || !index) {
      this.buffer.count = 0;
      return this.buffer;
    }
    return findWithinInto(index, this.model, { lon: area.lon, lat: area.lat }, radius, this.buffer);
  }
}

/**
 * The gap analysis over a whole ledger held in memory: spatial indexes per facility type built
 * once by `load`, full and partial evaluation, incremental edits of facilities, and the
 * requirements of a new project. No storage, no HTTP.
 */
export class GapEngine {
  private compiled: CompiledRules;
  private readonly settings: GapSettings;
  private readonly model: DistanceModel;
  private readonly areas = new Map<number, EvalArea>();
  private readonly facilities = new Map<number, EvalFacility>();
  /** Per area, its linked facilities with the area's share, in facility id order. */
  private readonly links = new Links();
  /**
   * Area ids in a space-filling-curve order: neighbours share facilities, which stay in cache.
   * Recomputed on the next full evaluation after areas are added or removed.
   */
  private evaluationOrder: readonly number[] = [];
  private orderStale = false;
  private readonly indexes: FacilityIndexes = new Map();
  private areaIndex = new PointIndex<null>();
  /** The context of the area being evaluated (one per engine, entered per area). */
  private readonly context: IndexedAreaContext;

  constructor(opts: GapEngineOptions) {
    this.compiled = compileRules(opts.rules);
    this.settings = opts.settings;
    this.model = opts.distanceModel ?? STRAIGHT_LINE;
    this.context = new IndexedAreaContext(this.indexes, this.model);
  }

  /** Replaces the rules (a department changed one); findings need a full re-evaluation. */
  setRules(rules: readonly StandardRule[]): void {
    this.compiled = compileRules(rules);
  }

  /** Loads the ledger and builds the indexes; replaces anything loaded before. */
  load(areas: readonly EvalArea[], facilities: readonly EvalFacility[]): void {
    drain(this.loading(areas, facilities));
  }

  /**
   * `load` in steps: between two steps a caller may let other work run (the gap cache does, so
   * that loading 10⁵ areas never holds the thread for long). The engine is not to be used until
   * the steps are done.
   */
  *loading(areas: readonly EvalArea[], facilities: readonly EvalFacility[]): Steps {
    this.areas.clear();
    this.facilities.clear();
    for (const a of areas) this.areas.set(a.id, a);
    // The indexes are built from columns: no point object per facility (issue 12: the first
    // analysis of 10⁵ areas). A first pass sizes each type's columns.
    const located = new Map<FacilityTypeCode, number>();
    let n = 0;
    for (const f of facilities) {
      if (this.facilities.has(f.id)) throw new Error(`facility ${f.id} loaded twice`);
      this.facilities.set(f.id, f);
      if (f.lon !== null && f.lat !== null) located.set(f.type, (located.get(f.type) ?? 0) + 1);
      if (++n % FACILITIES_PER_STEP === 0) yield;
    }
    const loaded = [...this.areas.values()];
    yield* this.links.loading(
      loaded.map((a) => a.id),
      loaded.map((a) => a.households),
      facilities,
    );
    yield;
    const byType = new Map<FacilityTypeCode, PointColumns<EvalFacility>>();
    for (const [type, count] of located) byType.set(type, pointColumns(count));
    for (const f of facilities) {
      if (f.lon === null || f.lat === null) continue;
      addPoint(byType.get(f.type)!, f.id, f.lon, f.lat, f, tagOf(f));
    }
    this.indexes.clear();
    for (const [type, columns] of byType) {
      yield;
      this.indexes.set(type, PointIndex.fromColumns(columns, this.maxRadiusOf(type)));
    }
    yield;
    const areaPoints = pointColumns<null>(areas.length);
    for (const a of areas) {
      if (a.lon !== null && a.lat !== null) addPoint(areaPoints, a.id, a.lon, a.lat, null, 0);
    }
    this.areaIndex = PointIndex.fromColumns(areaPoints, this.largestRadius());
    this.evaluationOrder = spatialOrder(areas).map((a) => a.id);
    this.orderStale = false;
  }

  get areaCount(): number {
    return this.areas.size;
  }

  get facilityCount(): number {
    return this.facilities.size;
  }

  /** Every loaded area against every governing rule. */
  evaluateAll(): Finding[] {
    const list = new FindingList();
    this.evaluateInto(list);
    return list.findings;
  }

  /**
   * The same evaluation written to a sink area by area, in spatial order: the kept state packs
   * the findings as they come (gap-analysis.kept.ts), so a full evaluation of 10⁵ areas makes no
   * finding object at all (issue 12: memory and the first request).
   */
  evaluateInto(sink: AreaFindingSink): void {
    drain(this.evaluating(sink));
  }

  /** `evaluateInto` in steps of a few hundred areas (see `loading`). */
  *evaluating(sink: AreaFindingSink): Steps {
    let n = 0;
    for (const id of this.order()) {
      sink.begin(id);
      this.evaluateOne(this.areas.get(id) as EvalArea, sink);
      sink.end(id);
      if (++n % AREAS_PER_STEP === 0) yield;
    }
  }

  /** The areas in spatial order (neighbours evaluated together share cached index cells). */
  private order(): readonly number[] {
    if (this.orderStale) {
      this.evaluationOrder = spatialOrder([...this.areas.values()]).map((a) => a.id);
      this.orderStale = false;
    }
    return this.evaluationOrder;
  }

  /** The findings of the given areas (unknown ids are skipped). */
  evaluateAreas(ids: Iterable<number>): Finding[] {
    const list = new FindingList();
    for (const id of ids) {
      const area = this.areas.get(id);
      if (area) this.evaluateOne(area, list);
    }
    return list.findings;
  }

  /**
   * Adds or changes a facility and re-evaluates only the areas it can affect: those linked to
   * it before or after, and those within its type's largest radius of its old or new location.
   */
  upsertFacility(f: EvalFacility): EngineUpdate {
    const old = this.facilities.get(f.id);
    const affected = new Set<number>();
    if (old) {
      this.collectAffected(old, affected);
      this.unlink(old);
      if (old.type !== f.type || old.lon === null || old.lat === null) {
        this.indexes.get(old.type)?.remove(old.id);
      }
    }
    this.facilities.set(f.id, f);
    this.link(f);
    if (f.lon !== null && f.lat !== null) {
      let index = this.indexes.get(f.type);
      if (!index) {
        index = new PointIndex<EvalFacility>([], this.maxRadiusOf(f.type));
        this.indexes.set(f.type, index);
      }
      index.upsert({ id: f.id, lon: f.lon, lat: f.lat, item: f, tag: tagOf(f) });
    } else {
      this.indexes.get(f.type)?.remove(f.id);
    }
    this.collectAffected(f, affected);
    return { areaIds: [...affected], findings: this.evaluateAreas(affected) };
  }

  /**
   * Adds or changes an area and re-evaluates what it can affect: itself (its demand and
   * position), and, since facilities are shared by households, the other areas linked to the
   * facilities it is linked to. Other areas' findings do not depend on where an area lies.
   */
  upsertArea(a: EvalArea): EngineUpdate {
    const old = this.areas.get(a.id);
    const affected = new Set<number>([a.id]);
    this.relinkAround(a.id, affected, () => this.areas.set(a.id, a));
    if (old && old.lon !== null && old.lat !== null) this.areaIndex.remove(a.id);
    if (a.lon !== null && a.lat !== null)
      this.areaIndex.upsert({ id: a.id, lon: a.lon, lat: a.lat, item: null });
    if (!old) this.orderStale = true;
    return { areaIds: [...affected], findings: this.evaluateAreas(affected) };
  }

  /** Removes an area; the other areas sharing its facilities are re-evaluated. */
  removeArea(id: number): EngineUpdate {
    const old = this.areas.get(id);
    if (!old) return { areaIds: [], findings: [] };
    const affected = new Set<number>();
    this.relinkAround(id, affected, () => this.areas.delete(id));
    this.links.drop(id);
    affected.delete(id);
    if (old.lon !== null && old.lat !== null) this.areaIndex.remove(id);
    this.orderStale = true;
    return { areaIds: [...affected], findings: this.evaluateAreas(affected) };
  }

  /**
   * Unlinks the facilities linked to an area, applies `change` to the area, and links them
   * again (their shares follow the households), collecting every area they are linked to.
   */
  private relinkAround(id: number, affected: Set<number>, change: () => void): void {
    const facilities = this.links.of(id).map((l) => l.facility);
    for (const f of facilities) {
      this.unlink(f);
      for (const other of f.residentialAreaIds) if (this.areas.has(other)) affected.add(other);
    }
    change();
    for (const f of facilities) this.link(f);
  }

  /** Removes a facility and re-evaluates the areas it affected. */
  removeFacility(id: number): EngineUpdate {
    const old = this.facilities.get(id);
    if (!old) return { areaIds: [], findings: [] };
    const affected = new Set<number>();
    this.collectAffected(old, affected);
    this.unlink(old);
    this.facilities.delete(id);
    this.indexes.get(old.type)?.remove(id);
    return { areaIds: [...affected], findings: this.evaluateAreas(affected) };
  }

  /**
   * What a new project must build (project-requirements.ts), with the loaded facilities deciding
   * whether a radius is already covered.
   */
  requiredFor(project: ProjectLike): RequiredFacility[] {
    return requirementsFor(project, {
      compiled: this.compiled,
      settings: this.settings,
      near: (type, lon, lat, radius) => this.nearFrom(type, lon, lat, radius),
    });
  }

  /**
   * The facilities behind an area's findings for one type (for a detail view): those linked to
   * the area with its share, and those within the governing radius with their distance, each
   * saying whether it counts as provision. Null for an unknown area.
   */
  explain(areaId: number, type: FacilityTypeCode): FindingExplanation | null {
    const area = this.areas.get(areaId);
    if (!area) return null;
    const t = this.compiled.byType.findIndex((tr) => tr.type === type);
    const governing =
      t < 0 ? undefined : governingFor(this.compiled, demandOf(area, this.settings))[t];
    const radius = governing?.[RADIUS]?.rule.value ?? null;
    const byId = new Map<number, ExplainedFacility>();
    for (const l of this.links.of(areaId)) {
      if (l.facility.type !== type) continue;
      byId.set(l.facility.id, {
        facilityId: l.facility.id,
        linked: true,
        share: l.share,
        distance: null,
        counted: l.counted,
      });
    }
    if (radius !== null && area.lon !== null && area.lat !== null) {
      for (const n of this.nearFrom(type, area.lon, area.lat, radius)) {
        const known = byId.get(n.id);
        if (known) known.distance = Math.round(n.distance);
        else
          byId.set(n.id, {
            facilityId: n.id,
            linked: false,
            share: null,
            distance: Math.round(n.distance),
            counted: n.tag === COUNTED,
          });
      }
    }
    return { radius, facilities: [...byId.values()] };
  }

  /** Facilities of `type` within `radius` metres of a point, nearest first (for maps and checks). */
  findFacilitiesNear(
    type: FacilityTypeCode,
    lon: number,
    lat: number,
    radius: number,
  ): NearFacility[] {
    return this.nearFrom(type, lon, lat, radius);
  }

  /** The largest service radius any rule of the type may ask for (0 when none). */
  maxRadiusOf(type: FacilityTypeCode): number {
    return this.compiled.maxRadiusByType.get(type) ?? 0;
  }

  /** The largest service radius of any type: what the area index is asked about. */
  private largestRadius(): number {
    let most = 0;
    for (const r of this.compiled.maxRadiusByType.values()) most = Math.max(most, r);
    return most;
  }

  private evaluateOne(area: EvalArea, sink: FindingSink): void {
    this.context.enter(area, this.links);
    evaluateAreaInto(area, this.context, this.compiled, this.settings, sink);
    this.context.enter(null, null);
  }

  private nearFrom(
    type: FacilityTypeCode,
    lon: number,
    lat: number,
    radius: number,
  ): NearFacility[] {
    const index = this.indexes.get(type);
    if (!index) return [];
    return findWithin(index, this.model, { lon, lat }, radius);
  }

  /** An area's households, or undefined when it is not loaded (one function, not one per link). */
  private readonly householdsOf = (id: number) => this.areas.get(id)?.households;

  /** Records a facility's links; shares depend only on its own linked areas, so they are fixed here. */
  private link(f: EvalFacility): void {
    this.links.add(f, this.householdsOf);
  }

  private unlink(f: EvalFacility): void {
    this.links.remove(f);
  }

  private collectAffected(f: EvalFacility, into: Set<number>): void {
    for (const id of f.residentialAreaIds) if (this.areas.has(id)) into.add(id);
    const radius = this.compiled.maxRadiusByType.get(f.type) ?? 0;
    if (radius > 0 && f.lon !== null && f.lat !== null) {
      // A network distance is never shorter than the straight line, so this is a superset.
      for (const h of this.areaIndex.within(f.lon, f.lat, radius)) into.add(h.id);
    }
  }
}
