import { describe, expect, it } from 'vitest';
import { destinationPoint, exactDistance } from './geodesy.ts';
import {
  PointIndex,
  STRAIGHT_LINE,
  findWithin,
  type DistanceModel,
  type IndexedPoint,
} from './spatial-index.ts';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Points scattered over central Zibo (about 20 km × 20 km). */
function scatter(n: number, seed: number, firstId = 1): IndexedPoint<null>[] {
  const r = random(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: firstId + i,
    lon: 117.95 + r() * 0.25,
    lat: 36.7 + r() * 0.2,
    item: null,
  }));
}

function bruteForce(
  points: readonly IndexedPoint<null>[],
  lon: number,
  lat: number,
  radius: number,
) {
  return points
    .map((p) => ({ id: p.id, distance: exactDistance(lon, lat, p.lon, p.lat) }))
    .filter((h) => h.distance <= radius)
    .map((h) => h.id)
    .sort((a, b) => a - b);
}

const ids = (hits: readonly { id: number }[]) => hits.map((h) => h.id).sort((a, b) => a - b);

describe('PointIndex.within', () => {
  it('finds exactly the points a brute-force exact search finds', () => {
    const points = scatter(5_000, 1);
    const index = new PointIndex(points);
    const r = random(9);
    for (let q = 0; q < 300; q++) {
      const lon = 117.95 + r() * 0.25;
      const lat = 36.7 + r() * 0.2;
      const radius = [300, 500, 1000, 2500][q % 4] as number;
      expect(ids(index.within(lon, lat, radius))).toEqual(bruteForce(points, lon, lat, radius));
    }
  });

  it('finds the same whatever the grid cell, for boxes inside, across and beyond its edges', () => {
    // Cells of 1 m (capped by the points' count), of the radius, and of 10^6 m (a single cell);
    // query centres up to 3 km outside the points' extent, so boxes straddle or miss the grid.
    const points = scatter(2_000, 11);
    const r = random(12);
    for (const cell of [1, 400, 1_000_000]) {
      const index = new PointIndex(points, cell);
      for (let q = 0; q < 200; q++) {
        const lon = 117.92 + r() * 0.31;
        const lat = 36.67 + r() * 0.26;
        const radius = [50, 400, 3000][q % 3] as number;
        expect(ids(index.within(lon, lat, radius))).toEqual(bruteForce(points, lon, lat, radius));
      }
    }
  });

  it('holds the whole circle in the box it makes from the grid latitudes (no trigonometry)', () => {
    // Rings 1 m inside and outside 200 km around centres from 60° to 75° north: the parallels
    // shrink fast there, so a box sized by any parallel nearer the equator than the farthest
    // one a query can reach would miss the inner ring's east and west points.
    const radius = 200_000;
    const centres = [60, 65, 70, 75].map((lat) => ({ lon: 20, lat }));
    const points: IndexedPoint<null>[] = [];
    for (const c of centres) {
      for (let az = 0; az < 360; az += 2) {
        for (const r of [radius - 1, radius + 1]) {
          const [lon, lat] = destinationPoint(c.lon, c.lat, az, r);
          points.push({ id: points.length + 1, lon, lat, item: null });
        }
      }
    }
    const index = new PointIndex(points, radius);
    for (const c of centres) {
      const found = ids(index.within(c.lon, c.lat, radius));
      expect(found.length).toBeGreaterThanOrEqual(180);
      expect(found).toEqual(bruteForce(points, c.lon, c.lat, radius));
    }
  });

  it('lists points at the same distance by id, however they were stored', () => {
    const [lon, lat] = destinationPoint(118.05, 36.8, 45, 200);
    const twins = [5, 3, 9, 1].map((id) => ({ id, lon, lat, item: null }));
    expect(new PointIndex(twins).within(118.05, 36.8, 300).map((h) => h.id)).toEqual([1, 3, 5, 9]);
  });

  it('returns hits nearest first with their distances', () => {
    const points = scatter(2_000, 2);
    const hits = new PointIndex(points).within(118.05, 36.8, 1500);
    expect(hits.length).toBeGreaterThan(3);
    for (let i = 1; i < hits.length; i++) {
      expect(hits[i]!.distance).toBeGreaterThanOrEqual(hits[i - 1]!.distance);
    }
    for (const h of hits) {
      const p = points.find((x) => x.id === h.id)!;
      expect(h.distance).toBeCloseTo(exactDistance(118.05, 36.8, p.lon, p.lat), 3);
    }
  });

  function ring(margin: number) {
    const r = random(3);
    const centre = { lon: 118.05, lat: 36.8 };
    const inside: IndexedPoint<null>[] = [];
    const outside: IndexedPoint<null>[] = [];
    for (let i = 0; i < 200; i++) {
      const az = r() * 360;
      const [ilon, ilat] = destinationPoint(centre.lon, centre.lat, az, 300 - margin);
      const [olon, olat] = destinationPoint(centre.lon, centre.lat, az, 300 + margin);
      inside.push({ id: i, lon: ilon, lat: ilat, item: null });
      outside.push({ id: 1000 + i, lon: olon, lat: olat, item: null });
    }
    const index = new PointIndex([...inside, ...outside]);
    return { found: ids(index.within(centre.lon, centre.lat, 300)), inside, index };
  }

  it('decides a millimetre either side of the radius correctly with the local bound alone', () => {
    const { found, inside, index } = ring(1e-3);
    expect(found).toEqual(inside.map((p) => p.id));
    expect(index.exactCalls).toBe(0);
  });

  it('lets the exact distance decide half a micrometre either side of the radius', () => {
    const { found, inside, index } = ring(5e-7);
    expect(found).toEqual(inside.map((p) => p.id));
    // Inside the local error bound (a few micrometres at 300 m) only the exact distance decides.
    expect(index.exactCalls).toBe(400);
  });

  it('settles points far from the radius without any exact computation', () => {
    const index = new PointIndex(scatter(3_000, 4));
    index.within(118.05, 36.8, 800);
    expect(index.exactCalls).toBe(0);
  });

  it('finds points across the antimeridian', () => {
    const [elon, elat] = destinationPoint(179.9999, 10, 90, 100);
    const index = new PointIndex([
      { id: 1, lon: elon, lat: elat, item: null },
      { id: 2, lon: 179.99, lat: 10, item: null },
    ]);
    expect(elon).toBeLessThan(-179.99);
    expect(ids(index.within(179.9999, 10, 150))).toEqual([1]);
  });

  it('answers the same after edits as a freshly built index', () => {
    const points = scatter(3_000, 5);
    const index = new PointIndex(points);
    const current = new Map(points.map((p) => [p.id, p]));
    const r = random(6);
    for (let step = 0; step < 1_500; step++) {
      const id = 1 + Math.floor(r() * 3_500);
      if (r() < 0.3) {
        index.remove(id);
        current.delete(id);
      } else {
        const p = { id, lon: 117.95 + r() * 0.25, lat: 36.7 + r() * 0.2, item: null };
        index.upsert(p);
        current.set(id, p);
      }
    }
    const fresh = new PointIndex(current.values());
    expect(index.size).toBe(current.size);
    for (let q = 0; q < 100; q++) {
      const lon = 117.95 + r() * 0.25;
      const lat = 36.7 + r() * 0.2;
      expect(ids(index.within(lon, lat, 700))).toEqual(ids(fresh.within(lon, lat, 700)));
    }
  });
});

describe('DistanceModel seam', () => {
  it('keeps only the points a longer network distance still reaches', () => {
    const points = scatter(2_000, 7);
    const index = new PointIndex(points);
    const detour: DistanceModel = { name: 'detour', measure: (_f, _t, s) => s * 1.5 };
    const straight = findWithin(index, STRAIGHT_LINE, { lon: 118.05, lat: 36.8 }, 900);
    const walking = findWithin(index, detour, { lon: 118.05, lat: 36.8 }, 900);
    expect(ids(walking)).toEqual(ids(straight.filter((h) => h.distance * 1.5 <= 900)));
    expect(walking.length).toBeLessThan(straight.length);
  });
});
