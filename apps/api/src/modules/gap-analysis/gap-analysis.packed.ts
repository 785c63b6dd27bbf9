import type { Finding, StandardRule } from '@zibo/shared';

/*
 * Findings packed per area (issue 12, memory): per finding, the two measured quantities as
 * float64 and five int32 words (36 bytes, where thirteen float64 took 104 and eleven int32 words
 * 60), an area's rows one run of each in a buffer (a slab shared by many areas after a rebuild,
 * read through the slab's own two views, so an area costs no view of its own); the rule's
 * citation and every string interned once per process.
 * A finding object is built again only when an answer shows it (a page, one area), never for
 * counting.
 */

// Float64 columns.
const REQUIRED = 0;
const ACTUAL = 1;
const NUMS = 2;
// Int32 words.
/** The rule's citation (its number among the citations). */
const RULE = 0;
/** The interned strings: type, category, unit, reason + 1 (0: none), a byte each. */
const WORDS = 1;
/**
 * Status (2 bits), population estimated (1 bit), the finding's bit among category × status ×
 * verified (6 bits, see gap-analysis.kept.ts), alternatives' place in the area + 1 (0: none).
 */
const FLAGS = 2;
const FACILITIES = 3;
const EXCLUDED = 4;
const INTS = 5;
const BYTES = NUMS * 8 + INTS * 4;
const SLAB_BYTES = 1 << 18;

// The strings of a finding, each a byte of WORDS (and a slot of the packer's `recent`).
const TYPE = 0;
const CATEGORY = 1;
const UNIT = 2;
const REASON = 3;
/** Strings a byte can number (a reason is stored + 1): the vocabulary is the platform's (types, units, reasons). */
const MOST_STRINGS = 255;

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

/**
 * The findings of one area: row i's quantities at nums[numAt + i·2 …], its integers at
 * ints[intAt + i·11 …] (the views may hold other areas' rows too).
 */
export type Packed = {
  count: number;
  nums: Float64Array;
  numAt: number;
  ints: Int32Array;
  intAt: number;
  alternatives: NonNullable<Finding['alternatives']>[] | null;
};

export const EMPTY: Packed = {
  count: 0,
  nums: new Float64Array(0),
  numAt: 0,
  ints: new Int32Array(0),
  intAt: 0,
  alternatives: null,
};

/** A buffer and its two views; a slab is filled from `used` bytes on. */
type Slab = { nums: Float64Array; ints: Int32Array; used: number };

function slabOf(bytes: number): Slab {
  // A float64 view of the whole buffer needs a length in whole float64s.
  const buffer = new ArrayBuffer((bytes + 7) & ~7);
  return { nums: new Float64Array(buffer), ints: new Int32Array(buffer), used: 0 };
}

/** What a finding's columns are written from: a finding object, or an evaluation's input. */
export type Row = {
  /** The row's place among the area's findings (its facility type's rank); rows are kept sorted. */
  order: number;
  required: number;
  actual: number | null;
  citation: number;
  type: string;
  category: string;
  unit: string;
  status: Finding['status'];
  reason: string | null;
  populationEstimated: boolean;
  facilityCount: number;
  excludedCount: number;
  bit: number;
  alternatives: Finding['alternatives'];
};

/** A row to refill (writers reuse one, so packing allocates nothing per finding). */
export function emptyRow(): Row {
  return {
    order: 0,
    required: 0,
    actual: null,
    citation: 0,
    type: '',
    category: '',
    unit: '',
    status: 'met',
    reason: null,
    populationEstimated: false,
    facilityCount: 0,
    excludedCount: 0,
    bit: 0,
    alternatives: null,
  };
}

export class FindingPacker {
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /** Per int column, the last string interned there and its id (see `recent`). */
  private readonly recentStrings: (string | null)[] = [null, null, null, null];
  private readonly recentIds = new Int32Array(4);
  private readonly citations: Citation[] = [];
  private readonly citationsByRule = new Map<string, number[]>();
  private readonly citationOfRule = new WeakMap<StandardRule, number>();
  /** The area being packed (`start`, `row`…, `finish`): its rows, grown as needed. */
  private nums = new Float64Array(64 * NUMS);
  private ints = new Int32Array(64 * INTS);
  private orders = new Float64Array(64);
  private rows = 0;
  private sorted = true;
  private alternatives: NonNullable<Finding['alternatives']>[] | null = null;
  private slab: Slab | null = null;
  /** One row object, refilled for each finding packed (a sink fills its own the same way). */
  private readonly scratch: Row = emptyRow();

  private str(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      if (id >= MOST_STRINGS)
        throw new Error(
          `findings name more than ${MOST_STRINGS} types, categories, units and reasons`,
        );
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /**
   * `str` with the last string of each field remembered: an area's findings come type by type,
   * so most rows repeat the row before's type, category and unit (a comparison, not a hash).
   */
  private recent(field: number, s: string): number {
    if (this.recentStrings[field] === s) return this.recentIds[field] as number;
    const id = this.str(s);
    this.recentStrings[field] = s;
    this.recentIds[field] = id;
    return id;
  }

  /** The citation's number, the same for a finding and for the rule it cites. */
  citation(f: Citation): number {
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

  /** The citation of a rule's findings (remembered per rule object: an evaluation cites a few). */
  ruleCitation(r: StandardRule): number {
    let i = this.citationOfRule.get(r);
    if (i === undefined) {
      i = this.citation({
        ruleId: r.id,
        ruleCode: r.code,
        ruleVersion: r.version,
        metric: r.metric,
        source: r.source,
        clause: r.clause,
        verified: r.verified,
        jurisdiction: r.jurisdiction,
      });
      this.citationOfRule.set(r, i);
    }
    return i;
  }

  /** Starts packing an area's findings. */
  start(): void {
    this.rows = 0;
    this.sorted = true;
    this.alternatives = null;
  }

  /** Adds a finding of the area being packed. */
  row(r: Row): void {
    const i = this.rows++;
    if (i * NUMS >= this.nums.length) this.grow();
    if (i > 0 && r.order < (this.orders[i - 1] as number)) this.sorted = false;
    this.orders[i] = r.order;
    const n = i * NUMS;
    this.nums[n + REQUIRED] = r.required;
    this.nums[n + ACTUAL] = r.actual === null ? NaN : r.actual;
    const d = this.ints;
    const o = i * INTS;
    d[o + RULE] = r.citation;
    d[o + WORDS] =
      this.recent(TYPE, r.type) |
      (this.recent(CATEGORY, r.category) << 8) |
      (this.recent(UNIT, r.unit) << 16) |
      ((r.reason === null ? 0 : this.recent(REASON, r.reason) + 1) << 24);
    let alternatives = 0;
    if (r.alternatives !== null) {
      this.alternatives ??= [];
      alternatives = this.alternatives.length + 1;
      this.alternatives.push(r.alternatives);
    }
    d[o + FLAGS] =
      (r.status === 'met' ? 0 : r.status === 'short' ? 1 : 2) |
      (r.populationEstimated ? 4 : 0) |
      (r.bit << 3) |
      (alternatives << 9);
    d[o + FACILITIES] = r.facilityCount;
    d[o + EXCLUDED] = r.excludedCount;
  }

  /** The area's findings, packed in `order` (stable: rows of one rank keep their order). */
  finish(from: 'own' | 'slab' = 'own'): Packed {
    const n = this.rows;
    if (n === 0) return EMPTY;
    const bytes = n * BYTES;
    // Rows are 36 bytes; the float64 run needs an offset that is a multiple of 8.
    let slab: Slab;
    let at = 0;
    if (from === 'own' || bytes > SLAB_BYTES / 8) {
      slab = slabOf(bytes);
    } else {
      at = ((this.slab?.used ?? 0) + 7) & ~7;
      if (this.slab === null || at + bytes > SLAB_BYTES) {
        // A rebuild packs 10⁵ areas: one buffer each would be 10⁵ allocations for the collector
        // to track. A slab lives while any area packed in it keeps its findings; an area patched
        // later gets a buffer of its own, so at worst the last rebuild's slabs stay beside them.
        this.slab = slabOf(SLAB_BYTES);
        at = 0;
      }
      slab = this.slab;
      slab.used = at + bytes;
    }
    const numAt = at / 8;
    const intAt = (at + n * NUMS * 8) / 4;
    const nums = slab.nums;
    const ints = slab.ints;
    if (this.sorted) {
      for (let k = 0; k < n * NUMS; k++) nums[numAt + k] = this.nums[k] as number;
      for (let k = 0; k < n * INTS; k++) ints[intAt + k] = this.ints[k] as number;
    } else {
      const order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => (this.orders[a] as number) - (this.orders[b] as number) || a - b);
      for (let to = 0; to < n; to++) {
        const row = order[to] as number;
        for (let k = 0; k < NUMS; k++)
          nums[numAt + to * NUMS + k] = this.nums[row * NUMS + k] as number;
        for (let k = 0; k < INTS; k++)
          ints[intAt + to * INTS + k] = this.ints[row * INTS + k] as number;
      }
    }
    return { count: n, nums, numAt, ints, intAt, alternatives: this.alternatives };
  }

  private grow(): void {
    const nums = new Float64Array(this.nums.length * 2);
    nums.set(this.nums);
    this.nums = nums;
    const ints = new Int32Array(this.ints.length * 2);
    ints.set(this.ints);
    this.ints = ints;
    const orders = new Float64Array(this.orders.length * 2);
    orders.set(this.orders);
    this.orders = orders;
  }

  /** Packs finding objects, in `orderOf` order. */
  pack(
    findings: readonly Finding[],
    orderOf: (f: Finding) => number,
    bitOf: (f: Finding) => number,
  ): Packed {
    this.start();
    const r = this.scratch;
    for (const f of findings) {
      r.order = orderOf(f);
      r.required = f.required;
      r.actual = f.actual;
      r.citation = this.citation(f);
      r.type = f.facilityType;
      r.category = f.category;
      r.unit = f.unit;
      r.status = f.status;
      r.reason = f.reason;
      r.populationEstimated = f.populationEstimated;
      r.facilityCount = f.facilityCount;
      r.excludedCount = f.excludedCount;
      r.bit = bitOf(f);
      r.alternatives = f.alternatives;
      this.row(r);
    }
    return this.finish();
  }

  bit(p: Packed, i: number): number {
    return ((p.ints[p.intAt + i * INTS + FLAGS] as number) >>> 3) & 63;
  }

  unpack(areaId: number, p: Packed, i: number): Finding {
    const d = p.ints;
    const o = p.intAt + i * INTS;
    const m = p.numAt + i * NUMS;
    const c = this.citations[d[o + RULE] as number] as Citation;
    const actual = p.nums[m + ACTUAL] as number;
    const words = d[o + WORDS] as number;
    const flags = d[o + FLAGS] as number;
    const reason = words >>> 24;
    const alt = flags >>> 9;
    return {
      residentialAreaId: areaId,
      facilityType: this.strings[words & 255] as Finding['facilityType'],
      category: this.strings[(words >>> 8) & 255] as Finding['category'],
      ruleId: c.ruleId,
      ruleCode: c.ruleCode,
      ruleVersion: c.ruleVersion,
      metric: c.metric,
      required: p.nums[m + REQUIRED] as number,
      actual: Number.isNaN(actual) ? null : actual,
      unit: this.strings[(words >>> 16) & 255] as string,
      status: STATUSES[flags & 3] as Finding['status'],
      reason: reason === 0 ? null : (this.strings[reason - 1] as Finding['reason']),
      populationEstimated: (flags & 4) !== 0,
      source: c.source,
      clause: c.clause,
      verified: c.verified,
      jurisdiction: c.jurisdiction,
      facilityCount: d[o + FACILITIES] as number,
      excludedCount: d[o + EXCLUDED] as number,
      alternatives: alt === 0 ? null : (p.alternatives?.[alt - 1] ?? null),
    };
  }

  unpackAll(areaId: number, p: Packed): Finding[] {
    const out: Finding[] = [];
    for (let i = 0; i < p.count; i++) out.push(this.unpack(areaId, p, i));
    return out;
  }
}
