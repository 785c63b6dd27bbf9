import {
  METRIC_INFO,
  type AmountAlternative,
  type FacilityTypeCode,
  type Finding,
  type FindingReason,
  type FindingStatus,
  type GapSettings,
  type StandardRule,
} from '@zibo/shared';
import {
  compileRules,
  governingFor,
  type CompiledRule,
  type CompiledRules,
  type Demand,
} from './rules.ts';
import { FindingList, type FindingInput, type FindingSink } from './finding.ts';
import {
  AMOUNT_SLOTS,
  ANY_OF,
  COUNTED,
  MIN_FLOOR,
  MIN_SITE,
  PER_SITE_SLOTS,
  POPULATION,
  RADIUS,
  demandOf,
  round2,
  type AreaContext,
  type EvalArea,
  type EvalFacility,
  type LinkedFacility,
  type NearList,
} from './model.ts';

/*
 * The evaluation of one area against the governing rules, pure: the context supplies the
 * facilities linked to the area and those within a radius (see model.ts for the decisions).
 */

/** Compiled rules per rule list, so callers may pass the plain list (a memo, not state). */
const compiledCache = new WeakMap<readonly StandardRule[], CompiledRules>();

export function compiledOf(rules: readonly StandardRule[] | CompiledRules): CompiledRules {
  if (!Array.isArray(rules)) return rules as CompiledRules;
  const list = rules as readonly StandardRule[];
  let c = compiledCache.get(list);
  if (!c) {
    c = compileRules(list);
    compiledCache.set(list, c);
  }
  return c;
}

/** What the facilities serving an area offer (one per evaluation; no closures in the loop). */
type Serving = {
  count: number;
  excluded: number;
  bestFloor: number | null;
  bestSite: number | null;
};
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

type AmountResult = {
  required: number;
  actual: number;
  status: FindingStatus;
  reason: FindingReason | null;
  counted: number;
  excluded: number;
};

export function requiredAmount(
  metric: AmountAlternative['metric'],
  value: number,
  d: Demand,
): number {
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
  evaluateAreaInto(area, context, rules, settings, new FindingList(out));
  return out;
}

/** As `evaluateArea`, each finding written to `sink` (finding.ts) in facility-type order. */
export function evaluateAreaInto(
  area: EvalArea,
  context: AreaContext,
  rules: readonly StandardRule[] | CompiledRules,
  settings: GapSettings,
  sink: FindingSink,
): void {
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
        sink.add({
          area,
          rule: radiusRule,
          category,
          type,
          required: radius,
          actual: null,
          unit,
          status: linkedCounted > 0 ? 'short' : 'missing',
          reason: 'area_location_unknown',
          populationEstimated: false,
          facilityCount: linkedCounted,
          excludedCount: 0,
          alternatives: null,
        });
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
          sink.add({
            area,
            rule: radiusRule,
            category,
            type,
            required: radius,
            actual: Math.round(nearest),
            unit,
            status: 'met',
            reason: null,
            populationEstimated: false,
            facilityCount: counted,
            excludedCount: excluded,
            alternatives: null,
          });
        } else {
          let unlocated = 0;
          for (const l of context.linked(type)) {
            const f = l.facility;
            if (l.counted && (f.lon === null || f.lat === null)) unlocated++;
          }
          sink.add({
            area,
            rule: radiusRule,
            category,
            type,
            required: radius,
            actual: null,
            unit,
            status: unlocated > 0 ? 'short' : 'missing',
            reason: unlocated > 0 ? 'facility_location_unknown' : null,
            populationEstimated: false,
            facilityCount: unlocated,
            excludedCount: excluded,
            alternatives: null,
          });
        }
      }
    }

    for (const slot of AMOUNT_SLOTS) {
      const c = governing[slot];
      if (!c) continue;
      const metric = c.rule.metric as AmountAlternative['metric'];
      const r = evaluateAmount(metric, c.rule.value ?? 0, c.countedTypes, d, context);
      sink.add({
        area,
        rule: c,
        category,
        type,
        required: r.required,
        actual: r.actual,
        unit: METRIC_INFO[metric].findingUnit,
        status: r.status,
        reason: r.reason,
        populationEstimated: d.populationEstimated && METRIC_INFO[metric].basis === 'persons',
        facilityCount: r.counted,
        excludedCount: r.excluded,
        alternatives: null,
      });
    }

    const anyOf = governing[ANY_OF];
    if (anyOf) sink.add(evaluateAnyOf(area, anyOf, category, type, d, context));

    const population = governing[POPULATION];
    const minFloor = governing[MIN_FLOOR];
    const minSite = governing[MIN_SITE];
    if (!population && !minFloor && !minSite) continue;

    // Serving facilities for per-site and per-population checks: linked ∪ within the radius.
    const serving: Serving = { count: 0, excluded: 0, bestFloor: null, bestSite: null };
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
      sink.add({
        area,
        rule: population,
        category,
        type,
        required,
        actual: servingCount,
        unit: METRIC_INFO.population_per_site.findingUnit,
        status: servingCount >= required ? 'met' : servingCount > 0 ? 'short' : 'missing',
        reason: null,
        populationEstimated: d.populationEstimated,
        facilityCount: servingCount,
        excludedCount: servingExcluded,
        alternatives: null,
      });
    }

    if (servingCount === 0) continue;
    for (const slot of PER_SITE_SLOTS) {
      const c = slot === MIN_FLOOR ? minFloor : minSite;
      if (!c) continue;
      const best = slot === MIN_FLOOR ? bestFloor : bestSite;
      const required = c.rule.value ?? 0;
      const actual = best === null ? null : round2(best);
      sink.add({
        area,
        rule: c,
        category,
        type,
        required,
        actual,
        unit: METRIC_INFO[c.rule.metric].findingUnit,
        status: actual !== null && actual >= required ? 'met' : 'short',
        reason: actual === null ? 'facility_area_unknown' : null,
        populationEstimated: false,
        facilityCount: servingCount,
        excludedCount: servingExcluded,
        alternatives: null,
      });
    }
  }
}

function evaluateAnyOf(
  area: EvalArea,
  c: CompiledRule,
  category: Finding['category'],
  type: FacilityTypeCode,
  d: Demand & { populationEstimated: boolean },
  context: AreaContext,
): FindingInput {
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
  return {
    area,
    rule: c,
    category,
    type,
    required: best?.required ?? 0,
    actual: best?.actual ?? 0,
    unit: bestUnit,
    status,
    reason: status === 'met' ? null : (best?.reason ?? null),
    populationEstimated: d.populationEstimated && byPersons,
    facilityCount: counted,
    excludedCount: excluded,
    alternatives,
  };
}
