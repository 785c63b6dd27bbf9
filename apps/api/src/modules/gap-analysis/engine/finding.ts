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

/**
 * Where an evaluation writes its findings, one input at a time. The input is read during the
 * call only (an evaluation may reuse it), so a sink copies what it keeps. `FindingList` makes
 * objects; the kept state (gap-analysis.kept.ts) packs the inputs into columns without making
 * a finding object at all (issue 12: the first analysis of 10⁵ areas).
 */
export interface FindingSink {
  add(input: FindingInput): void;
}

/** Findings of whole areas, one area at a time: `begin`, its inputs, then `end`. */
export interface AreaFindingSink extends FindingSink {
  begin(areaId: number): void;
  end(areaId: number): void;
}

/** A sink that makes finding objects (tests, single areas, patches). */
export class FindingList implements AreaFindingSink {
  constructor(readonly findings: Finding[] = []) {}
  add(input: FindingInput): void {
    this.findings.push(makeFinding(input));
  }
  begin(): void {}
  end(): void {}
}
