import { describe, expect, it } from 'vitest';
import {
  LOCAL_MAX_DISTANCE,
  WGS84_A,
  boundingBox,
  destinationPoint,
  exactDistance,
  karneyInverse,
  localDecision,
  localDistance,
  localDistanceErrorBound,
  vincentyInverse,
} from './geodesy.ts';

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

const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);

describe('exact distance', () => {
  it("reproduces Vincenty's published Flinders Peak–Buninyong line (54,972.271 m)", () => {
    const d = exactDistance(
      dms(144, 25, 29.5244),
      dms(-37, 57, 3.7203),
      dms(143, 55, 35.3839),
      dms(-37, 39, 10.1561),
    );
    expect(d).toBeCloseTo(54_972.271, 2);
  });

  it('measures one degree along the equator as a·π/180', () => {
    expect(exactDistance(0, 0, 1, 0)).toBeCloseTo((WGS84_A * Math.PI) / 180, 6);
  });

  it('agrees with Karney to a millimetre from metres to thousands of kilometres', () => {
    const r = random(1);
    for (let i = 0; i < 5_000; i++) {
      const lon1 = r() * 360 - 180;
      const lat1 = r() * 170 - 85;
      const [lon2, lat2] = destinationPoint(lon1, lat1, r() * 360, 10 ** (r() * 7));
      const v = vincentyInverse(lon1, lat1, lon2, lat2);
      if (!v.converged) continue;
      expect(Math.abs(v.distance - karneyInverse(lon1, lat1, lon2, lat2))).toBeLessThan(1e-3);
    }
  });

  it('falls back to Karney for near-antipodal points instead of hanging', () => {
    const v = vincentyInverse(0, 0, 179.7, 0.5);
    expect(v.converged).toBe(false);
    const started = performance.now();
    const d = exactDistance(0, 0, 179.7, 0.5);
    expect(performance.now() - started).toBeLessThan(50);
    expect(d).toBe(karneyInverse(0, 0, 179.7, 0.5));
    expect(d).toBeGreaterThan(19_900_000);
  });

  it('is zero for the same point', () => {
    expect(exactDistance(118.05, 36.8, 118.05, 36.8)).toBe(0);
  });
});

describe('local flat-earth distance', () => {
  it('stays within a tenth of its error bound against Karney across its domain', () => {
    const r = random(2);
    let worst = 0;
    for (let i = 0; i < 20_000; i++) {
      const lon1 = r() * 360 - 180;
      const lat1 = r() * 156 - 78;
      const [lon2, lat2] = destinationPoint(lon1, lat1, r() * 360, r() ** 2 * LOCAL_MAX_DISTANCE);
      const local = localDistance(lon1, lat1, lon2, lat2);
      const err = Math.abs(local - karneyInverse(lon1, lat1, lon2, lat2));
      worst = Math.max(worst, err / localDistanceErrorBound(local, (lat1 + lat2) / 2));
    }
    expect(worst).toBeLessThan(0.1);
  });

  it('decides a radius exactly as the distance and its error bound do', () => {
    // Radii just inside and just outside the bound either side of the local distance.
    const r = random(5);
    for (let i = 0; i < 5_000; i++) {
      const lon1 = r() * 360 - 180;
      const lat1 = r() * 156 - 78;
      const [lon2, lat2] = destinationPoint(lon1, lat1, r() * 360, r() ** 2 * LOCAL_MAX_DISTANCE);
      const d = localDistance(lon1, lat1, lon2, lat2);
      const bound = localDistanceErrorBound(d, (lat1 + lat2) / 2);
      expect(localDecision(lon1, lat1, lon2, lat2, d + 1.001 * bound)).toBe(d);
      expect(localDecision(lon1, lat1, lon2, lat2, d - 1.001 * bound)).toBe(-1);
      expect(localDecision(lon1, lat1, lon2, lat2, d + 0.999 * bound)).toBeNaN();
      expect(localDecision(lon1, lat1, lon2, lat2, d - 0.999 * bound)).toBeNaN();
    }
  });

  it('is within a tenth of a millimetre at a kilometre in Zibo', () => {
    const [lon2, lat2] = destinationPoint(118.05, 36.8, 37, 1000);
    expect(Math.abs(localDistance(118.05, 36.8, lon2, lat2) - 1000)).toBeLessThan(1e-4);
  });
});

describe('bounding box', () => {
  it('holds every point within the radius, near poles and across the antimeridian too', () => {
    const r = random(3);
    for (let i = 0; i < 20_000; i++) {
      const lon = i % 4 === 0 ? 179.99 - r() * 0.02 : r() * 360 - 180;
      const lat = i % 5 === 0 ? 84 + r() * 5.9 : r() * 170 - 85;
      const radius = 10 ** (1 + r() * 3.7);
      const [plon, plat] = destinationPoint(lon, lat, r() * 360, radius * r());
      const box = boundingBox(lon, lat, radius);
      expect(plat).toBeGreaterThanOrEqual(box.minLat);
      expect(plat).toBeLessThanOrEqual(box.maxLat);
      if (box.wrapsAll) continue;
      const shifted = [plon, plon - 360, plon + 360].some(
        (x) => x >= box.minLon && x <= box.maxLon,
      );
      expect(shifted).toBe(true);
    }
  });
});
