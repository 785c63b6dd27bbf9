import type { Finding } from '@zibo/shared';

/*
 * Findings packed per area (issue 12, memory): per finding, the two measured quantities as
 * float64 and eleven small integers as int32 (60 bytes, where thirteen float64 took 104), both
 * views on one buffer per area; the rule's citation and every string interned once per process.
 * A finding object is built again only when an answer shows it (a page, one area), never for
 * counting.
 */

// Float64 columns.
const REQUIRED = 0;
const ACTUAL = 1;
const NUMS = 2;
// Int32 columns.
const RULE = 0;
const TYPE = 1;
const CATEGORY = 2;
const UNIT = 3;
const STATUS = 4;
const REASON = 5;
const ESTIMATED = 6;
const FACILITIES = 7;
const EXCLUDED = 8;
/** The finding's bit among category × status × verified (see gap-analysis.kept.ts). */
const BIT = 9;
const ALTERNATIVES = 10;
const INTS = 11;

const STATUSES = ['met', 'short', 'missing'] as const;

type Citation = Pick<
  Finding,
  | 'ruleId'
  | 'ruleCode'
  | 'ruleVersion'
  | 'metric'
  | 'source'
  | 'clause'
  | 'verified'
  | 'jurisdiction'
>;

/** The findings of one area. */
export type Packed = {
  count: number;
  nums: Float64Array;
  ints: Int32Array;
  alternatives: NonNullable<Finding['alternatives']>[] | null;
};

export const EMPTY: Packed = {
  count: 0,
  nums: new Float64Array(0),
  ints: new Int32Array(0),
  alternatives: null,
};

export class FindingPacker {
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly citations: Citation[] = [];
  private readonly citationsByRule = new Map<string, number[]>();

  private str(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private citation(f: Finding): number {
    const list = this.citationsByRule.get(f.ruleId);
    if (list) {
      for (const i of list) {
        const c = this.citations[i] as Citation;
        if (
          c.ruleVersion === f.ruleVersion &&
          c.ruleCode === f.ruleCode &&
          c.metric === f.metric &&
          c.source === f.source &&
          c.clause === f.clause &&
          c.verified === f.verified &&
          c.jurisdiction === f.jurisdiction
        )
          return i;
      }
    }
    const i = this.citations.length;
    this.citations.push({
      ruleId: f.ruleId,
      ruleCode: f.ruleCode,
      ruleVersion: f.ruleVersion,
      metric: f.metric,
      source: f.source,
      clause: f.clause,
      verified: f.verified,
      jurisdiction: f.jurisdiction,
    });
    if (list) list.push(i);
    else this.citationsByRule.set(f.ruleId, [i]);
    return i;
  }

  pack(findings: readonly Finding[], bitOf: (f: Finding) => number): Packed {
    if (findings.length === 0) return EMPTY;
    const n = findings.length;
    const buffer = new ArrayBuffer(n * (NUMS * 8 + INTS * 4));
    const nums = new Float64Array(buffer, 0, n * NUMS);
    const ints = new Int32Array(buffer, n * NUMS * 8, n * INTS);
    let alternatives: Packed['alternatives'] = null;
    findings.forEach((f, i) => {
      const o = i * INTS;
      nums[i * NUMS + REQUIRED] = f.required;
      nums[i * NUMS + ACTUAL] = f.actual === null ? NaN : f.actual;
      ints[o + RULE] = this.citation(f);
      ints[o + TYPE] = this.str(f.facilityType);
      ints[o + CATEGORY] = this.str(f.category);
      ints[o + UNIT] = this.str(f.unit);
      ints[o + STATUS] = STATUSES.indexOf(f.status);
      ints[o + REASON] = f.reason === null ? -1 : this.str(f.reason);
      ints[o + ESTIMATED] = f.populationEstimated ? 1 : 0;
      ints[o + FACILITIES] = f.facilityCount;
      ints[o + EXCLUDED] = f.excludedCount;
      ints[o + BIT] = bitOf(f);
      if (f.alternatives === null) ints[o + ALTERNATIVES] = -1;
      else {
        alternatives ??= [];
        ints[o + ALTERNATIVES] = alternatives.length;
        alternatives.push(f.alternatives);
      }
    });
    return { count: n, nums, ints, alternatives };
  }

  bit(p: Packed, i: number): number {
    return p.ints[i * INTS + BIT] as number;
  }

  unpack(areaId: number, p: Packed, i: number): Finding {
    const d = p.ints;
    const o = i * INTS;
    const c = this.citations[d[o + RULE] as number] as Citation;
    const actual = p.nums[i * NUMS + ACTUAL] as number;
    const reason = d[o + REASON] as number;
    const alt = d[o + ALTERNATIVES] as number;
    return {
      residentialAreaId: areaId,
      facilityType: this.strings[d[o + TYPE] as number] as Finding['facilityType'],
      category: this.strings[d[o + CATEGORY] as number] as Finding['category'],
      ruleId: c.ruleId,
      ruleCode: c.ruleCode,
      ruleVersion: c.ruleVersion,
      metric: c.metric,
      required: p.nums[i * NUMS + REQUIRED] as number,
      actual: Number.isNaN(actual) ? null : actual,
      unit: this.strings[d[o + UNIT] as number] as string,
      status: STATUSES[d[o + STATUS] as number] as Finding['status'],
      reason: reason < 0 ? null : (this.strings[reason] as Finding['reason']),
      populationEstimated: d[o + ESTIMATED] === 1,
      source: c.source,
      clause: c.clause,
      verified: c.verified,
      jurisdiction: c.jurisdiction,
      facilityCount: d[o + FACILITIES] as number,
      excludedCount: d[o + EXCLUDED] as number,
      alternatives: alt < 0 ? null : (p.alternatives?.[alt] ?? null),
    };
  }

  unpackAll(areaId: number, p: Packed): Finding[] {
    const out: Finding[] = [];
    for (let i = 0; i < p.count; i++) out.push(this.unpack(areaId, p, i));
    return out;
  }
}
