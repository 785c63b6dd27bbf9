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
  type LinkedList,
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

function isLinked(linked: LinkedList, id: number): boolean {
  for (let i = 0; i < linked.count; i++)
    if ((linked.facilities[i] as EvalFacility).id === id) return true;
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
    const linked = ctx.linked(type);
    for (let i = 0; i < linked.count; i++) {
      if (!linked.counted[i]) {
        excluded++;
        continue;
      }
      counted++;
      const a = (linked.facilities[i] as EvalFacility)[attribute];
      if (a === null) unknown = true;
      else sum += a * (linked.shares[i] as number);
    }
  }
  const actual = round2(sum);
  const status: FindingStatus = actual >= required ? 'met' : counted > 0 ? 'short' : 'missing';
  const reason = status !== 'met' && unknown ? 'facility_area_unknown' : null;
  return { required, actual, status, reason, counted, excluded };
}

/** The input an area's findings are written through (its area set; the rest per finding). */
function inputFor(area: EvalArea): FindingInput {
  return {
    area,
    rule: null as unknown as CompiledRule,
    category: 'education',
    type: 'kindergarten',
    required: 0,
    actual: null,
    unit: '',
    status: 'met',
    reason: null,
    populationEstimated: false,
    facilityCount: 0,
    excludedCount: 0,
    alternatives: null,
  };
}

/**
 * Writes one finding of the facility type `input` is set to, the fields in Finding's order. A
 * sink reads the input during `add` only (finding.ts), so one input serves all the area's
 * findings and an evaluation makes no object per finding (issue 12).
 */
function emit(
  sink: FindingSink,
  input: FindingInput,
  rule: CompiledRule,
  required: number,
  actual: number | null,
  unit: string,
  status: FindingStatus,
  reason: FindingReason | null,
  populationEstimated: boolean,
  facilityCount: number,
  excludedCount: number,
): void {
  input.rule = rule;
  input.required = required;
  input.actual = actual;
  input.unit = unit;
  input.status = status;
  input.reason = reason;
  input.populationEstimated = populationEstimated;
  input.facilityCount = facilityCount;
  input.excludedCount = excludedCount;
  sink.add(input);
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
  const input = inputFor(area);
  for (let t = 0; t < compiled.byType.length; t++) {
    const tr = compiled.byType[t] as (typeof compiled.byType)[number];
    const governing = selection[t] as readonly (CompiledRule | undefined)[];
    const type = tr.type;
    const category = tr.category;
    input.type = type;
    input.category = category;

    const radiusRule = governing[RADIUS];
    let near: NearList | null = null;
    if (radiusRule) {
      const radius = radiusRule.rule.value ?? 0;
      const unit = METRIC_INFO.service_radius.findingUnit;
      if (!located) {
        let linkedCounted = 0;
        const linked = context.linked(type);
        for (let i = 0; i < linked.count; i++) if (linked.counted[i]) linkedCounted++;
        emit(
          sink,
          input,
          radiusRule,
          radius,
          null,
          unit,
          linkedCounted > 0 ? 'short' : 'missing',
          'area_location_unknown',
          false,
          linkedCounted,
          0,
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
          emit(
            sink,
            input,
            radiusRule,
            radius,
            Math.round(nearest),
            unit,
            'met',
            null,
            false,
            counted,
            excluded,
          );
        } else {
          let unlocated = 0;
          const linked = context.linked(type);
          for (let i = 0; i < linked.count; i++) {
            const f = linked.facilities[i] as EvalFacility;
            if (linked.counted[i] && (f.lon === null || f.lat === null)) unlocated++;
          }
          emit(
            sink,
            input,
            radiusRule,
            radius,
            null,
            unit,
            unlocated > 0 ? 'short' : 'missing',
            unlocated > 0 ? 'facility_location_unknown' : null,
            false,
            unlocated,
            excluded,
          );
        }
      }
    }

    for (const slot of AMOUNT_SLOTS) {
      const c = governing[slot];
      if (!c) continue;
      const metric = c.rule.metric as AmountAlternative['metric'];
      const r = evaluateAmount(metric, c.rule.value ?? 0, c.countedTypes, d, context);
      emit(
        sink,
        input,
        c,
        r.required,
        r.actual,
        METRIC_INFO[metric].findingUnit,
        r.status,
        r.reason,
        d.populationEstimated && METRIC_INFO[metric].basis === 'persons',
        r.counted,
        r.excluded,
      );
    }

    const anyOf = governing[ANY_OF];
    if (anyOf) evaluateAnyOf(sink, input, anyOf, d, context);

    const population = governing[POPULATION];
    const minFloor = governing[MIN_FLOOR];
    const minSite = governing[MIN_SITE];
    if (!population && !minFloor && !minSite) continue;

    // Serving facilities for per-site and per-population checks: linked ∪ within the radius.
    const serving: Serving = { count: 0, excluded: 0, bestFloor: null, bestSite: null };
    const linked = context.linked(type);
    for (let i = 0; i < linked.count; i++) {
      if (linked.counted[i]) serve(serving, linked.facilities[i] as EvalFacility);
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
      emit(
        sink,
        input,
        population,
        required,
        servingCount,
        METRIC_INFO.population_per_site.findingUnit,
        servingCount >= required ? 'met' : servingCount > 0 ? 'short' : 'missing',
        null,
        d.populationEstimated,
        servingCount,
        servingExcluded,
      );
    }

    if (servingCount === 0) continue;
    for (const slot of PER_SITE_SLOTS) {
      const c = slot === MIN_FLOOR ? minFloor : minSite;
      if (!c) continue;
      const best = slot === MIN_FLOOR ? bestFloor : bestSite;
      const required = c.rule.value ?? 0;
      const actual = best === null ? null : round2(best);
      emit(
        sink,
        input,
        c,
        required,
        actual,
        METRIC_INFO[c.rule.metric].findingUnit,
        actual !== null && actual >= required ? 'met' : 'short',
        actual === null ? 'facility_area_unknown' : null,
        false,
        servingCount,
        servingExcluded,
      );
    }
  }
}

function evaluateAnyOf(
  sink: FindingSink,
  input: FindingInput,
  c: CompiledRule,
  d: Demand & { populationEstimated: boolean },
  context: AreaContext,
): void {
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
  const reason = status === 'met' ? null : (best?.reason ?? null);
  const estimated = d.populationEstimated && byPersons;
  const required = best?.required ?? 0;
  const actual = best?.actual ?? 0;
  input.alternatives = alternatives;
  emit(sink, input, c, required, actual, bestUnit, status, reason, estimated, counted, excluded);
  input.alternatives = null;
}
