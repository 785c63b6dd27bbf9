import {
  LOCAL_MAX_LATITUDE,
  LOCAL_MAX_RADIUS,
  boundingBox,
  boxLatitudeReach,
  boxLongitudePerMetre,
  boxReach,
  parallelRadius,
  type Box,
  exactDistance,
  localDecision,
} from './geodesy.ts';

export type LonLat = { lon: number; lat: number };
/**
 * A point to index, carrying the item a query hands back (e.g. the facility) and a small tag
 * (0–255) handed back beside it, so a caller can filter hits without touching the items.
 */
export type IndexedPoint<T> = { id: number; lon: number; lat: number; item: T; tag?: number };
/** A point found within a radius, with its distance in metres and its tag. */
export type Hit<T> = { id: number; distance: number; item: T; tag: number };
/**
 * Points found within a radius, nearest first: `ids[i]`, `items[i]` at `distances[i]` metres
 * for i < count. Reused from query to query so a full evaluation allocates nothing per query.
 */
export type NearBuffer<T> = {
  count: number;
  ids: number[];
  items: T[];
  tags: number[];
  distances: number[];
};

export function createNearBuffer<T>(): NearBuffer<T> {
  return { count: 0, ids: [], items: [], tags: [], distances: [] };
}

/**
 * Inserts keeping the buffer nearest first, equal distances by id (buffers hold a handful of
 * points), so the order does not depend on how the index stores its points.
 */
export function insertNear<T>(
  out: NearBuffer<T>,
  id: number,
  item: T,
  tag: number,
  distance: number,
): void {
  let i = out.count++;
  while (i > 0) {
    const before = out.distances[i - 1] as number;
    if (before < distance || (before === distance && (out.ids[i - 1] as number) < id)) break;
    out.distances[i] = out.distances[i - 1] as number;
    out.ids[i] = out.ids[i - 1] as number;
    out.items[i] = out.items[i - 1] as T;
    out.tags[i] = out.tags[i - 1] as number;
    i--;
  }
  out.distances[i] = distance;
  out.ids[i] = id;
  out.items[i] = item;
  out.tags[i] = tag;
}

function hitsOf<T>(buffer: NearBuffer<T>): Hit<T>[] {
  const hits: Hit<T>[] = [];
  for (let i = 0; i < buffer.count; i++) {
    hits.push({
      id: buffer.ids[i] as number,
      distance: buffer.distances[i] as number,
      item: buffer.items[i] as T,
      tag: buffer.tags[i] as number,
    });
  }
  return hits;
}

type Entry<T> = { lon: number; lat: number; item: T; tag: number };

/** Points as columns, filled by `addPoint` up to the capacity given to `pointColumns`. */
export type PointColumns<T> = {
  count: number;
  ids: Int32Array;
  lons: Float64Array;
  lats: Float64Array;
  items: T[];
  tags: Uint8Array;
};

export function pointColumns<T>(capacity: number): PointColumns<T> {
  return {
    count: 0,
    ids: new Int32Array(capacity),
    lons: new Float64Array(capacity),
    lats: new Float64Array(capacity),
    items: [],
    tags: new Uint8Array(capacity),
  };
}

export function addPoint<T>(
  c: PointColumns<T>,
  id: number,
  lon: number,
  lat: number,
  item: T,
  tag: number,
): void {
  const i = c.count++;
  c.ids[i] = id;
  c.lons[i] = lon;
  c.lats[i] = lat;
  c.items.push(item);
  c.tags[i] = tag;
}

/** The cell side when the caller gives none: about the service radii the engine asks for. */
const DEFAULT_CELL_METRES = 1_000;
/** At most this many cells per point (and a few more): a sparse extent gets larger cells. */
const CELLS_PER_POINT = 4;
const METRES_PER_DEGREE = 111_320;
const BOX: Box = { minLon: 0, minLat: 0, maxLon: 0, maxLat: 0, wrapsAll: false };

/**
 * Points (facilities of one type, or areas) in a static grid over longitude/latitude, built
 * once; edits go to a small overlay folded into a rebuilt grid once it grows. `within` answers
 * exactly by the WGS-84 ellipsoidal distance: the grid picks candidates in a box that provably
 * holds the whole radius, the local flat-earth distance settles candidates farther from the
 * radius than its error bound, and Vincenty/Karney settles the rest.
 *
 * The grid: cells about `cellMetres` on a side (the radius queries will ask for), rows of cells
 * numbered west to east, and the points stored cell by cell (a counting sort at build), so the
 * cells of one row that a box overlaps hold one contiguous run of points. A query reads one
 * run per row of the box, usually two or three: a city's evaluation asks 27,000 radius
 * questions that mostly find nothing, and a k-d tree's descent cost more than the answers
 * (issue 12: the full evaluation against tuned PostGIS).
 */
export class PointIndex<T> {
  /** Per slot (cell order): the point; typed arrays keep the heap small. */
  private slotIds: Int32Array = new Int32Array(0);
  private slotLons: Float64Array = new Float64Array(0);
  private slotLats: Float64Array = new Float64Array(0);
  private slotItems: T[] = [];
  private slotTags: Uint8Array = new Uint8Array(0);
  private readonly slotOf = new Map<number, number>();
  /** The grid: cell (row, col) holds slots cellStart[row·cols + col] .. cellStart[… + 1]. */
  private cellStart: Int32Array = new Int32Array(1);
  private originLon = 0;
  private originLat = 0;
  private cellLon = 1;
  private cellLat = 1;
  /** Cells per degree (1 / cellLon, 1 / cellLat): a query multiplies where it would divide. */
  private lonScale = 1;
  private latScale = 1;
  private cols = 0;
  private rows = 0;
  /**
   * The box of a query from the grid's latitudes (bandFrom..bandTo) for at most `bandRadius`
   * metres is made without trigonometry: every such box reaches at most `boxLatitudeReach(
   * bandRadius)` beyond those latitudes, so the parallel there farthest from the equator is the
   * narrowest any of them meets, and the width it gives (`bandLonPerMetre` degrees a metre)
   * holds the circle (geodesy.ts, boundingBox). A city's queries all qualify; −1: none do.
   */
  private bandFrom = 0;
  private bandTo = 0;
  private bandRadius = -1;
  private bandLonPerMetre = 0;
  /** Grid points removed or moved since the last rebuild. */
  private readonly stale = new Set<number>();
  /** Points added or moved since the last rebuild. */
  private readonly overlay = new Map<number, Entry<T>>();
  private count = 0;
  /** How many exact distance computations the index has made (for benchmarks and tests). */
  exactCalls = 0;

  /** `cellMetres`: the radius the index will mostly be asked about (the grid's cell side). */
  constructor(
    points: Iterable<IndexedPoint<T>> = [],
    private readonly cellMetres = DEFAULT_CELL_METRES,
  ) {
    this.build(points);
  }

  get size(): number {
    return this.count;
  }

  get(id: number): Entry<T> | undefined {
    const moved = this.overlay.get(id);
    if (moved) return moved;
    const slot = this.slotOf.get(id);
    if (slot === undefined || this.stale.has(id)) return undefined;
    return {
      lon: this.slotLons[slot] as number,
      lat: this.slotLats[slot] as number,
      item: this.slotItems[slot] as T,
      tag: this.slotTags[slot] as number,
    };
  }

  upsert(p: IndexedPoint<T>): void {
    if (!this.has(p.id)) this.count++;
    if (this.slotOf.has(p.id)) this.stale.add(p.id);
    this.overlay.set(p.id, { lon: p.lon, lat: p.lat, item: p.item, tag: p.tag ?? 0 });
    this.rebuildIfOverlayLarge();
  }

  remove(id: number): void {
    if (!this.has(id)) return;
    this.count--;
    if (this.slotOf.has(id)) this.stale.add(id);
    this.overlay.delete(id);
    this.rebuildIfOverlayLarge();
  }

  /** Folds the overlay into a freshly built grid. */
  rebuild(): void {
    this.build(this.current());
  }

  private has(id: number): boolean {
    return this.overlay.has(id) || (this.slotOf.has(id) && !this.stale.has(id));
  }

  private *current(): Generator<IndexedPoint<T>> {
    for (let slot = 0; slot < this.slotIds.length; slot++) {
      const id = this.slotIds[slot] as number;
      if (this.stale.has(id)) continue;
      yield {
        id,
        lon: this.slotLons[slot] as number,
        lat: this.slotLats[slot] as number,
        item: this.slotItems[slot] as T,
        tag: this.slotTags[slot],
      };
    }
    for (const [id, p] of this.overlay) yield { id, ...p };
  }

  private build(points: Iterable<IndexedPoint<T>>): void {
    const unique = new Map<number, IndexedPoint<T>>();
    for (const p of points) unique.set(p.id, p);
    const columns = pointColumns<T>(unique.size);
    for (const p of unique.values()) addPoint(columns, p.id, p.lon, p.lat, p.item, p.tag ?? 0);
    this.install(columns);
  }

  /**
   * An index over points given as columns (ids unique: the caller's own keys), built without a
   * point object per entry: how the engine loads a city's facilities.
   */
  static fromColumns<T>(columns: PointColumns<T>, cellMetres?: number): PointIndex<T> {
    const index = new PointIndex<T>([], cellMetres);
    index.install(columns);
    return index;
  }

  private install(c: PointColumns<T>): void {
    const n = c.count;
    this.slotOf.clear();
    this.stale.clear();
    this.overlay.clear();
    this.count = n;
    this.shapeGrid(c);
    // Counting sort by cell: slots in cell order, so a row's cells are one run.
    const cellOf = new Int32Array(n);
    const start = new Int32Array(this.cols * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const cell = this.rowOf(c.lats[i] as number) * this.cols + this.colOf(c.lons[i] as number);
      cellOf[i] = cell;
      (start[cell + 1] as number)++;
    }
    for (let k = 1; k < start.length; k++)
      start[k] = (start[k] as number) + (start[k - 1] as number);
    const next = start.slice(0, start.length - 1);
    const ids = new Int32Array(n);
    const lons = new Float64Array(n);
    const lats = new Float64Array(n);
    const tags = new Uint8Array(n);
    const items = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      const slot = (next[cellOf[i] as number] as number)++;
      ids[slot] = c.ids[i] as number;
      lons[slot] = c.lons[i] as number;
      lats[slot] = c.lats[i] as number;
      tags[slot] = c.tags[i] as number;
      items[slot] = c.items[i] as T;
      this.slotOf.set(c.ids[i] as number, slot);
    }
    this.cellStart = start;
    this.slotIds = ids;
    this.slotLons = lons;
    this.slotLats = lats;
    this.slotTags = tags;
    this.slotItems = items;
  }

  /** The grid's origin, cell size and shape for these points (cells ≈ cellMetres, capped). */
  private shapeGrid(c: PointColumns<T>): void {
    const n = c.count;
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (let i = 0; i < n; i++) {
      const lon = c.lons[i] as number;
      const lat = c.lats[i] as number;
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
    this.bandRadius = -1;
    if (n === 0) {
      this.originLon = this.originLat = 0;
      this.cellLon = this.cellLat = 1;
      this.lonScale = this.latScale = 1;
      this.cols = this.rows = 1;
      return;
    }
    const metres = this.cellMetres > 0 ? this.cellMetres : DEFAULT_CELL_METRES;
    const far = Math.max(Math.abs(minLat), Math.abs(maxLat)) + boxLatitudeReach(metres);
    if (far < 90) {
      this.bandFrom = minLat;
      this.bandTo = maxLat;
      this.bandRadius = metres;
      this.bandLonPerMetre = boxLongitudePerMetre(parallelRadius(far));
    }
    const midLat = (minLat + maxLat) / 2;
    let cellLat = metres / METRES_PER_DEGREE;
    let cellLon = cellLat / Math.max(0.05, Math.cos((midLat * Math.PI) / 180));
    const spanLon = maxLon - minLon;
    const spanLat = maxLat - minLat;
    const cells = (spanLon / cellLon + 1) * (spanLat / cellLat + 1);
    const most = CELLS_PER_POINT * n + 64;
    if (cells > most) {
      const grow = Math.sqrt(cells / most) * 1.01;
      cellLon *= grow;
      cellLat *= grow;
    }
    this.originLon = minLon;
    this.originLat = minLat;
    this.cellLon = cellLon;
    this.cellLat = cellLat;
    this.lonScale = 1 / cellLon;
    this.latScale = 1 / cellLat;
    this.cols = Math.floor(spanLon / cellLon) + 1;
    this.rows = Math.floor(spanLat / cellLat) + 1;
  }

  /** The column of a longitude, clamped to the grid (a box's edge may lie outside it). */
  private colOf(lon: number): number {
    const col = Math.floor((lon - this.originLon) * this.lonScale);
    return col < 0 ? 0 : col >= this.cols ? this.cols - 1 : col;
  }

  private rowOf(lat: number): number {
    const row = Math.floor((lat - this.originLat) * this.latScale);
    return row < 0 ? 0 : row >= this.rows ? this.rows - 1 : row;
  }

  /** Points within `radius` metres of (lon, lat) by the exact ellipsoidal distance, nearest first. */
  within(lon: number, lat: number, radius: number): Hit<T>[] {
    return hitsOf(this.withinInto(lon, lat, radius, createNearBuffer<T>()));
  }

  /** As `within`, written into a reusable buffer. */
  withinInto(lon: number, lat: number, radius: number, out: NearBuffer<T>): NearBuffer<T> {
    out.count = 0;
    if (this.slotIds.length === 0) {
      // Nothing in the grid.
    } else if (radius <= this.bandRadius && lat >= this.bandFrom && lat <= this.bandTo) {
      // A box at least as large as boundingBox's, without trigonometry (see bandFrom).
      const dLat = boxLatitudeReach(radius);
      const dLon = boxReach(radius, this.bandLonPerMetre);
      if (dLon < 180 && lon - dLon >= -180 && lon + dLon <= 180) {
        this.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, lon, lat, radius, out);
      } else {
        this.searchBox(boundingBox(lon, lat, radius, BOX), lon, lat, radius, out);
      }
    } else {
      this.searchBox(boundingBox(lon, lat, radius, BOX), lon, lat, radius, out);
    }
    if (this.overlay.size > 0) {
      for (const [id, p] of this.overlay) {
        const d = this.decide(lon, lat, p.lon, p.lat, radius);
        if (d >= 0) insertNear(out, id, p.item, p.tag, d);
      }
    }
    return out;
  }

  /** The points of the grid in a box from `boundingBox`, across the antimeridian if need be. */
  private searchBox(box: Box, lon: number, lat: number, radius: number, out: NearBuffer<T>): void {
    if (box.wrapsAll) {
      this.search(-180, box.minLat, 180, box.maxLat, lon, lat, radius, out);
      return;
    }
    const minLon = Math.max(box.minLon, -180);
    const maxLon = Math.min(box.maxLon, 180);
    this.search(minLon, box.minLat, maxLon, box.maxLat, lon, lat, radius, out);
    // The antimeridian: the part of the box beyond ±180° continues on the other side.
    if (box.minLon < -180) {
      this.search(box.minLon + 360, box.minLat, 180, box.maxLat, lon, lat, radius, out);
    }
    if (box.maxLon > 180) {
      this.search(-180, box.minLat, box.maxLon - 360, box.maxLat, lon, lat, radius, out);
    }
  }

  /** The points of the grid in the box, each decided in place: one run of slots per row. */
  private search(
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    lon: number,
    lat: number,
    radius: number,
    out: NearBuffer<T>,
  ): void {
    // A box wholly outside the grid's extent holds nothing (clamping would find the edge cells).
    const cols = this.cols;
    if (maxX < this.originLon || maxY < this.originLat) return;
    if (minX > this.originLon + cols * this.cellLon) return;
    if (minY > this.originLat + this.rows * this.cellLat) return;
    const lons = this.slotLons;
    const lats = this.slotLats;
    const start = this.cellStart;
    const checkStale = this.stale.size > 0;
    const col0 = this.colOf(minX);
    const col1 = this.colOf(maxX);
    const row1 = this.rowOf(maxY);
    for (let row = this.rowOf(minY); row <= row1; row++) {
      const end = start[row * cols + col1 + 1] as number;
      for (let slot = start[row * cols + col0] as number; slot < end; slot++) {
        const x = lons[slot] as number;
        const y = lats[slot] as number;
        if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
          this.consider(slot, x, y, lon, lat, radius, checkStale, out);
        }
      }
    }
  }

  private consider(
    slot: number,
    x: number,
    y: number,
    lon: number,
    lat: number,
    radius: number,
    checkStale: boolean,
    out: NearBuffer<T>,
  ): void {
    const id = this.slotIds[slot] as number;
    if (checkStale && this.stale.has(id)) return;
    const d = this.decide(lon, lat, x, y, radius);
    if (d >= 0) insertNear(out, id, this.slotItems[slot] as T, this.slotTags[slot] as number, d);
  }

  /** The distance when the point lies within the radius, else −1. */
  private decide(lon: number, lat: number, plon: number, plat: number, radius: number): number {
    if (
      radius <= LOCAL_MAX_RADIUS &&
      Math.abs(lat) <= LOCAL_MAX_LATITUDE &&
      Math.abs(plat) <= LOCAL_MAX_LATITUDE
    ) {
      const d = localDecision(lon, lat, plon, plat, radius);
      if (!Number.isNaN(d)) return d;
    }
    this.exactCalls++;
    const exact = exactDistance(lon, lat, plon, plat);
    return exact <= radius ? exact : -1;
  }

  private rebuildIfOverlayLarge(): void {
    // Each query scans the overlay linearly; past this size a rebuild (O(n log n)) is cheaper.
    if (this.overlay.size + this.stale.size > Math.max(256, this.count >>> 6)) this.rebuild();
  }
}

/**
 * The seam for a walking-network distance: a model measures the distance residents travel from
 * an area to a facility. A network distance is never shorter than the straight line, so the
 * straight-line hits within a radius hold every candidate a network model can accept.
 */
export interface DistanceModel {
  readonly name: string;
  /** Metres from `from` to `to`; `straightLine` is their ellipsoidal distance. */
  measure(from: LonLat, to: LonLat, straightLine: number): number;
}

export const STRAIGHT_LINE: DistanceModel = {
  name: 'straight_line',
  measure: (_from, _to, straightLine) => straightLine,
};

/** Points of `index` within `radius` of `from` by `model`, nearest first, into `out`. */
export function findWithinInto<T>(
  index: PointIndex<T>,
  model: DistanceModel,
  from: LonLat,
  radius: number,
  out: NearBuffer<T>,
): NearBuffer<T> {
  if (model === STRAIGHT_LINE) return index.withinInto(from.lon, from.lat, radius, out);
  const straight = index.withinInto(from.lon, from.lat, radius, createNearBuffer<T>());
  out.count = 0;
  for (let i = 0; i < straight.count; i++) {
    const id = straight.ids[i] as number;
    const to = index.get(id);
    if (!to) continue;
    const d = model.measure(from, to, straight.distances[i] as number);
    if (d <= radius) insertNear(out, id, straight.items[i] as T, straight.tags[i] as number, d);
  }
  return out;
}

/** Points of `index` within `radius` of `from` by `model`, nearest first. */
export function findWithin<T>(
  index: PointIndex<T>,
  model: DistanceModel,
  from: LonLat,
  radius: number,
): Hit<T>[] {
  return hitsOf(findWithinInto(index, model, from, radius, createNearBuffer<T>()));
}
