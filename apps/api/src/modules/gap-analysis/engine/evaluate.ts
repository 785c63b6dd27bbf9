import {
  METRIC_INFO,
  type AmountAlternative,
  type AreaKind,
  type ConstructionStatus,
  type FacilityTypeCode,
  type Finding,
  type FindingReason,
  type FindingStatus,
  type GapSettings,
  type RequiredFacility,
  type StandardRule,
  type UseStatus,
} from '@zibo/shared';
import { exactDistance } from './geodesy.ts';
import {
  SLOT_ORDER,
  compileRules,
  governingFor,
  type CompiledRule,
  type CompiledRules,
  type Demand,
} from './rules.ts';
import {
  PointIndex,
  STRAIGHT_LINE,
  createNearBuffer,
  findWithin,
  findWithinInto,
  insertNear,
  type DistanceModel,
  type Hit,
  type IndexedPoint,
  type NearBuffer,
} from './spatial-index.ts';

/*
 * How the engine reads the ledger (decisions a reviewer should check against the policy):
 *
 * - Provision. A facility counts unless it is not yet built (construction `not_started` or
 *   `under_construction`) or does not serve its purpose (use `idle`, `repurposed`, `occupied`):
 *   P2 asks what residents actually lack, and P10 wants facilities used for their purpose. A
 *   facility with no stage recorded counts, since the ledger lists it as existing. Facilities
 *   that do not count are counted in `excludedCount` (and listed by `GapEngine.explain`).
 * - Apportioning. A facility linked to several areas is shared among them by households
 *   (the only demand every area has); areas of the link that are not loaded are left out.
 * - Amounts (per 100 households, per person, per 1,000 persons) count only the facilities linked
 *   to the area (its configured provision, 配建), pooled over the rule's counted types.
 * - Service radius counts any facility of the type within the radius, linked or not (residents
 *   use the nearest one). An area without coordinates cannot be checked: the finding is
 *   `short` when a linked facility exists, else `missing`, with reason `area_location_unknown`.
 *   A linked facility without coordinates likewise gives `short` with
 *   `facility_location_unknown`. P3 wants the ledger complete, so an unverifiable gap stays open.
 *   `actual` is the distance to the nearest counted facility, to the metre; whether a facility
 *   is within the radius is decided by the exact WGS-84 distance (spatial-index.ts).
 * - Per-site minimums check the facilities serving the area (linked ones and those within the
 *   governing radius): met when the largest reaches the minimum. They ask for no facility by
 *   themselves, so an area with none serving gets no per-site finding; its radius or amount
 *   finding reports the absence.
 * - Population per site: ceil(persons / value) sites, counted over the same serving facilities.
 * - Either/or (`any_of`): each alternative is evaluated as an amount; the finding is met when
 *   any alternative is met and reports the alternative closest to being met.
 * - Precedence: per facility type and slot (floor amount, site amount, either/or, radius,
 *   per-site floor, per-site site, population) one rule governs: see compareByPrecedence.
 * - Persons = the recorded population, or households × personsPerHousehold where unknown.
 */

export type EvalArea = {
  id: number;
  lon: number | null;
  lat: number | null;
  households: number;
  population: number | null;
  kind: AreaKind;
  regionCode: string;
};

export type EvalFacility = {
  id: number;
  type: FacilityTypeCode;
  lon: number | null;
  lat: number | null;
  floorArea: number | null;
  siteArea: number | null;
  residentialAreaIds: number[];
  constructionStatus: ConstructionStatus | null;
  useStatus: UseStatus | null;
};

/** A facility linked to the area, the area's share of it, and whether it counts as provision. */
export type LinkedFacility = { facility: EvalFacility; share: number; counted: boolean };
/** The engine keeps the type beside the link so filtering by type stays within the link. */
type LinkedEntry = LinkedFacility & { type: FacilityTypeCode };
/** A facility within a radius (`item`), with its distance in metres. */
export type NearFacility = Hit<EvalFacility>;
/**
 * Facilities within a radius, nearest first: `items[i]` (id `ids[i]`) at `distances[i]` m for
 * i < count; `tags[i]` is COUNTED when the facility counts as provision.
 */
export type NearList = NearBuffer<EvalFacility>;
export const COUNTED = 1;

/** What the evaluation of one area may look at; implemented over indexes or plain lists. */
export interface AreaContext {
  /** Facilities of `type` linked to the area, with the area's share of each. */
  linked(type: FacilityTypeCode): readonly LinkedFacility[];
  /**
   * Facilities of `type` within `radius` metres of the area, nearest first. The list may be
   * reused by the next call, so it is read before asking again.
   */
  near(type: FacilityTypeCode, radius: number): NearList;
}

const NOT_YET_BUILT: ReadonlySet<string> = new Set(['not_started', 'under_construction']);
const NOT_SERVING: ReadonlySet<string> = new Set(['idle', 'repurposed', 'occupied']);

/** Whether a facility counts as provision (see the header comment). */
export function countsAsProvision(f: EvalFacility): boolean {
  if (f.constructionStatus !== null && NOT_YET_BUILT.has(f.constructionStatus)) return false;
  if (f.useStatus !== null && NOT_SERVING.has(f.useStatus)) return false;
  return true;
}

function tagOf(f: EvalFacility): number {
  return countsAsProvision(f) ? COUNTED : 0;
}

/** The demand of an area: persons fall back to households × persons per household. */
export function demandOf(
  area: Pick<EvalArea, 'kind' | 'regionCode' | 'households' | 'population'>,
  settings: GapSettings,
): Demand & { populationEstimated: boolean } {
  const population = area.population;
  return {
    kind: area.kind,
    regionCode: area.regionCode,
    households: area.households,
    persons: population ?? area.households * settings.personsPerHousehold,
    populationEstimated: population === null,
  };
}

const NO_LINKED: readonly LinkedFacility[] = Object.freeze([]);
const NO_ENTRIES: readonly LinkedEntry[] = Object.freeze([]);
const compiledCache = new WeakMap<readonly StandardRule[], CompiledRules>();

function compiledOf(rules: readonly StandardRule[] | CompiledRules): CompiledRules {
  if (!Array.isArray(rules)) return rules as CompiledRules;
  const list = rules as readonly StandardRule[];
  let c = compiledCache.get(list);
  if (!c) {
    c = compileRules(list);
    compiledCache.set(list, c);
  }
  return c;
}

/** What the facilities serving an area offer (scratch reused across areas; no closures in the loop). */
type Serving = {
  count: number;
  excluded: number;
  bestFloor: number | null;
  bestSite: number | null;
};
const SERVING: Serving = { count: 0, excluded: 0, bestFloor: null, bestSite: null };

function serve(s: Serving, f: EvalFacility): void {
  s.count++;
  if (f.floorArea !== null && (s.bestFloor === null || f.floorArea > s.bestFloor)) {
    s.bestFloor = f.floorArea;
  }
  if (f.siteArea !== null && (s.bestSite === null || f.siteArea > s.bestSite)) {
    s.bestSite = f.siteArea;
  }
}

function isLinked(linked: readonly LinkedFacility[], id: number): boolean {
  for (const l of linked) if (l.facility.id === id) return true;
  return false;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function makeFinding(
  area: EvalArea,
  c: CompiledRule,
  category: Finding['category'],
  type: FacilityTypeCode,
  required: number,
  actual: number | null,
  unit: string,
  status: FindingStatus,
  reason: FindingReason | null,
  populationEstimated: boolean,
  facilityCount: number,
  excludedCount: number,
  alternatives: Finding['alternatives'],
): Finding {
  const r = c.rule;
  return {
    residentialAreaId: area.id,
    facilityType: type,
    category,
    ruleId: r.id,
    ruleCode: r.code,
    ruleVersion: r.version,
    metric: r.metric,
    required,
    actual,
    unit,
    status,
    reason,
    populationEstimated,
    source: r.source,
    clause: r.clause,
    verified: r.verified,
    jurisdiction: r.jurisdiction,
    facilityCount,
    excludedCount,
    alternatives,
  };
}

type AmountResult = {
  required: number;
  actual: number;
  status: FindingStatus;
  reason: FindingReason | null;
  counted: number;
  excluded: number;
};

function requiredAmount(metric: AmountAlternative['metric'], value: number, d: Demand): number {
  const info = METRIC_INFO[metric];
  const demand = info.basis === 'households' ? d.households : d.persons;
  return round2((value * demand) / info.per);
}

function evaluateAmount(
  metric: AmountAlternative['metric'],
  value: number,
  countedTypes: readonly FacilityTypeCode[],
  d: Demand,
  ctx: AreaContext,
): AmountResult {
  const attribute = METRIC_INFO[metric].attribute === 'siteArea' ? 'siteArea' : 'floorArea';
  const required = requiredAmount(metric, value, d);
  let sum = 0;
  let unknown = false;
  let counted = 0;
  let excluded = 0;
  for (const type of countedTypes) {
    for (const { facility, share, counted: counts } of ctx.linked(type)) {
      if (!counts) {
        excluded++;
        continue;
      }
      counted++;
      const a = facility[attribute];
      if (a === null) unknown = true;
      else sum += a * share;
    }
  }
  const actual = round2(sum);
  const status: FindingStatus = actual >= required ? 'met' : counted > 0 ? 'short' : 'missing';
  const reason = status !== 'met' && unknown ? 'facility_area_unknown' : null;
  return { required, actual, status, reason, counted, excluded };
}

const RADIUS = SLOT_ORDER.indexOf('service_radius');
const FLOOR_AMOUNT = SLOT_ORDER.indexOf('floor_amount');
const SITE_AMOUNT = SLOT_ORDER.indexOf('site_amount');
const ANY_OF = SLOT_ORDER.indexOf('any_of');
const POPULATION = SLOT_ORDER.indexOf('population_per_site');
const MIN_FLOOR = SLOT_ORDER.indexOf('min_floor_area_per_site');
const MIN_SITE = SLOT_ORDER.indexOf('min_site_area_per_site');
const AMOUNT_SLOTS = [FLOOR_AMOUNT, SITE_AMOUNT] as const;
const PER_SITE_SLOTS = [MIN_FLOOR, MIN_SITE] as const;
const PER_SITE_KEYS = [
  [MIN_FLOOR, 'floorArea'],
  [MIN_SITE, 'siteArea'],
] as const;

/**
 * Checks one area against the rules (pure: the context supplies the facilities). Returns one
 * finding per governing rule; per-site rules give a finding only where a facility serves the area.
 */
export function evaluateArea(
  area: EvalArea,
  context: AreaContext,
  rules: readonly StandardRule[] | CompiledRules,
  settings: GapSettings,
  out: Finding[] = [],
): Finding[] {
  const compiled = compiledOf(rules);
  const d = demandOf(area, settings);
  const located = area.lon !== null && area.lat !== null;
  const selection = governingFor(compiled, d);
  for (let t = 0; t < compiled.byType.length; t++) {
    const tr = compiled.byType[t] as (typeof compiled.byType)[number];
    const governing = selection[t] as readonly (CompiledRule | undefined)[];
    const type = tr.type;
    const category = tr.category;

    const radiusRule = governing[RADIUS];
    let near: NearList | null = null;
    if (radiusRule) {
      const radius = radiusRule.rule.value ?? 0;
      const unit = METRIC_INFO.service_radius.findingUnit;
      if (!located) {
        let linkedCounted = 0;
        for (const l of context.linked(type)) if (l.counted) linkedCounted++;
        out.push(
          makeFinding(
            area,
            radiusRule,
            category,
            type,
            radius,
            null,
            unit,
            linkedCounted > 0 ? 'short' : 'missing',
            'area_location_unknown',
            false,
            linkedCounted,
            0,
            null,
          ),
        );
      } else {
        near = context.near(type, radius);
        let nearest = -1;
        let counted = 0;
        for (let i = 0; i < near.count; i++) {
          if (near.tags[i] !== COUNTED) continue;
          if (nearest < 0) nearest = near.distances[i] as number;
          counted++;
        }
        const excluded = near.count - counted;
        if (nearest >= 0) {
          out.push(
            makeFinding(
              area,
              radiusRule,
              category,
              type,
              radius,
              Math.round(nearest),
              unit,
              'met',
              null,
              false,
              counted,
              excluded,
              null,
            ),
          );
        } else {
          let unlocated = 0;
          for (const l of context.linked(type)) {
            const f = l.facility;
            if (l.counted && (f.lon === null || f.lat === null)) unlocated++;
          }
          out.push(
            makeFinding(
              area,
              radiusRule,
              category,
              type,
              radius,
              null,
              unit,
              unlocated > 0 ? 'short' : 'missing',
              unlocated > 0 ? 'facility_location_unknown' : null,
              false,
              unlocated,
              excluded,
              null,
            ),
          );
        }
      }
    }

    for (const slot of AMOUNT_SLOTS) {
      const c = governing[slot];
      if (!c) continue;
      const metric = c.rule.metric as AmountAlternative['metric'];
      const r = evaluateAmount(metric, c.rule.value ?? 0, c.countedTypes, d, context);
      out.push(
        makeFinding(
          area,
          c,
          category,
          type,
          r.required,
          r.actual,
          METRIC_INFO[metric].findingUnit,
          r.status,
          r.reason,
          d.populationEstimated && METRIC_INFO[metric].basis === 'persons',
          r.counted,
          r.excluded,
          null,
        ),
      );
    }

    const anyOf = governing[ANY_OF];
    if (anyOf) out.push(evaluateAnyOf(area, anyOf, category, type, d, context));

    const population = governing[POPULATION];
    const minFloor = governing[MIN_FLOOR];
    const minSite = governing[MIN_SITE];
    if (!population && !minFloor && !minSite) continue;

    // Serving facilities for per-site and per-population checks: linked ∪ within the radius.
    const serving = SERVING;
    serving.count = 0;
    serving.excluded = 0;
    serving.bestFloor = null;
    serving.bestSite = null;
    const linked = context.linked(type);
    for (const l of linked) {
      if (l.counted) serve(serving, l.facility);
      else serving.excluded++;
    }
    if (near) {
      for (let i = 0; i < near.count; i++) {
        if (isLinked(linked, near.ids[i] as number)) continue;
        if (near.tags[i] === COUNTED) serve(serving, near.items[i] as EvalFacility);
        else serving.excluded++;
      }
    }
    const servingCount = serving.count;
    const servingExcluded = serving.excluded;
    const bestFloor = serving.bestFloor;
    const bestSite = serving.bestSite;

    if (population) {
      const required = Math.ceil(d.persons / (population.rule.value ?? 1));
      out.push(
        makeFinding(
          area,
          population,
          category,
          type,
          required,
          servingCount,
          METRIC_INFO.population_per_site.findingUnit,
          servingCount >= required ? 'met' : servingCount > 0 ? 'short' : 'missing',
          null,
          d.populationEstimated,
          servingCount,
          servingExcluded,
          null,
        ),
      );
    }

    if (servingCount === 0) continue;
    for (const slot of PER_SITE_SLOTS) {
      const c = slot === MIN_FLOOR ? minFloor : minSite;
      if (!c) continue;
      const best = slot === MIN_FLOOR ? bestFloor : bestSite;
      const required = c.rule.value ?? 0;
      const actual = best === null ? null : round2(best);
      out.push(
        makeFinding(
          area,
          c,
          category,
          type,
          required,
          actual,
          METRIC_INFO[c.rule.metric].findingUnit,
          actual !== null && actual >= required ? 'met' : 'short',
          actual === null ? 'facility_area_unknown' : null,
          false,
          servingCount,
          servingExcluded,
          null,
        ),
      );
    }
  }
  return out;
}

function evaluateAnyOf(
  area: EvalArea,
  c: CompiledRule,
  category: Finding['category'],
  type: FacilityTypeCode,
  d: Demand & { populationEstimated: boolean },
  context: AreaContext,
): Finding {
  const alternatives: NonNullable<Finding['alternatives']> = [];
  let best: AmountResult | null = null;
  let bestUnit = 'm²';
  let bestRatio = -1;
  let met = false;
  let short = false;
  let counted = 0;
  let excluded = 0;
  let byPersons = false;
  for (const alt of c.rule.anyOf ?? []) {
    const r = evaluateAmount(alt.metric, alt.value, alt.countedTypes, d, context);
    const info = METRIC_INFO[alt.metric];
    alternatives.push({
      code: alt.code,
      metric: alt.metric,
      required: r.required,
      actual: r.actual,
      unit: info.findingUnit,
      status: r.status,
    });
    // Report the alternative closest to being met.
    const ratio = r.required === 0 ? Infinity : r.actual / r.required;
    if (ratio > bestRatio) {
      best = r;
      bestRatio = ratio;
      bestUnit = info.findingUnit;
    }
    met ||= r.status === 'met';
    short ||= r.status === 'short';
    // Alternatives pool the same linked facilities, so the counts are the largest, not the sum.
    counted = Math.max(counted, r.counted);
    excluded = Math.max(excluded, r.excluded);
    byPersons ||= info.basis === 'persons';
  }
  const status: FindingStatus = met ? 'met' : short ? 'short' : 'missing';
  return makeFinding(
    area,
    c,
    category,
    type,
    best?.required ?? 0,
    best?.actual ?? 0,
    bestUnit,
    status,
    status === 'met' ? null : (best?.reason ?? null),
    d.populationEstimated && byPersons,
    counted,
    excluded,
    alternatives,
  );
}

/**
 * A context over plain lists, measuring every distance exactly: for a single area, a project
 * check at completion, or tests. `areas` supplies the households used to apportion facilities
 * linked to several areas.
 */
export function buildAreaContext(opts: {
  area: EvalArea;
  facilities: readonly EvalFacility[];
  areas?: readonly EvalArea[];
  distanceModel?: DistanceModel;
}): AreaContext {
  const { area, facilities } = opts;
  const model = opts.distanceModel ?? STRAIGHT_LINE;
  const households = new Map<number, number>();
  for (const a of opts.areas ?? []) households.set(a.id, a.households);
  households.set(area.id, area.households);
  const buffer = createNearBuffer<EvalFacility>();
  return {
    linked(type) {
      const out: LinkedFacility[] = [];
      for (const f of facilities) {
        if (f.type !== type || !f.residentialAreaIds.includes(area.id)) continue;
        out.push({
          facility: f,
          share: shareOf(area.id, f, households),
          counted: countsAsProvision(f),
        });
      }
      return out;
    },
    near(type, radius) {
      buffer.count = 0;
      if (area.lon === null || area.lat === null) return buffer;
      const from = { lon: area.lon, lat: area.lat };
      for (const f of facilities) {
        if (f.type !== type || f.lon === null || f.lat === null) continue;
        const straight = exactDistance(from.lon, from.lat, f.lon, f.lat);
        if (straight > radius) continue;
        const d = model.measure(from, { lon: f.lon, lat: f.lat }, straight);
        if (d <= radius) insertNear(buffer, f.id, f, countsAsProvision(f) ? COUNTED : 0, d);
      }
      return buffer;
    },
  };
}

/** The share of a facility that falls to one of its linked areas, by households. */
function shareOf(areaId: number, f: EvalFacility, households: ReadonlyMap<number, number>): number {
  let total = 0;
  let known = 0;
  const seen = new Set<number>();
  for (const id of f.residentialAreaIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    const h = households.get(id);
    if (h === undefined) continue;
    known++;
    total += h;
  }
  if (known === 0) return 1;
  if (total === 0) return 1 / known;
  return (households.get(areaId) ?? 0) / total;
}

/**
 * Areas sorted along a Z-order (Morton) curve over their bounding box, areas without
 * coordinates last; ties keep the input order.
 */
function spatialOrder(areas: readonly EvalArea[]): EvalArea[] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const a of areas) {
    if (a.lon === null || a.lat === null) continue;
    minLon = Math.min(minLon, a.lon);
    maxLon = Math.max(maxLon, a.lon);
    minLat = Math.min(minLat, a.lat);
    maxLat = Math.max(maxLat, a.lat);
  }
  const sx = 65535 / Math.max(maxLon - minLon, 1e-9);
  const sy = 65535 / Math.max(maxLat - minLat, 1e-9);
  const keys = new Float64Array(areas.length);
  areas.forEach((a, i) => {
    keys[i] =
      a.lon === null || a.lat === null
        ? 2 ** 33
        : morton(Math.round((a.lon - minLon) * sx), Math.round((a.lat - minLat) * sy));
  });
  const order = areas.map((_, i) => i);
  order.sort((i, j) => (keys[i] as number) - (keys[j] as number) || i - j);
  return order.map((i) => areas[i] as EvalArea);
}

function morton(x: number, y: number): number {
  return (spread(x) | (spread(y) << 1)) >>> 0;
}

function spread(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x;
}

export type ProjectLike = {
  households: number;
  population?: number | null;
  lon?: number | null;
  lat?: number | null;
  regionCode: string;
  kind?: AreaKind;
};

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
  private readonly linkedByArea = new Map<number, LinkedEntry[]>();
  private readonly buffer = createNearBuffer<EvalFacility>();
  /** Areas in a space-filling-curve order: neighbours share facilities, which stay in cache. */
  private evaluationOrder: readonly EvalArea[] = [];
  private readonly indexes = new Map<FacilityTypeCode, PointIndex<EvalFacility>>();
  private areaIndex = new PointIndex<null>();
  private readonly context: AreaContext;
  private current: EvalArea | null = null;
  private currentLinked: readonly LinkedEntry[] = NO_ENTRIES;

  constructor(opts: GapEngineOptions) {
    this.compiled = compileRules(opts.rules);
    this.settings = opts.settings;
    this.model = opts.distanceModel ?? STRAIGHT_LINE;
    this.context = {
      linked: (type) => this.linkedOf(type),
      near: (type, radius) => this.nearOf(type, radius),
    };
  }

  /** Replaces the rules (a department changed one); findings need a full re-evaluation. */
  setRules(rules: readonly StandardRule[]): void {
    this.compiled = compileRules(rules);
  }

  /** Loads the ledger and builds the indexes; replaces anything loaded before. */
  load(areas: readonly EvalArea[], facilities: readonly EvalFacility[]): void {
    this.areas.clear();
    this.facilities.clear();
    this.linkedByArea.clear();
    for (const a of areas) this.areas.set(a.id, a);
    const byType = new Map<FacilityTypeCode, IndexedPoint<EvalFacility>[]>();
    for (const f of facilities) {
      this.facilities.set(f.id, f);
      this.link(f);
      if (f.lon !== null && f.lat !== null) {
        let list = byType.get(f.type);
        if (!list) byType.set(f.type, (list = []));
        list.push({ id: f.id, lon: f.lon, lat: f.lat, item: f, tag: tagOf(f) });
      }
    }
    this.indexes.clear();
    for (const [type, points] of byType) this.indexes.set(type, new PointIndex(points));
    const located: IndexedPoint<null>[] = [];
    for (const a of areas) {
      if (a.lon !== null && a.lat !== null)
        located.push({ id: a.id, lon: a.lon, lat: a.lat, item: null });
    }
    this.areaIndex = new PointIndex(located);
    this.evaluationOrder = spatialOrder(areas);
  }

  get areaCount(): number {
    return this.areas.size;
  }

  get facilityCount(): number {
    return this.facilities.size;
  }

  /** Every loaded area against every governing rule. */
  evaluateAll(): Finding[] {
    const out: Finding[] = [];
    for (const area of this.evaluationOrder) this.evaluateOne(area, out);
    return out;
  }

  /** The findings of the given areas (unknown ids are skipped). */
  evaluateAreas(ids: Iterable<number>): Finding[] {
    const out: Finding[] = [];
    for (const id of ids) {
      const area = this.areas.get(id);
      if (area) this.evaluateOne(area, out);
    }
    return out;
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
      if (!index) this.indexes.set(f.type, (index = new PointIndex<EvalFacility>()));
      index.upsert({ id: f.id, lon: f.lon, lat: f.lat, item: f, tag: tagOf(f) });
    } else {
      this.indexes.get(f.type)?.remove(f.id);
    }
    this.collectAffected(f, affected);
    return { areaIds: [...affected], findings: this.evaluateAreas(affected) };
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
   * What a new project must build: per facility type, the floor and site area (and sites) that
   * the governing rules require for its households and population, where the type is required
   * by an amount, by population, or by a radius that no counted facility already covers.
   */
  requiredFor(project: ProjectLike): RequiredFacility[] {
    const area: EvalArea = {
      id: -1,
      lon: project.lon ?? null,
      lat: project.lat ?? null,
      households: project.households,
      population: project.population ?? null,
      kind: project.kind ?? 'new',
      regionCode: project.regionCode,
    };
    const d = demandOf(area, this.settings);
    const out: RequiredFacility[] = [];
    const selection = governingFor(this.compiled, d);
    for (let t = 0; t < this.compiled.byType.length; t++) {
      const tr = this.compiled.byType[t] as (typeof this.compiled.byType)[number];
      const chosen = selection[t] as readonly (CompiledRule | undefined)[];
      const basis: RequiredFacility['rules'] = [];
      const cite = (c: CompiledRule, required: number | null) =>
        basis.push({
          ruleId: c.rule.id,
          ruleCode: c.rule.code,
          ruleVersion: c.rule.version,
          metric: c.rule.metric,
          value: c.rule.value,
          unit: c.rule.unit,
          required,
          verified: c.rule.verified,
          source: c.rule.source,
          clause: c.rule.clause,
        });
      let floor: number | null = null;
      let site: number | null = null;
      let sites = 0;
      let alternatives: RequiredFacility['alternatives'] = null;

      const floorAmount = chosen[FLOOR_AMOUNT];
      if (floorAmount) {
        const m = floorAmount.rule.metric as AmountAlternative['metric'];
        floor = requiredAmount(m, floorAmount.rule.value ?? 0, d);
        if (floor > 0) sites = 1;
        cite(floorAmount, floor);
      }
      const siteAmount = chosen[SITE_AMOUNT];
      if (siteAmount) {
        const m = siteAmount.rule.metric as AmountAlternative['metric'];
        site = requiredAmount(m, siteAmount.rule.value ?? 0, d);
        if (site > 0) sites = 1;
        cite(siteAmount, site);
      }
      const anyOf = chosen[ANY_OF];
      if (anyOf) {
        alternatives = (anyOf.rule.anyOf ?? []).map((alt) => {
          const amount = requiredAmount(alt.metric, alt.value, d);
          const isSite = METRIC_INFO[alt.metric].attribute === 'siteArea';
          return {
            code: alt.code,
            floorArea: isSite ? null : amount,
            siteArea: isSite ? amount : null,
          };
        });
        if (alternatives.some((a) => (a.floorArea ?? a.siteArea ?? 0) > 0))
          sites = Math.max(sites, 1);
        cite(anyOf, null);
      }
      const population = chosen[POPULATION];
      if (population) {
        const n = Math.ceil(d.persons / (population.rule.value ?? 1));
        sites = Math.max(sites, n);
        cite(population, n);
      }
      const radius = chosen[RADIUS];
      if (radius) {
        const r = radius.rule.value ?? 0;
        // An unknown location cannot show the project is served, so the facility is required.
        const covered =
          area.lon !== null &&
          area.lat !== null &&
          this.nearFrom(tr.type, area.lon, area.lat, r).some((n) => countsAsProvision(n.item));
        if (!covered) {
          sites = Math.max(sites, 1);
          cite(radius, r);
        }
      }
      if (sites === 0) continue;
      // Per-site minimums size each site; with an either/or and no plain amount of the same
      // kind, they size the matching alternative (an outdoor minimum binds the outdoor option).
      for (const [slot, key] of PER_SITE_KEYS) {
        const c = chosen[slot];
        if (!c) continue;
        const total = round2((c.rule.value ?? 0) * sites);
        const plain = key === 'floorArea' ? floor : site;
        if (alternatives && plain === null) {
          alternatives = alternatives.map((a) => {
            const v = a[key];
            return v === null ? a : { ...a, [key]: Math.max(v, total) };
          });
        } else if (key === 'floorArea') floor = Math.max(floor ?? 0, total);
        else site = Math.max(site ?? 0, total);
        cite(c, total);
      }
      out.push({
        facilityType: tr.type,
        category: tr.category,
        floorArea: floor,
        siteArea: site,
        sites,
        alternatives,
        rules: basis,
      });
    }
    return out;
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
    for (const l of this.linkedByArea.get(areaId) ?? []) {
      if (l.type !== type) continue;
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

  private evaluateOne(area: EvalArea, out: Finding[]): void {
    this.current = area;
    this.currentLinked = this.linkedByArea.get(area.id) ?? NO_ENTRIES;
    evaluateArea(area, this.context, this.compiled, this.settings, out);
    this.current = null;
    this.currentLinked = NO_ENTRIES;
  }

  private linkedOf(type: FacilityTypeCode): readonly LinkedFacility[] {
    const all = this.currentLinked;
    if (all.length === 0) return NO_LINKED;
    let out: LinkedFacility[] | null = null;
    for (const l of all) {
      if (l.type !== type) continue;
      (out ??= []).push(l);
    }
    return out ?? NO_LINKED;
  }

  private nearOf(type: FacilityTypeCode, radius: number): NearList {
    const area = this.current;
    const index = this.indexes.get(type);
    if (!area || area.lon === null || area.lat === null || !index) {
      this.buffer.count = 0;
      return this.buffer;
    }
    return findWithinInto(index, this.model, { lon: area.lon, lat: area.lat }, radius, this.buffer);
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

  /** Records a facility's links; shares depend only on its own linked areas, so they are fixed here. */
  private link(f: EvalFacility): void {
    const linked: EvalArea[] = [];
    let total = 0;
    for (const id of new Set(f.residentialAreaIds)) {
      const a = this.areas.get(id);
      if (!a) continue;
      linked.push(a);
      total += a.households;
    }
    for (const a of linked) {
      const share = total === 0 ? 1 / linked.length : a.households / total;
      let list = this.linkedByArea.get(a.id);
      if (!list) this.linkedByArea.set(a.id, (list = []));
      // Kept in id order so findings do not depend on the order of edits.
      let at = list.length;
      while (at > 0 && (list[at - 1] as LinkedEntry).facility.id > f.id) at--;
      list.splice(at, 0, { facility: f, share, counted: countsAsProvision(f), type: f.type });
    }
  }

  private unlink(f: EvalFacility): void {
    for (const id of new Set(f.residentialAreaIds)) {
      const list = this.linkedByArea.get(id);
      if (!list) continue;
      const i = list.findIndex((l) => l.facility.id === f.id);
      if (i >= 0) list.splice(i, 1);
    }
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
