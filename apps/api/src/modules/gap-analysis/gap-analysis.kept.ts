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

/**
 * An area as kept: its record, its findings, and how it is counted: the set of bits of its
 * findings (keyOf) and its cell at each level, or null while it is not counted (see putArea).
 * One entry an area, found by one lookup (issue 12: a rebuild writes 10⁵ areas, and each lookup
 * in a table that size is a wait on memory).
 */
type Entry = {
  area: KeptArea;
  findings: Packed;
  key: number;
  cells: readonly Cell[] | null;
};

/** An array of `n` zeros, of small integers (not holes, not doubles). */
function zeros(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(0);
  return out;
}

function countDown(masks: Map<number, number>, key: number): void {
  const n = (masks.get(key) ?? 0) - 1;
  if (n > 0) masks.set(key, n);
  else masks.delete(key);
}

type Cell = {
  code: string;
  areas: number;
  /**
   * Findings per bit: a plain array of small integers, on the heap. A typed array this long
   * keeps its numbers in a buffer of its own outside the heap, costly to make and to collect:
   * a rebuild of 10⁵ areas makes some 5 × 10⁴ cells (issue 12).
   */
  counts: number[];
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
  counts: readonly number[],
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
  private readonly byId = new Map<number, Entry>();
  /** Entries not counted yet (cells null). */
  private uncounted = 0;
  private readonly packer = new FindingPacker();
  /** Cells in the order their counts changed, read by kept summaries; cleared past CHANGE_LOG. */
  private changed: Cell[] = [];
  private epoch = 0;
  private readonly summaries = new Map<string, KeptSummary>();
  /** Scratch of `reaccount`: the change per bit, and the bits it touched (each listed once). */
  private readonly delta = new Int32Array(BITS);
  private readonly deltaSeen = new Uint8Array(BITS);
  private readonly deltaBits: number[] = [];
  /** Cells per level of LEVELS: the areas' region codes cut to 6, 9 and 12 digits. */
  private readonly cells: Map<string, Cell>[] = LEVELS.map(() => new Map<string, Cell>());
  /** Per region code, the cells its areas are counted in (see cellsAt). */
  private readonly cellsByCode = new Map<string, readonly Cell[]>();
  /** Each level's cells in code order, or null until read again after a cell came or went. */
  private readonly sortedCells: (Cell[] | null)[] = LEVELS.map(() => null);
  /** Areas in answer order (region code, id); rebuilt lazily after an area is added or moved. */
  private order: Entry[] = [];
  private orderCodes: string[] = [];
  private orderDirty = false;

  get areaCount(): number {
    return this.byId.size;
  }

  area(id: number): KeptArea | undefined {
    return this.byId.get(id)?.area;
  }

  findingsOf(id: number): readonly Finding[] {
    const e = this.byId.get(id);
    return e ? this.packer.unpackAll(id, e.findings) : [];
  }

  /** Every area and its findings. */
  *entries(): IterableIterator<[KeptArea, readonly Finding[]]> {
    for (const [id, e] of this.byId) yield [e.area, this.packer.unpackAll(id, e.findings)];
  }

  /**
   * Adds or changes an area (its name, region, location); its findings stay until replaced. A
   * new area is counted when its findings come, or at the next read if they have not: a rebuild
   * puts every area and then writes their findings, so each is counted once, with its findings,
   * not once empty and again (issue 12: the first analysis of 10⁵ areas).
   */
  putArea(area: KeptArea): void {
    const e = this.byId.get(area.id);
    if (!e) {
      this.byId.set(area.id, { area, findings: EMPTY, key: 0, cells: null });
      this.uncounted++;
      this.orderDirty = true;
      return;
    }
    const old = e.area;
    e.area = area;
    if (old.regionCode === area.regionCode) return;
    this.orderDirty = true;
    if (e.cells === null) return;
    this.unaccount(e);
    this.account(e);
  }

  /** Counts the areas put and not counted yet (see putArea); every answer reads after this. */
  private settle(): void {
    if (this.uncounted === 0) return;
    for (const e of this.byId.values()) if (e.cells === null) this.account(e);
  }

  /** `putArea` for many areas, in steps (platform/slices.ts). */
  *putting(areas: readonly KeptArea[]): Generator<void, void, void> {
    for (let i = 0; i < areas.length; i++) {
      this.putArea(areas[i] as KeptArea);
      if ((i + 1) % 4096 === 0) yield;
    }
  }

  removeArea(id: number): void {
    const e = this.byId.get(id);
    if (!e) return;
    this.unaccount(e);
    this.uncounted--;
    this.byId.delete(id);
    this.orderDirty = true;
  }

  /** Replaces an area's findings (kept in facility-type order). */
  setFindings(id: number, findings: readonly Finding[]): void {
    const e = this.byId.get(id);
    if (e) this.replace(e, this.packer.pack(findings, typeOrderOf, bitOf));
  }

  /**
   * A sink for a full evaluation (GapEngine.evaluateInto): each area's findings are packed as the
   * evaluation writes them, replacing what the area had. Areas not put first are skipped.
   */
  sink(): AreaFindingSink {
    const packer = this.packer;
    const row = emptyRow();
    let entry: Entry | null = null;
    return {
      begin: (id) => {
        entry = this.byId.get(id) ?? null;
        packer.start();
      },
      add: (f) => {
        if (entry === null) return;
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
      end: () => {
        if (entry !== null) this.replace(entry, packer.finish('slab'));
        entry = null;
      },
    };
  }

  private replace(e: Entry, packed: Packed): void {
    const old = e.findings;
    e.findings = packed;
    if (e.cells === null) this.account(e);
    else this.reaccount(e, old, packed);
  }

  private cellOf(level: number, code: string): Cell {
    const cells = this.cells[level] as Map<string, Cell>;
    let c = cells.get(code);
    if (!c) {
      c = { code, areas: 0, counts: zeros(BITS), masks: new Map(), rows: null };
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

  /** Counts an entry not counted (its cells null) in the cells of its region code. */
  private account(e: Entry): void {
    const findings = e.findings;
    const key = this.maskKey(findings);
    const cells = this.cellsAt(e.area.regionCode);
    for (let level = 0; level < cells.length; level++) {
      const cell = cells[level] as Cell;
      for (let i = 0; i < findings.count; i++)
        (cell.counts[this.packer.bit(findings, i)] as number)++;
      cell.areas++;
      cell.masks.set(key, (cell.masks.get(key) ?? 0) + 1);
      this.touch(cell);
    }
    e.key = key;
    e.cells = cells;
    this.uncounted--;
  }

  /**
   * The cells an area of this region code is counted in, one per level: kept per code, so an
   * area costs one lookup of its own code (whose hash the string keeps), not three new strings
   * cut from it and hashed. The list is shared by the code's areas and never changed; it is
   * dropped with any cell, which no counted area's list then holds.
   */
  private cellsAt(regionCode: string): readonly Cell[] {
    let cells = this.cellsByCode.get(regionCode);
    if (!cells) {
      cells = LEVELS.map((length, level) => this.cellOf(level, regionCode.slice(0, length)));
      this.cellsByCode.set(regionCode, cells);
    }
    return cells;
  }

  /** Takes a counted entry's findings out of its cells (it is then not counted). */
  private unaccount(e: Entry): void {
    const cells = e.cells;
    if (cells === null) return;
    const findings = e.findings;
    for (let level = 0; level < cells.length; level++) {
      const cell = cells[level] as Cell;
      for (let i = 0; i < findings.count; i++)
        (cell.counts[this.packer.bit(findings, i)] as number)--;
      cell.areas--;
      this.touch(cell);
      countDown(cell.masks, e.key);
      if (cell.areas === 0) {
        (this.cells[level] as Map<string, Cell>).delete(cell.code);
        this.sortedCells[level] = null;
        this.cellsByCode.clear();
      }
    }
    e.cells = null;
    this.uncounted++;
  }

  /**
   * Moves a counted area's counts from its old findings to its new ones, in the cells it
   * is counted in (it stays in them, so none comes or goes).
   */
  private reaccount(a: Entry, old: Packed, findings: Packed): void {
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
    for (const cell of a.cells as readonly Cell[]) {
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

  private maskKey(findings: Packed): number {
    const mask: BitSet = { lo: 0, hi: 0 };
    for (let i = 0; i < findings.count; i++) addBit(mask, this.packer.bit(findings, i));
    return keyOf(mask);
  }

  private ensureOrder(): void {
    if (!this.orderDirty && this.order.length === this.byId.size) return;
    const list = [...this.byId.values()];
    // Region codes are digits of one length per level, so a plain comparison orders them.
    list.sort((x, y) => {
      const a = x.area;
      const b = y.area;
      return a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.id - b.id;
    });
    this.order = list;
    this.orderCodes = list.map((e) => e.area.regionCode);
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
      const e = this.order[i] as Entry;
      const id = e.area.id;
      const passing: Finding[] = [];
      if (intersects(e.key, allowed.set)) {
        const p = e.findings;
        for (let k = 0; k < p.count; k++)
          if (allowed.bits[this.packer.bit(p, k)] === 1) passing.push(this.packer.unpack(id, p, k));
      }
      if (visit(e.area, passing) === false) return;
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
      const e = this.order[i] as Entry;
      if (!intersects(e.key, allowed.set)) continue;
      const area = e.area;
      const id = area.id;
      const p = e.findings;
      // An area all of whose findings pass is skipped whole while the page has not started.
      if (skip >= p.count && within(e.key, allowed.set)) {
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
