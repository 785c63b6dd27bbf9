import {
  FACILITY_TYPES,
  JURISDICTION_RANK,
  METRIC_INFO,
  countedTypesOf,
  type AreaKind,
  type CategoryCode,
  type FacilityTypeCode,
  type MetricInfo,
  type StandardRule,
} from '@zibo/shared';
import { JURISDICTION_REGION_PREFIX } from './jurisdictions.ts';

/** The order findings of one facility type come out in; the radius comes first because the
 * per-site and per-population checks use the facilities it finds. */
export const SLOT_ORDER = [
  'service_radius',
  'floor_amount',
  'site_amount',
  'any_of',
  'population_per_site',
  'min_floor_area_per_site',
  'min_site_area_per_site',
] as const;
export type Slot = (typeof SLOT_ORDER)[number];

export type CompiledRule = {
  rule: StandardRule;
  info: MetricInfo;
  rank: number;
  regionPrefix: string;
  countedTypes: readonly FacilityTypeCode[];
  kinds: ReadonlySet<AreaKind>;
};

export type TypeRules = {
  type: FacilityTypeCode;
  category: CategoryCode;
  /** Per slot (SLOT_ORDER), the candidate rules, the one that governs first. */
  slots: readonly (readonly CompiledRule[])[];
  /** Largest service radius any rule of the type may ask for (0 when none). */
  maxRadius: number;
};

/** Per facility type (in `byType` order), per slot, the governing rule or undefined. */
export type Governing = readonly (readonly (CompiledRule | undefined)[])[];

/** Rules grouped for evaluation: per facility type, per slot, in order of precedence. */
export type CompiledRules = {
  readonly byType: readonly TypeRules[];
  readonly maxRadiusByType: ReadonlyMap<FacilityTypeCode, number>;
  /** Every distinct test a rule's applicability makes; their answers decide the selection. */
  readonly conditions: readonly ((d: Demand) => boolean)[];
  readonly selections: Map<number | string, Governing>;
};

const SLOT_INDEX = new Map<string, number>(SLOT_ORDER.map((s, i) => [s, i]));

/** True for rules that produce findings: in force, evaluable, of a facility type, not a comparator. */
export function isEvaluable(rule: StandardRule): boolean {
  return (
    rule.active &&
    !rule.informational &&
    rule.metric !== 'informational' &&
    rule.facilityType !== null &&
    JURISDICTION_REGION_PREFIX[rule.jurisdiction] !== null &&
    (rule.metric === 'any_of' ? (rule.anyOf?.length ?? 0) > 0 : rule.value !== null)
  );
}

/**
 * Precedence within one (facility type, slot): the most local jurisdiction governs (Zibo over
 * Shandong over national); at the same level a verified rule beats an unverified one (unverified
 * figures must not be used where a checked one exists); then the newer document (lex
 * posterior); then the id, so the choice is deterministic.
 */
export function compareByPrecedence(a: CompiledRule, b: CompiledRule): number {
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (a.rule.verified !== b.rule.verified) return a.rule.verified ? -1 : 1;
  const ai = a.rule.issuedOn ?? '';
  const bi = b.rule.issuedOn ?? '';
  if (ai !== bi) return ai < bi ? 1 : -1;
  return a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0;
}

export function compileRules(rules: readonly StandardRule[]): CompiledRules {
  const buckets = new Map<FacilityTypeCode, CompiledRule[][]>();
  for (const rule of rules) {
    if (!isEvaluable(rule) || rule.facilityType === null) continue;
    const info = METRIC_INFO[rule.metric];
    const slot = SLOT_INDEX.get(info.slot);
    if (slot === undefined) continue;
    let slots = buckets.get(rule.facilityType);
    if (!slots) {
      slots = SLOT_ORDER.map(() => []);
      buckets.set(rule.facilityType, slots);
    }
    slots[slot]?.push({
      rule,
      info,
      rank: JURISDICTION_RANK[rule.jurisdiction],
      regionPrefix: JURISDICTION_REGION_PREFIX[rule.jurisdiction] ?? '',
      countedTypes: countedTypesOf(rule),
      kinds: new Set(rule.appliesTo.areaKinds),
    });
  }
  const byType: TypeRules[] = [];
  const maxRadiusByType = new Map<FacilityTypeCode, number>();
  for (const t of FACILITY_TYPES) {
    const slots = buckets.get(t.code);
    if (!slots) continue;
    for (const s of slots) s.sort(compareByPrecedence);
    const radii = slots[SLOT_INDEX.get('service_radius') ?? 0] ?? [];
    const maxRadius = radii.reduce((m, c) => Math.max(m, c.rule.value ?? 0), 0);
    maxRadiusByType.set(t.code, maxRadius);
    byType.push({ type: t.code, category: t.category, slots, maxRadius });
  }
  return { byType, maxRadiusByType, conditions: conditionsOf(byType), selections: new Map() };
}

function conditionsOf(byType: readonly TypeRules[]): ((d: Demand) => boolean)[] {
  const tests = new Map<string, (d: Demand) => boolean>();
  tests.set('kind', (d) => d.kind === 'new');
  for (const tr of byType) {
    for (const slot of tr.slots) {
      for (const c of slot) {
        const prefix = c.regionPrefix;
        if (prefix !== '') tests.set(`region:${prefix}`, (d) => d.regionCode.startsWith(prefix));
        const a = c.rule.appliesTo;
        const h0 = a.minHouseholds;
        const h1 = a.maxHouseholds;
        const p0 = a.minPopulation;
        const p1 = a.maxPopulation;
        if (h0 !== null) tests.set(`h>=${h0}`, (d) => d.households >= h0);
        if (h1 !== null) tests.set(`h<=${h1}`, (d) => d.households <= h1);
        if (p0 !== null) tests.set(`p>=${p0}`, (d) => d.persons >= p0);
        if (p1 !== null) tests.set(`p<=${p1}`, (d) => d.persons <= p1);
      }
    }
  }
  return [...tests.values()];
}

/**
 * The governing rules for a demand. Applicability depends only on the answers to the rules'
 * distinct conditions, so selections are computed once per combination of answers.
 */
export function governingFor(compiled: CompiledRules, d: Demand): Governing {
  const tests = compiled.conditions;
  let key: number | string = 0;
  if (tests.length <= 30) {
    for (let i = 0; i < tests.length; i++)
      if ((tests[i] as (d: Demand) => boolean)(d)) key |= 1 << i;
  } else {
    key = tests.map((test) => (test(d) ? '1' : '0')).join('');
  }
  let g = compiled.selections.get(key);
  if (!g) {
    g = compiled.byType.map((tr) => {
      const out: (CompiledRule | undefined)[] = SLOT_ORDER.map(() => undefined);
      selectGoverning(tr, d, out);
      return out;
    });
    compiled.selections.set(key, g);
  }
  return g;
}

export type Demand = {
  kind: AreaKind;
  regionCode: string;
  households: number;
  persons: number;
};

/** Whether a rule applies to an area (or project) of this kind, place and size. */
export function appliesTo(c: CompiledRule, d: Demand): boolean {
  if (!c.kinds.has(d.kind)) return false;
  if (!d.regionCode.startsWith(c.regionPrefix)) return false;
  const a = c.rule.appliesTo;
  if (a.minHouseholds !== null && d.households < a.minHouseholds) return false;
  if (a.maxHouseholds !== null && d.households > a.maxHouseholds) return false;
  if (a.minPopulation !== null && d.persons < a.minPopulation) return false;
  if (a.maxPopulation !== null && d.persons > a.maxPopulation) return false;
  return true;
}

/** The governing rule of each slot for this demand (undefined where none applies). */
export function selectGoverning(
  typeRules: TypeRules,
  d: Demand,
  out: (CompiledRule | undefined)[],
): void {
  for (let s = 0; s < SLOT_ORDER.length; s++) {
    out[s] = undefined;
    const candidates = typeRules.slots[s];
    if (!candidates) continue;
    for (const c of candidates) {
      if (appliesTo(c, d)) {
        out[s] = c;
        break;
      }
    }
  }
}
