import type { Finding } from '@zibo/shared';

/*
 * Findings packed per area (issue 12, memory): one Float64Array of COLUMNS numbers per finding,
 * with the rule's citation and every string interned once per process. A finding object is
 * built again only when an answer shows it (a page, one area), never for counting.
 */

const RULE = 0;
const TYPE = 1;
const CATEGORY = 2;
const REQUIRED = 3;
const ACTUAL = 4;
const UNIT = 5;
const STATUS = 6;
const REASON = 7;
const ESTIMATED = 8;
const FACILITIES = 9;
const EXCLUDED = 10;
/** The finding's bit among category × status × verified (see gap-analysis.kept.ts). */
export const BIT = 11;
const ALTERNATIVES = 12;
const COLUMNS = 13;

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
  data: Float64Array;
  alternatives: NonNullable<Finding['alternatives']>[] | null;
};

export const EMPTY: Packed = { count: 0, data: new Float64Array(0), alternatives: null };

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
    const data = new Float64Array(findings.length * COLUMNS);
    let alternatives: Packed['alternatives'] = null;
    findings.forEach((f, i) => {
      const o = i * COLUMNS;
      data[o + RULE] = this.citation(f);
      data[o + TYPE] = this.str(f.facilityType);
      data[o + CATEGORY] = this.str(f.category);
      data[o + REQUIRED] = f.required;
      data[o + ACTUAL] = f.actual === null ? NaN : f.actual;
      data[o + UNIT] = this.str(f.unit);
      data[o + STATUS] = STATUSES.indexOf(f.status);
      data[o + REASON] = f.reason === null ? -1 : this.str(f.reason);
      data[o + ESTIMATED] = f.populationEstimated ? 1 : 0;
      data[o + FACILITIES] = f.facilityCount;
      data[o + EXCLUDED] = f.excludedCount;
      data[o + BIT] = bitOf(f);
      if (f.alternatives === null) data[o + ALTERNATIVES] = -1;
      else {
        alternatives ??= [];
        data[o + ALTERNATIVES] = alternatives.length;
        alternatives.push(f.alternatives);
      }
    });
    return { count: findings.length, data, alternatives };
  }

  bit(p: Packed, i: number): number {
    return p.data[i * COLUMNS + BIT] as number;
  }

  unpack(areaId: number, p: Packed, i: number): Finding {
    const d = p.data;
    const o = i * COLUMNS;
    const c = this.citations[d[o + RULE] as number] as Citation;
    const actual = d[o + ACTUAL] as number;
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
      required: d[o + REQUIRED] as number,
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
