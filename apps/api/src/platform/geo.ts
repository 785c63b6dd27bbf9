import gcoord from 'gcoord';

export const COORD_SYSTEMS = ['wgs84', 'gcj02', 'bd09'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

const CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Converts a point to WGS-84, the only system stored (DESIGN, Maps). */
export function toWgs84(lon: number, lat: number, from: CoordSystem): [number, number] {
  if (from === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform<[number, number]>([lon, lat], CRS[from], gcoord.WGS84);
  return [round6(x), round6(y)];
}

/** Converts every coordinate of a GeoJSON geometry to WGS-84. */
export function geometryToWgs84<T extends object>(geometry: T, from: CoordSystem): T {
  if (from === 'wgs84') return geometry;
  const copy = structuredClone(geometry);
  return gcoord.transform(copy as never, CRS[from], gcoord.WGS84);
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Ray-casting point-in-polygon over a GeoJSON Polygon or MultiPolygon. */
export function pointInGeometry(
  lon: number,
  lat: number,
  geometry: { type: string; coordinates: unknown },
): boolean {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as number[][][]]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as number[][][][])
        : [];
  return polygons.some(
    ([outer, ...holes]) =>
      !!outer && ringContains(outer, lon, lat) && holes.every((h) => !ringContains(h, lon, lat)),
  );
}

function ringContains(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
