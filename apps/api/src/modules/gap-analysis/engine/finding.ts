import type { FacilityTypeCode, Finding, FindingReason, FindingStatus } from '@zibo/shared';
import type { CompiledRule } from './rules.ts';
import type { EvalArea } from './model.ts';

/** What one check of one area against one governing rule found. */
export type FindingInput = {
  area: EvalArea;
  rule: CompiledRule;
  category: Finding['category'];
  type: FacilityTypeCode;
  required: number;
  actual: number | null;
  unit: string;
  status: FindingStatus;
  reason: FindingReason | null;
  populationEstimated: boolean;
  facilityCount: number;
  excludedCount: number;
  alternatives: Finding['alternatives'];
};

/** A finding, citing its rule (code, version, source, clause, whether verified). */
export function makeFinding(input: FindingInput): Finding {
  const r = input.rule.rule;
  return {
    residentialAreaId: input.area.id,
    facilityType: input.type,
    category: input.category,
    ruleId: r.id,
    ruleCode: r.code,
    ruleVersion: r.version,
    metric: r.metric,
    required: input.required,
    actual: input.actual,
    unit: input.unit,
    status: input.status,
    reason: input.reason,
    populationEstimated: input.populationEstimated,
    source: r.source,
    clause: r.clause,
    verified: r.verified,
    jurisdiction: r.jurisdiction,
    facilityCount: input.facilityCount,
    excludedCount: input.excludedCount,
    alternatives: input.alternatives,
  };
}
