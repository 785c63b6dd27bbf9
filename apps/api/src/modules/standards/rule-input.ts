import {
  AREA_KINDS,
  METRIC_INFO,
  categoryOfFacilityType,
  type StandardRule,
  type StandardRuleInput,
  standardRuleInput,
} from '@zibo/shared';

/**
 * Turns a department's validated input into a rule (a new version of `id`, or a new rule).
 * Storage assigns the id and version; the input's own checks are in standardRuleInput.
 */
export function buildRuleFromInput(
  input: StandardRuleInput,
  meta: { id: string; version: number; code?: string },
): StandardRule {
  const v = standardRuleInput.parse(input);
  const anyOf =
    v.metric === 'any_of' && v.anyOf
      ? v.anyOf.map((a) => ({
          code: a.code ?? null,
          metric: a.metric,
          value: a.value,
          countedTypes: a.countedTypes,
        }))
      : null;
  return {
    id: meta.id,
    version: meta.version,
    code: meta.code ?? meta.id,
    catalogueCodes: [],
    category: categoryOfFacilityType(v.facilityType),
    facilityType: v.facilityType,
    countedTypes: anyOf
      ? [...new Set(anyOf.flatMap((a) => a.countedTypes))]
      : (v.countedTypes ?? [v.facilityType]),
    metric: v.metric,
    value: v.metric === 'any_of' ? null : (v.value ?? null),
    unit: METRIC_INFO[v.metric].unit,
    anyOf,
    appliesTo: {
      areaKinds: AREA_KINDS.filter((k) => v.appliesTo.areaKinds.includes(k)),
      minHouseholds: v.appliesTo.minHouseholds ?? null,
      maxHouseholds: v.appliesTo.maxHouseholds ?? null,
      minPopulation: v.appliesTo.minPopulation ?? null,
      maxPopulation: v.appliesTo.maxPopulation ?? null,
      description: v.appliesTo.description,
    },
    jurisdiction: v.jurisdiction,
    lifeCircle: v.lifeCircle ?? null,
    informational: false,
    informationalKind: null,
    active: v.active,
    source: v.source,
    clause: v.clause,
    researchNote: v.researchNote ?? null,
    issuedOn: v.issuedOn ?? null,
    verified: v.verified,
    note: v.note ?? null,
    derivedFrom: [],
    origin: null,
  };
}
