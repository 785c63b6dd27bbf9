import {
  CATEGORY_CODES,
  FACILITY_TYPE_CODES,
  type CategoryCode,
  type Finding,
  statusPasses,
  type FindingStatus,
  type FindingStatusFilter,
} from '@zibo/shared';
import { EMPTY, FindingPacker, emptyRow, type Packed } from './gap-analysis.packed.ts';
import type { AreaFindingSink } from './engine/evaluate.ts';

/*
 * The findings kept in the shape the answers read (issue 12): per region code ("cell", an area's
 * code cut to district, street and community), counts of findings by category × status × verified and, per
 * combination of those an area has, how many areas have it; and the areas in answer order
 * (region code, then id), each with its findings in facility-type order. A summary is then a
 * walk over the cells of the scope, and a page a walk from the first area of the scope, with no
 * sort of the findings. Everything is patched as findings change, one area at a time.
 */

export type KeptArea = {
  id: number;
  name: string;
  regionCode: string;
  lon: number | null;
  lat: number | null;
};

const STATUS_INDEX: Record<FindingStatus, number> = { met: 0, short: 1, missing: 2 };
const CATEGORY_INDEX = new Map<string, number>(CATEGORY_CODES.map((c, i) => [c, i]));
const TYPE_ORDER = new Map<string, number>(FACILITY_TYPE_CODES.map((t, i) => [t, i]));
/** Bit of a (category, status, verified) combination: 6 categories × 3 statuses × 2 = 36. */
const BITS = CATEGORY_CODES.length * 6;
const HALF = 18;
const HALF_SCALE = 2 ** HALF;

function bitFor(category: string, status: FindingStatus, verified: boolean): number {
  return (CATEGORY_INDEX.get(category) ?? 0) * 6 + STATUS_INDEX[status] * 2 + (verified ? 0 : 1);
}

function bitOf(f: Finding): number {
  return bitFor(f.category, f.status, f.verified);
}

function typeOrderOf(f: Finding): number {
  return TYPE_ORDER.get(f.facilityType) ?? 0;
}

/** A set of the 36 bits as two 18-bit halves, so plain bitwise operators apply. */
type BitSet = { lo: number; hi: number };

function addBit(s: BitSet, bit: number): void {
  if (bit < HALF) s.lo |= 1 << bit;
  else s.hi |= 1 << (bit - HALF);
}

function keyOf(s: BitSet): number {
  return s.hi * HALF_SCALE + s.lo;
}

function intersects(key: number, s: BitSet): boolean {
  const lo = key % HALF_SCALE;
  const hi = (key - lo) / HALF_SCALE;
  return (lo & s.lo) !== 0 || (hi & s.hi) !== 0;
}

/** Region code lengths kept: district, street, community (an area's code is a community's). */
const LEVELS = [6, 9, 12] as const;

/** Whether every bit of `key` is in `s`. */
function within(key: number, s: BitSet): boolean {
  const lo = key % HALF_SCALE;
  const hi = (key - lo) / HALF_SCALE;
  return (lo & ~s.lo) === 0 && (hi & ~s.hi) === 0;
}

/** An area as counted: the set of bits of its findings (keyOf) and its cell at each level. */
type Accounted = { key: number; cells: Cell[] };

function countDown(masks: Map<number, number>, key: number): void {
  const n = (masks.get(key) ?? 0) - 1;
  if (n > 0) masks.set(key, n);
  else masks.delete(key);
}

type Cell = {
  code: string;
  areas: number;
  /** Findings per bit. */
  counts: Int32Array;
  /** Areas per set of bits their findings have. */
  masks: Map<number, number>;
  /** This cell's summary row per filter (by its set of bits), dropped when the cell changes. */
  rows: Map<number, SummaryRow> | null;
};

/** Which findings an answer counts: categories, statuses, verified only. */
export type KeptFilter = {
  categories: ReadonlySet<string>;
  status?: FindingStatusFilter | undefined;
  verifiedOnly?: boolean | undefined;
};

type Allowed = { bits: Uint8Array; set: BitSet; gaps: BitSet };

function allowedOf(f: KeptFilter): Allowed {
  const bits = new Uint8Array(BITS);
  const set: BitSet = { lo: 0, hi: 0 };
  const gaps: BitSet = { lo: 0, hi: 0 };
  for (const [c, ci] of CATEGORY_INDEX) {
    if (!f.categories.has(c)) continue;
    for (const [s, si] of Object.entries(STATUS_INDEX)) {
      if (!statusPasses(f.status, s as FindingStatus)) continue;
      for (const unverified of f.verifiedOnly ? [0] : [0, 1]) {
        const bit = ci * 6 + si * 2 + unverified;
        bits[bit] = 1;
        addBit(set, bit);
        if (s !== 'met') addBit(gaps, bit);
      }
    }
  }
  return { bits, set, gaps };
}

function restrict(s: BitSet, category: number): BitSet {
  const only: BitSet = { lo: 0, hi: 0 };
  for (let b = category * 6; b < category * 6 + 6; b++) {
    const inSet = b < HALF ? (s.lo >> b) & 1 : (s.hi >> (b - HALF)) & 1;
    if (inSet) addBit(only, b);
  }
  return only;
}

export type Counts = { met: number; short: number; missing: number };

export type SummaryRow = Counts & {
  code: string;
  areas: number;
  areasWithGaps: number;
  unverified: number;
};

/** Adds a cell's counts of the allowed bits in [from, to) to a row. */
function addCounts(
  r: SummaryRow,
  allowed: Allowed,
  counts: Int32Array,
  from: number,
  to: number,
): void {
  for (let b = from; b < to; b++) {
    if (!allowed.bits[b]) continue;
    const n = counts[b] as number;
    if (n === 0) continue;
    const status = (b % 6) >> 1;
    if (status === 0) r.met += n;
    else if (status === 1) r.short += n;
    else r.missing += n;
    if (b & 1) r.unverified += n;
  }
}

/** A cell's row for a filter, kept with the cell until the cell changes. */
function cellRow(cell: Cell, allowed: Allowed, filterKey: number): SummaryRow {
  let row = cell.rows?.get(filterKey);
  if (!row) {
    row = {
      code: cell.code,
      areas: cell.areas,
      areasWithGaps: 0,
      met: 0,
      short: 0,
      missing: 0,
      unverified: 0,
    };
    addCounts(row, allowed, cell.counts, 0, BITS);
    for (const [key, n] of cell.masks) if (intersects(key, allowed.gaps)) row.areasWithGaps += n;
    (cell.rows ??= new Map()).set(filterKey, row);
  }
  return row;
}

/** A summary kept until a cell of its level comes or goes (see summaryBy). */
type KeptSummary = {
  /** The sorted cells it was made from (a new array once a cell came or went). */
  level: readonly Cell[];
  epoch: number;
  /** How much of the change log it has read. */
  mark: number;
  rows: SummaryRow[];
  /** Each cell's row. */
  index: Map<Cell, number>;
};
const KEPT_SUMMARIES = 64;
const CHANGE_LOG = 8192;

export class KeptFindings {
  private readonly areas = new Map<number, KeptArea>();
  private readonly findings = new Map<number, Packed>();
  private readonly packer = new FindingPacker();
  /** Cells in the order their counts changed, read by kept summaries; cleared past CHANGE_LOG. */
  private changed: Cell[] = [];
  private epoch = 0;
  private readonly summaries = new Map<string, KeptSummary>();
  /** Per area: the set of bits its findings have, and the cells it is counted in. */
  private readonly accounted = new Map<number, Accounted>();
  /** Scratch of `reaccount`: the change per bit, and the bits it touched (each listed once). */
  private readonly delta = new Int32Array(BITS);
  private readonly deltaSeen = new Uint8Array(BITS);
  private readonly deltaBits: number[] = [];
  /** Cells per level of LEVELS: the areas' region codes cut to 6, 9 and 12 digits. */
  private readonly cells: Map<string, Cell>[] = LEVELS.map(() => new Map<string, Cell>());
  /** Each level's cells in code order, or null until read again after a cell came or went. */
  private readonly sortedCells: (Cell[] | null)[] = LEVELS.map(() => null);
  /** Area ids in answer order (region code, id); rebuilt lazily after an area is added or moved. */
  private order: number[] = [];
  private orderCodes: string[] = [];
  private orderDirty = false;

  get areaCount(): number {
    return this.areas.size;
  }

  area(id: number): KeptArea | undefined {
    return this.areas.get(id);
  }

  findingsOf(id: number): readonly Finding[] {
    const p = this.findings.get(id);
    return p ? this.packer.unpackAll(id, p) : [];
  }

  /** Every area and its findings. */
  *entries(): IterableIterator<[KeptArea, readonly Finding[]]> {
    for (const [id, a] of this.areas) yield [a, this.findingsOf(id)];
  }

  /**
   * Adds or changes an area (its name, region, location); its findings stay until replaced. A
   * new area is counted when its findings come, or at the next read if they have not: a rebuild
   * puts every area and then writes their findings, so each is counted once, with its findings,
   * not once empty and again (issue 12: the first analysis of 10⁵ areas).
   */
  putArea(area: KeptArea): void {
    const old = this.areas.get(area.id);
    this.areas.set(area.id, area);
    if (old && old.regionCode === area.regionCode) return;
    this.orderDirty = true;
    if (!old) return;
    const findings = this.findings.get(area.id) ?? EMPTY;
    this.unaccount(old, findings);
    this.account(area, findings);
  }

  /** Counts the areas put and not counted yet (see putArea); every answer reads after this. */
  private settle(): void {
    if (this.accounted.size === this.areas.size) return;
    for (const [id, area] of this.areas)
      if (!this.accounted.has(id)) this.account(area, this.findings.get(id) ?? EMPTY);
  }

  /** `putArea` for many areas, in steps (platform/slices.ts). */
  *putting(areas: readonly KeptArea[]): Generator<void, void, void> {
    for (let i = 0; i < areas.length; i++) {
      this.putArea(areas[i] as KeptArea);
      if ((i + 1) % 4096 === 0) yield;
    }
  }

  removeArea(id: number): void {
    const old = this.areas.get(id);
    if (!old) return;
    this.unaccount(old, this.findings.get(id) ?? EMPTY);
    this.areas.delete(id);
    this.findings.delete(id);
    this.orderDirty = true;
  }

  /** Replaces an area's findings (kept in facility-type order). */
  setFindings(id: number, findings: readonly Finding[]): void {
    if (!this.areas.has(id)) return;
    this.replace(id, this.packer.pack(findings, typeOrderOf, bitOf));
  }

  /**
   * A sink for a full evaluation (GapEngine.evaluateInto): each area's findings are packed as the
   * evaluation writes them, replacing what the area had. Areas not put first are skipped.
   */
  sink(): AreaFindingSink {
    const packer = this.packer;
    const row = emptyRow();
    let skip = false;
    return {
      begin: (id) => {
        skip = !this.areas.has(id);
        packer.start();
      },
      add: (f) => {
        if (skip) return;
        row.order = TYPE_ORDER.get(f.type) ?? 0;
        row.required = f.required;
        row.actual = f.actual;
        row.citation = packer.ruleCitation(f.rule.rule);
        row.type = f.type;
        row.category = f.category;
        row.unit = f.unit;
        row.status = f.status;
        row.reason = f.reason;
        row.populationEstimated = f.populationEstimated;
        row.facilityCount = f.facilityCount;
        row.excludedCount = f.excludedCount;
        row.bit = bitFor(f.category, f.status, f.rule.rule.verified);
        row.alternatives = f.alternatives;
        packer.row(row);
      },
      end: (id) => {
        if (!skip) this.replace(id, packer.finish('slab'));
      },
    };
  }

  private replace(id: number, packed: Packed): void {
    const old = this.findings.get(id) ?? EMPTY;
    this.findings.set(id, packed);
    const a = this.accounted.get(id);
    if (a) this.reaccount(a, old, packed);
    else this.account(this.areas.get(id) as KeptArea, packed);
  }

  private cellOf(level: number, code: string): Cell {
    const cells = this.cells[level] as Map<string, Cell>;
    let c = cells.get(code);
    if (!c) {
      c = { code, areas: 0, counts: new Int32Array(BITS), masks: new Map(), rows: null };
      cells.set(code, c);
      this.sortedCells[level] = null;
    }
    return c;
  }

  /**
   * The region's cells to read when grouping by `length` (the coarsest level that fits), in code
   * order: kept sorted between the changes that add or drop a cell, so a summary by
   * community neither hashes nor sorts ten thousand codes.
   */
  private cellsFor(region: string, length: number): readonly Cell[] {
    const sorted = this.sortedLevel(region, length);
    if (region === '') return sorted;
    // The region's cells: from the first code at or after the region's, while they start with it.
    const first = (from: number, below: (code: string) => boolean) => {
      let lo = from;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (below((sorted[mid] as Cell).code)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const lo = first(0, (code) => code < region);
    const hi = first(lo, (code) => code.startsWith(region));
    return sorted.slice(lo, hi);
  }

  private sortedLevel(region: string, length: number): readonly Cell[] {
    const need = Math.max(region.length, length);
    const found = LEVELS.findIndex((l) => l >= need);
    const level = found < 0 ? LEVELS.length - 1 : found;
    let sorted = this.sortedCells[level];
    if (!sorted) {
      // Codes of one level are digits of one length: a plain comparison orders them.
      sorted = [...(this.cells[level] as Map<string, Cell>).values()].sort((a, b) =>
        a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
      );
      this.sortedCells[level] = sorted;
    }
    return sorted;
  }

  private account(area: KeptArea, findings: Packed): void {
    const key = this.maskKey(findings);
    const cells: Cell[] = [];
    for (let level = 0; level < LEVELS.length; level++) {
      const cell = this.cellOf(level, area.regionCode.slice(0, LEVELS[level]));
      for (let i = 0; i < findings.count; i++)
        (cell.counts[this.packer.bit(findings, i)] as number)++;
      cell.areas++;
      cell.masks.set(key, (cell.masks.get(key) ?? 0) + 1);
      this.touch(cell);
      cells.push(cell);
    }
    this.accounted.set(area.id, { key, cells });
  }

  private unaccount(area: KeptArea, findings: Packed): void {
    const a = this.accounted.get(area.id);
    if (!a) return;
    for (let level = 0; level < LEVELS.length; level++) {
      const cell = a.cells[level] as Cell;
      for (let i = 0; i < findings.count; i++)
        (cell.counts[this.packer.bit(findings, i)] as number)--;
      cell.areas--;
      this.touch(cell);
      countDown(cell.masks, a.key);
      if (cell.areas === 0) {
        (this.cells[level] as Map<string, Cell>).delete(cell.code);
        this.sortedCells[level] = null;
      }
    }
    this.accounted.delete(area.id);
  }

  /**
   * Moves an accounted area's counts from its old findings to its new ones, in the cells it
   * is counted in (it stays in them, so none comes or goes).
   */
  private reaccount(a: Accounted, old: Packed, findings: Packed): void {
    const key = this.maskKey(findings);
    // The change per bit, worked out once and then added to each of the area's cells.
    const delta = this.delta;
    const bits = this.deltaBits;
    bits.length = 0;
    const seen = this.deltaSeen;
    // Old findings count −1 and new ones +1 (a loop, not a closure: an area at a time).
    for (let i = -old.count; i < findings.count; i++) {
      const bit = i < 0 ? this.packer.bit(old, -i - 1) : this.packer.bit(findings, i);
      if (seen[bit] === 0) {
        seen[bit] = 1;
        bits.push(bit);
      }
      (delta[bit] as number) += i < 0 ? -1 : 1;
    }
    for (const cell of a.cells) {
      for (const bit of bits) (cell.counts[bit] as number) += delta[bit] as number;
      if (key !== a.key) {
        countDown(cell.masks, a.key);
        cell.masks.set(key, (cell.masks.get(key) ?? 0) + 1);
      }
      this.touch(cell);
    }
    for (const bit of bits) delta[bit] = seen[bit] = 0;
    a.key = key;
  }

  private keyOf(id: number): number {
    return this.accounted.get(id)?.key ?? 0;
  }

  private maskKey(findings: Packed): number {
    const mask: BitSet = { lo: 0, hi: 0 };
    for (let i = 0; i < findings.count; i++) addBit(mask, this.packer.bit(findings, i));
    return keyOf(mask);
  }

  private ensureOrder(): void {
    if (!this.orderDirty && this.order.length === this.areas.size) return;
    const list = [...this.areas.values()];
    // Region codes are digits of one length per level, so a plain comparison orders them.
    list.sort((a, b) =>
      a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.id - b.id,
    );
    this.order = list.map((a) => a.id);
    this.orderCodes = list.map((a) => a.regionCode);
    this.orderDirty = false;
  }

  /** The position of the first area whose region code is ≥ `prefix`. */
  private firstAt(prefix: string): number {
    let lo = 0;
    let hi = this.orderCodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.orderCodes[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The areas of a region (all when `region` is ''), in answer order, each with its findings
   * that pass the filter. Stops when `visit` returns false.
   */
  walk(
    region: string,
    filter: KeptFilter,
    visit: (area: KeptArea, findings: readonly Finding[]) => boolean | void,
  ): void {
    this.settle();
    this.ensureOrder();
    const allowed = allowedOf(filter);
    for (let i = this.firstAt(region); i < this.order.length; i++) {
      if (!(this.orderCodes[i] as string).startsWith(region)) break;
      const id = this.order[i] as number;
      const area = this.areas.get(id) as KeptArea;
      const key = this.keyOf(id);
      const passing: Finding[] = [];
      if (intersects(key, allowed.set)) {
        const p = this.findings.get(id) ?? EMPTY;
        for (let k = 0; k < p.count; k++)
          if (allowed.bits[this.packer.bit(p, k)] === 1) passing.push(this.packer.unpack(id, p, k));
      }
      if (visit(area, passing) === false) return;
    }
  }

  /** A page of the findings of a region, in answer order, without building the rest. */
  page(region: string, filter: KeptFilter, start: number, size: number) {
    this.settle();
    const out: { finding: Finding; area: KeptArea }[] = [];
    this.ensureOrder();
    const allowed = allowedOf(filter);
    let skip = start;
    for (let i = this.firstAt(region); i < this.order.length && out.length < size; i++) {
      if (!(this.orderCodes[i] as string).startsWith(region)) break;
      const id = this.order[i] as number;
      if (!intersects(this.keyOf(id), allowed.set)) continue;
      const area = this.areas.get(id) as KeptArea;
      const p = this.findings.get(id) ?? EMPTY;
      // An area all of whose findings pass is skipped whole while the page has not started.
      if (skip >= p.count && within(this.keyOf(id), allowed.set)) {
        skip -= p.count;
        continue;
      }
      for (let k = 0; k < p.count; k++) {
        if (allowed.bits[this.packer.bit(p, k)] !== 1) continue;
        if (skip > 0) skip--;
        else if (out.length < size) out.push({ finding: this.packer.unpack(id, p, k), area });
      }
    }
    return out;
  }

  /** Totals of a region: areas, findings by category × status, with the unverified ones. */
  totals(region: string, filter: KeptFilter) {
    this.settle();
    const allowed = allowedOf(filter);
    let areas = 0;
    const counts = new Int32Array(BITS);
    for (const cell of this.cellsFor(region, 0)) {
      areas += cell.areas;
      for (let b = 0; b < BITS; b++) if (allowed.bits[b]) counts[b]! += cell.counts[b] as number;
    }
    const byCategory = new Map<CategoryCode, Counts & { unverified: Counts }>();
    for (const [c, ci] of CATEGORY_INDEX) {
      byCategory.set(c as CategoryCode, {
        met: (counts[ci * 6] as number) + (counts[ci * 6 + 1] as number),
        short: (counts[ci * 6 + 2] as number) + (counts[ci * 6 + 3] as number),
        missing: (counts[ci * 6 + 4] as number) + (counts[ci * 6 + 5] as number),
        unverified: {
          met: counts[ci * 6 + 1] as number,
          short: counts[ci * 6 + 3] as number,
          missing: counts[ci * 6 + 5] as number,
        },
      });
    }
    return { areas, byCategory };
  }

  /**
   * Rows by region code of `length` digits, in code order. Cells come in code order, so each
   * row's cells are next to each other: the rows are made in order, with no map and no sort. An
   * answer whose rows are one cell each is kept, and the next asks only the cells changed since
   * (by the log `touch` writes) for their rows: a summary of 5·10⁴ communities after an edit
   * recounts one.
   */
  private summaryBy(region: string, length: number, allowed: Allowed): SummaryRow[] {
    const filterKey = keyOf(allowed.set);
    const level = this.sortedLevel(region, length);
    const key = `${region}|${length}|${filterKey}`;
    const kept = this.summaries.get(key);
    if (kept && kept.level === level && kept.epoch === this.epoch) {
      if (kept.mark === this.changed.length) return kept.rows;
      // Answers are shared with their readers, so a changed one is a copy.
      const rows = kept.rows.slice();
      for (let i = kept.mark; i < this.changed.length; i++) {
        const cell = this.changed[i] as Cell;
        const at = kept.index.get(cell);
        if (at !== undefined) rows[at] = cellRow(cell, allowed, filterKey);
      }
      kept.rows = rows;
      kept.mark = this.changed.length;
      return rows;
    }
    const out: SummaryRow[] = [];
    const index = new Map<Cell, number>();
    let r: SummaryRow | null = null;
    for (const cell of this.cellsFor(region, length)) {
      const code = cell.code.length === length ? cell.code : cell.code.slice(0, length);
      if (code === cell.code) {
        // A row of one cell: kept with the cell until it changes (rows are not changed by
        // their readers), so a summary by community recounts only the communities that moved.
        index.set(cell, out.length);
        out.push(cellRow(cell, allowed, filterKey));
        r = null;
        continue;
      }
      if (!r || r.code !== code) {
        r = { code, areas: 0, areasWithGaps: 0, met: 0, short: 0, missing: 0, unverified: 0 };
        out.push(r);
      }
      r.areas += cell.areas;
      addCounts(r, allowed, cell.counts, 0, BITS);
      for (const [key, n] of cell.masks) if (intersects(key, allowed.gaps)) r.areasWithGaps += n;
    }
    if (index.size === out.length) {
      if (this.summaries.size >= KEPT_SUMMARIES) this.summaries.clear();
      const mark = this.changed.length;
      this.summaries.set(key, { level, epoch: this.epoch, mark, rows: out, index });
    }
    return out;
  }

  /** A cell's counts changed: its rows are stale, and kept summaries re-read it. */
  private touch(cell: Cell): void {
    cell.rows = null;
    this.changed.push(cell);
    if (this.changed.length > CHANGE_LOG) {
      // A rebuild touches every cell: past this, kept summaries are made anew.
      this.changed = [];
      this.epoch++;
      this.summaries.clear();
    }
  }

  /**
   * Rows by region prefix length (`length`) or by category (`length` null): areas, areas with
   * a gap, findings by status and how many rest on unverified rules. Region rows count every
   * area of the scope; category rows the areas with a finding of the category.
   */
  summary(region: string, filter: KeptFilter, length: number | null): SummaryRow[] {
    this.settle();
    const allowed = allowedOf(filter);
    const rows = new Map<string, SummaryRow>();
    const rowOf = (code: string) => {
      let r = rows.get(code);
      if (!r) {
        r = { code, areas: 0, areasWithGaps: 0, met: 0, short: 0, missing: 0, unverified: 0 };
        rows.set(code, r);
      }
      return r;
    };
    if (length !== null) return this.summaryBy(region, length, allowed);
    for (const cell of this.cellsFor(region, 0)) {
      for (const [c, ci] of CATEGORY_INDEX) {
        if (!filter.categories.has(c)) continue;
        const set = restrict(allowed.set, ci);
        const gaps = restrict(allowed.gaps, ci);
        let areas = 0;
        let withGaps = 0;
        for (const [key, n] of cell.masks) {
          if (intersects(key, set)) areas += n;
          if (intersects(key, gaps)) withGaps += n;
        }
        if (areas === 0) continue;
        const r = rowOf(c);
        r.areas += areas;
        r.areasWithGaps += withGaps;
        addCounts(r, allowed, cell.counts, ci * 6, ci * 6 + 6);
      }
    }
    // Region codes are digits and category codes plain lowercase words: a plain comparison
    // orders them as localeCompare did, without its cost on tens of thousands of communities.
    return [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
}
