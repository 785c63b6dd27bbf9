import { createRequire } from 'node:module';
import type * as GeographicLib from 'geographiclib-geodesic';

// The package is CommonJS without named-export hints, so Node's ESM loader sees only `default`.
const geodesic = createRequire(import.meta.url)('geographiclib-geodesic') as typeof GeographicLib;

/** WGS-84 ellipsoid (the datum every stored coordinate is in, DESIGN → Maps). */
export const WGS84_A = 6_378_137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_B = WGS84_A * (1 - WGS84_F);
const E2 = WGS84_F * (2 - WGS84_F);
const RAD = Math.PI / 180;

/** Smallest meridional radius of curvature (at the equator): a(1 − e²). */
export const MIN_MERIDIONAL_RADIUS = WGS84_A * (1 - E2);

const KARNEY = geodesic.Geodesic.WGS84;

export type VincentyResult = { distance: number; iterations: number; converged: boolean };

/**
 * Vincenty's inverse formula on WGS-84 (accurate to well under a millimetre wherever it
 * converges). Near-antipodal pairs may not converge; `converged` says so and the caller
 * falls back to Karney's algorithm.
 */
export function vincentyInverse(
  lon1: number,
  lat1: number,
  lon2: number,
  lat2: number,
  maxIterations = 100,
): VincentyResult {
  const L = normaliseLongitudeDifference((lon2 - lon1) * RAD);
  const tanU1 = (1 - WGS84_F) * Math.tan(lat1 * RAD);
  const tanU2 = (1 - WGS84_F) * Math.tan(lat2 * RAD);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
  const sinU1 = tanU1 * cosU1;
  const cosU2 = 1 / Math.sqrt(1 + tanU2 * tanU2);
  const sinU2 = tanU2 * cosU2;

  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 1;
  let sigma = 0;
  let cosSqAlpha = 1;
  let cos2SigmaM = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const t1 = cosU2 * sinLambda;
    const t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
    sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
    if (sinSigma === 0) return { distance: 0, iterations, converged: true };
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cosSqAlpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha : 0;
    const C = (WGS84_F / 16) * cosSqAlpha * (4 + WGS84_F * (4 - 3 * cosSqAlpha));
    const previous = lambda;
    lambda =
      L +
      (1 - C) *
        WGS84_F *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda) > Math.PI) break;
    if (Math.abs(lambda - previous) < 1e-14) {
      converged = true;
      break;
    }
  }
  const uSq = (cosSqAlpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B)) / (WGS84_B * WGS84_B);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  const deltaSigma =
    B *
    sinSigma *
    (cos2SigmaM +
      (B / 4) *
        (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
          (B / 6) *
            cos2SigmaM *
            (-3 + 4 * sinSigma * sinSigma) *
            (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return { distance: WGS84_B * A * (sigma - deltaSigma), iterations, converged };
}

/** Karney's inverse (GeographicLib): exact to nanometres everywhere, antipodes included. */
export function karneyInverse(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return KARNEY.Inverse(lat1, lon1, lat2, lon2, geodesic.Geodesic.DISTANCE).s12 ?? Number.NaN;
}

/**
 * The exact ellipsoidal distance in metres between two WGS-84 points: Vincenty, falling back to
 * Karney where Vincenty does not converge (near-antipodal pairs), so it never hangs.
 */
export function exactDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const v = vincentyInverse(lon1, lat1, lon2, lat2);
  return v.converged ? v.distance : karneyInverse(lon1, lat1, lon2, lat2);
}

/**
 * The point at `distance` metres from (lon, lat) along `azimuth` degrees (Karney's direct
 * problem); benchmarks and tests use it to place points exactly on a radius.
 */
export function destinationPoint(
  lon: number,
  lat: number,
  azimuth: number,
  distance: number,
): [number, number] {
  const r = KARNEY.Direct(lat, lon, azimuth, distance);
  return [r.lon2 ?? Number.NaN, r.lat2 ?? Number.NaN];
}

/**
 * Distance by the tangent plane at the mid-latitude, scaled by the ellipsoid's radii of
 * curvature there: √((M·Δφ)² + (N·cos φm·Δλ)²). It is the first term of the mid-latitude
 * (Gauss) series of the geodesic; the omitted terms are of third order in the distance, so
 * its error stays below {@link localDistanceErrorBound}. Used only to pre-decide candidates
 * that are clearly inside or outside a radius; anything closer to the radius than the bound is
 * decided by {@link exactDistance}.
 */
export function localDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return planeDistance(lon1, lat1, lon2, lat2);
}

/** cos φm of the last `planeDistance` (read by `localDecision`: no object per pair). */
let lastMidCos = 1;

function planeDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const phiM = ((lat1 + lat2) / 2) * RAD;
  const s = Math.sin(phiM);
  const c = Math.cos(phiM);
  const w2 = 1 - E2 * s * s;
  const w = Math.sqrt(w2);
  const n = WGS84_A / w;
  const m = (WGS84_A * (1 - E2)) / (w2 * w);
  const dy = m * (lat2 - lat1) * RAD;
  const dx = n * c * normaliseLongitudeDifference((lon2 - lon1) * RAD);
  lastMidCos = c;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * Beyond these the local formula is not trusted: a search radius above LOCAL_MAX_RADIUS (its
 * box corners reach 1.42 × the radius) or a point beyond LOCAL_MAX_LATITUDE is decided by the
 * exact distance for every candidate.
 */
export const LOCAL_MAX_DISTANCE = 50_000;
export const LOCAL_MAX_RADIUS = 20_000;
export const LOCAL_MAX_LATITUDE = 80;

/**
 * Upper bound of |localDistance − exactDistance| for a local distance `d` (metres) at
 * mid-latitude `latMid` (degrees), valid for d ≤ LOCAL_MAX_DISTANCE and |latMid| ≤
 * LOCAL_MAX_LATITUDE. The omitted terms are K·(d³/a²)·(1 + tan²φm); over 2·10⁵ random pairs
 * across that domain the largest K is 0.05 (geodesy.test.ts re-measures it against Karney), so
 * K = 2 is a fortyfold margin; a micrometre covers floating-point rounding at short range.
 */
export function localDistanceErrorBound(d: number, latMid: number): number {
  const t = Math.tan(latMid * RAD);
  return (2 * d * d * d * (1 + t * t)) / (WGS84_A * WGS84_A) + 1e-6;
}

/**
 * What the local distance settles about a point and a radius (for d ≤ LOCAL_MAX_DISTANCE and
 * |latitudes| ≤ LOCAL_MAX_LATITUDE): the distance when the point lies within the radius by more
 * than {@link localDistanceErrorBound}, −1 when beyond it by more, NaN when only the exact
 * distance can tell. The bound is the same, its 1 + tan²φm written 1 / cos²φm with the cosine
 * the distance already took (one sine and one cosine per pair, no tangent).
 */
export function localDecision(
  lon1: number,
  lat1: number,
  lon2: number,
  lat2: number,
  radius: number,
): number {
  const d = planeDistance(lon1, lat1, lon2, lat2);
  const bound = (2 * d * d * d) / (WGS84_A * WGS84_A * lastMidCos * lastMidCos) + 1e-6;
  if (d - radius > bound) return -1;
  if (radius - d > bound) return d;
  return Number.NaN;
}

export type Box = {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  wrapsAll: boolean;
};

/**
 * A longitude/latitude box (degrees) that provably contains every point within `radius`
 * metres of (lon, lat): a geodesic of length s moves at most s / a(1−e²) in latitude (the
 * meridian arc between two parallels is the shortest path between them, and M ≥ a(1−e²)), and
 * at most s / ρmin in longitude, where ρmin = N·cos φ is the smallest radius of a parallel the
 * path can reach (ds ≥ ρ·|dλ| along any curve). `wrapsAll` means every longitude qualifies.
 * Writes into `out` when given (queries in a tight loop allocate nothing).
 */
export function boundingBox(
  lon: number,
  lat: number,
  radius: number,
  out: Box = { minLon: 0, minLat: 0, maxLon: 0, maxLat: 0, wrapsAll: false },
): Box {
  const dLat = boxLatitudeReach(radius);
  out.minLat = lat - dLat;
  out.maxLat = lat + dLat;
  const farLat = Math.max(Math.abs(out.minLat), Math.abs(out.maxLat));
  const dLon = farLat < 90 ? boxLongitudeReach(radius, parallelRadius(farLat)) : 180;
  out.wrapsAll = dLon >= 180;
  out.minLon = out.wrapsAll ? -180 : lon - dLon;
  out.maxLon = out.wrapsAll ? 180 : lon + dLon;
  return out;
}

/*
 * A box's reach in degrees is the radius times degrees per metre, with a relative margin of
 * 10⁻¹² (far above the rounding of a product) and 10⁻⁹ degree besides. As products, not
 * quotients: the grid asks 27,000 boxes of a city's evaluation.
 */
const BOX_MARGIN = 1 + 1e-12;
const BOX_LAT_PER_METRE = (1 / (MIN_MERIDIONAL_RADIUS * RAD)) * BOX_MARGIN;

/** A box's half-extent (degrees) for `radius` metres at `degreesPerMetre` (margin included). */
export function boxReach(radius: number, degreesPerMetre: number): number {
  return radius * degreesPerMetre + 1e-9;
}

/** The latitude half-height (degrees) of `boundingBox`'s box for `radius` metres. */
export function boxLatitudeReach(radius: number): number {
  return boxReach(radius, BOX_LAT_PER_METRE);
}

/**
 * Degrees of longitude per metre, with the margin, of a box whose farthest latitude from the
 * equator has the parallel radius `rho`: a smaller `rho` (a parallel farther from the equator)
 * gives a wider box, so any `rho` at or below the true one still holds the circle.
 */
export function boxLongitudePerMetre(rho: number): number {
  return (1 / (rho * RAD)) * BOX_MARGIN;
}

/** The longitude half-width (degrees) of such a box for `radius` metres. */
export function boxLongitudeReach(radius: number, rho: number): number {
  return boxReach(radius, boxLongitudePerMetre(rho));
}

/** The radius ρ = N·cos φ (metres) of the parallel at `lat` degrees on WGS-84. */
export function parallelRadius(lat: number): number {
  const s = Math.sin(lat * RAD);
  return (WGS84_A / Math.sqrt(1 - E2 * s * s)) * Math.cos(lat * RAD);
}

function normaliseLongitudeDifference(d: number): number {
  if (d > Math.PI) return d - 2 * Math.PI;
  if (d < -Math.PI) return d + 2 * Math.PI;
  return d;
}
