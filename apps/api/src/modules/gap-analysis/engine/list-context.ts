import { exactDistance } from './geodesy.ts';
import { shareOf } from './apportion.ts';
import {
  COUNTED,
  countsAsProvision,
  createLinkedList,
  pushLinked,
  type AreaContext,
  type EvalArea,
  type EvalFacility,
} from './model.ts';
import {
  STRAIGHT_LINE,
  createNearBuffer,
  insertNear,
  type DistanceModel,
} from './spatial-index.ts';

/**
 * A context over plain lists, measuring every distance exactly: for a single area, a project
 * check at completion, or tests. `areas` supplies the households used to apportion facilities
 * linked to several areas.
 */
export function buildAreaContext(opts: {
  area: EvalArea;
  facilities: readonly EvalFacility[];
  areas?: readonly EvalArea[];
  distanceModel?: DistanceModel;
}): AreaContext {
  const { area, facilities } = opts;
  const model = opts.distanceModel ?? STRAIGHT_LINE;
  const households = new Map<number, number>();
  for (const a of opts.areas ?? []) households.set(a.id, a.households);
  households.set(area.id, area.households);
  const buffer = createNearBuffer<EvalFacility>();
  return {
    linked(type) {
      const out = createLinkedList();
      for (const f of facilities) {
        if (f.type !== type || !f.residentialAreaIds.includes(area.id)) continue;
        const share = shareOf(area.id, f.residentialAreaIds, (id) => households.get(id));
        pushLinked(out, f, share, countsAsProvision(f));
      }
      return out;
    },
    near(type, radius) {
      buffer.count = 0;
      if (area.lon === null || area.lat === null) return buffer;
      const from = { lon: area.lon, lat: area.lat };
      for (const f of facilities) {
        if (f.type !== type || f.lon === null || f.lat === null) continue;
        const straight = exactDistance(from.lon, from.lat, f.lon, f.lat);
        if (straight > radius) continue;
        const d = model.measure(from, { lon: f.lon, lat: f.lat }, straight);
        if (d <= radius) insertNear(buffer, f.id, f, countsAsProvision(f) ? COUNTED : 0, d);
      }
      return buffer;
    },
  };
}
