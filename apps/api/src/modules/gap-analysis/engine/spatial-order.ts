import type { EvalArea } from './model.ts';

/**
 * Areas sorted along a Z-order (Morton) curve over their bounding box, areas without
 * coordinates last; ties keep the input order.
 */
export function spatialOrder(areas: readonly EvalArea[]): EvalArea[] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const a of areas) {
    if (a.lon === null || a.lat === null) continue;
    minLon = Math.min(minLon, a.lon);
    maxLon = Math.max(maxLon, a.lon);
    minLat = Math.min(minLat, a.lat);
    maxLat = Math.max(maxLat, a.lat);
  }
  const sx = 65535 / Math.max(maxLon - minLon, 1e-9);
  const sy = 65535 / Math.max(maxLat - minLat, 1e-9);
  const keys = new Float64Array(areas.length);
  areas.forEach((a, i) => {
    keys[i] =
      a.lon === null || a.lat === null
        ? 2 ** 33
        : morton(Math.round((a.lon - minLon) * sx), Math.round((a.lat - minLat) * sy));
  });
  const order = areas.map((_, i) => i);
  order.sort((i, j) => (keys[i] as number) - (keys[j] as number) || i - j);
  return order.map((i) => areas[i] as EvalArea);
}

function morton(x: number, y: number): number {
  return (spread(x) | (spread(y) << 1)) >>> 0;
}

function spread(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x;
}
