import {
  AREA_KINDS,
  FACILITY_TYPE_CODES,
  STAGE_STATUSES,
  type AreaKind,
  type ConstructionStatus,
  type FacilityTypeCode,
  type UseStatus,
} from '@zibo/shared';
import { FACILITY_SIZES } from './facility-sizes.ts';
import { createRandom, type Random } from './random.ts';

/**
 * Benchmark data at province or nation scale, stored column-wise in typed arrays so that
 * 10⁶ facilities fit in tens of megabytes. It is synthetic: clusters of made-up cities, the
 * first on Zibo and the others spread over eastern China, with region codes that start with
 * `99` (no province has that code), so it can never be mistaken for the real divisions.
 */
export type ScaledDataset = {
  synthetic: true;
  seed: number;
  areas: {
    count: number;
    lon: Float64Array;
    lat: Float64Array;
    households: Uint32Array;
    population: Uint32Array;
    /** Index into AREA_KINDS. */
    kind: Uint8Array;
    /** Synthetic community number; the region code is `99` followed by it in 10 digits. */
    community: Float64Array;
  };
  facilities: {
    count: number;
    /** Index into FACILITY_TYPE_CODES. */
    type: Uint8Array;
    lon: Float64Array;
    lat: Float64Array;
    /** NaN where the facility has none. */
    floorArea: Float32Array;
    siteArea: Float32Array;
    /** Index into STAGE_STATUSES.construction. */
    constructionStatus: Uint8Array;
    /** Index into STAGE_STATUSES.use; NO_STATUS while not built. */
    useStatus: Uint8Array;
    /** Facility i serves areaIds[areaStart[i] .. areaStart[i + 1]) (1-based area ids). */
    areaStart: Uint32Array;
    areaIds: Uint32Array;
  };
};

/** An area as the gap analysis reads it (`EvalArea`). */
export type ScaledArea = {
  id: number;
  lon: number;
  lat: number;
  households: number;
  population: number | null;
  kind: AreaKind;
  regionCode: string;
};

/** A facility as the gap analysis reads it (`EvalFacility`). */
export type ScaledFacility = {
  id: number;
  type: FacilityTypeCode;
  lon: number;
  lat: number;
  floorArea: number | null;
  siteArea: number | null;
  residentialAreaIds: number[];
  constructionStatus: ConstructionStatus;
  useStatus: UseStatus | null;
};

export const NO_STATUS = 255;

const AREAS_PER_CITY = 3000;
const AREAS_PER_TOWN = 30;
const ZIBO_CENTRE: [number, number] = [118.05, 36.78];

/** Share of each type among facilities, close to the Zibo demo's mix. */
const TYPE_WEIGHTS: Record<FacilityTypeCode, number> = {
  kindergarten: 6,
  primary_school: 2.2,
  middle_school: 1,
  community_service_room: 26,
  elderly_day_care: 1.6,
  elderly_service_station: 8,
  convenience_market: 1.5,
  convenience_store: 24,
  sports_venue: 0.7,
  fitness_site: 17,
  health_centre: 0.9,
  health_station: 14,
};

/** How many neighbouring areas a facility of each type also serves: [min, max]. */
const EXTRA_AREAS: Record<FacilityTypeCode, [number, number]> = {
  kindergarten: [0, 3],
  primary_school: [4, 14],
  middle_school: [10, 30],
  community_service_room: [0, 2],
  elderly_day_care: [1, 6],
  elderly_service_station: [0, 2],
  convenience_market: [2, 8],
  convenience_store: [0, 0],
  sports_venue: [10, 40],
  fitness_site: [0, 0],
  health_centre: [15, 45],
  health_station: [0, 2],
};

const CONSTRUCTION_WEIGHTS = cumulate(STAGE_STATUSES.construction, {
  built: 86,
  built_short: 6,
  under_construction: 5,
  not_started: 3,
});
const USE_WEIGHTS = cumulate(STAGE_STATUSES.use, {
  in_use: 88,
  idle: 5,
  repurposed: 4,
  occupied: 3,
});
const TYPE_CUMULATIVE = cumulate(FACILITY_TYPE_CODES, TYPE_WEIGHTS);

/** Cumulative shares in the order of `codes`, for one-draw weighted picks in the hot loop. */
function cumulate<C extends string>(codes: readonly C[], weights: Record<C, number>): Float64Array {
  const out = new Float64Array(codes.length);
  let total = 0;
  codes.forEach((c, i) => {
    total += weights[c];
    out[i] = total;
  });
  return out.map((x) => x / total);
}

function pickIndex(rng: Random, cumulative: Float64Array): number {
  const r = rng.next();
  for (let i = 0; i < cumulative.length - 1; i++) if (r < (cumulative[i] as number)) return i;
  return cumulative.length - 1;
}
const BUILT = STAGE_STATUSES.construction.indexOf('built');
const BUILT_SHORT = STAGE_STATUSES.construction.indexOf('built_short');

/**
 * Generates exactly `areas` residential areas and `facilities` facilities for benchmarks:
 * 100,000 / 500,000 in about a second. Deterministic for a seed.
 */
export function generateScaledDataset(options: {
  seed?: number;
  areas: number;
  facilities: number;
}): ScaledDataset {
  const seed = options.seed ?? 20200410;
  const areaCount = options.areas;
  const facilityCount = options.facilities;
  if (!Number.isInteger(areaCount) || areaCount < 0)
    throw new Error('areas must be an integer ≥ 0');
  if (!Number.isInteger(facilityCount) || facilityCount < 0) {
    throw new Error('facilities must be an integer ≥ 0');
  }
  if (facilityCount > 0 && areaCount === 0) throw new Error('facilities need at least one area');
  const rng = createRandom(seed, 'scaled');
  const areas = generateScaledAreas(rng, areaCount);
  const facilities = generateScaledFacilities(rng, areas, facilityCount);
  return { synthetic: true, seed, areas: areas.columns, facilities };
}

type AreaBuild = {
  columns: ScaledDataset['areas'];
  /** Town of each area, and the first area of each town (ids are contiguous per town). */
  town: Uint32Array;
  townStart: Uint32Array;
};

function generateScaledAreas(rng: Random, count: number): AreaBuild {
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const households = new Uint32Array(count);
  const population = new Uint32Array(count);
  const kind = new Uint8Array(count);
  const community = new Float64Array(count);
  const town = new Uint32Array(count);
  const townStarts: number[] = [];
  const cities = Math.max(1, Math.ceil(count / AREAS_PER_CITY));
  if (cities > 9999) throw new Error('at most 29,997,000 areas');
  const newKind = AREA_KINDS.indexOf('new');
  const existingKind = AREA_KINDS.indexOf('existing');
  for (let c = 0; c < cities; c++) {
    const from = Math.floor((c * count) / cities);
    const to = Math.floor(((c + 1) * count) / cities);
    const centre: [number, number] =
      c === 0 ? ZIBO_CENTRE : [rng.float(102, 122), rng.float(23, 41)];
    const towns = Math.max(1, Math.ceil((to - from) / AREAS_PER_TOWN));
    for (let t = 0; t < towns; t++) {
      const tFrom = from + Math.floor((t * (to - from)) / towns);
      const tTo = from + Math.floor(((t + 1) * (to - from)) / towns);
      // The first quarter of the towns form the dense core; the rest spread over the county.
      const spread = t < towns / 4 ? 4000 : 15000;
      const [tLon, tLat] = offset(centre, rng.normal(0, spread), rng.normal(0, spread));
      townStarts.push(tFrom);
      const townIndex = townStarts.length - 1;
      let communityNo = 0;
      let leftInCommunity = 0;
      for (let i = tFrom; i < tTo; i++) {
        if (leftInCommunity === 0) {
          communityNo++;
          leftInCommunity = rng.int(1, 3);
        }
        leftInCommunity--;
        const [x, y] = offset([tLon, tLat], rng.normal(0, 1200), rng.normal(0, 1200));
        lon[i] = x;
        lat[i] = y;
        const h = Math.round(rng.logUniform(80, 3000));
        households[i] = h;
        population[i] = Math.round(h * rng.float(2.5, 3.1));
        kind[i] = rng.chance(0.1) ? newKind : existingKind;
        community[i] = (c + 1) * 1e6 + (t + 1) * 1e3 + communityNo;
        town[i] = townIndex;
      }
    }
  }
  townStarts.push(count);
  return {
    columns: { count, lon, lat, households, population, kind, community },
    town,
    townStart: Uint32Array.from(townStarts),
  };
}

function generateScaledFacilities(
  rng: Random,
  areas: AreaBuild,
  count: number,
): ScaledDataset['facilities'] {
  const type = new Uint8Array(count);
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const floorArea = new Float32Array(count);
  const siteArea = new Float32Array(count);
  const constructionStatus = new Uint8Array(count);
  const useStatus = new Uint8Array(count);
  const areaStart = new Uint32Array(count + 1);
  let areaIds = new Uint32Array(Math.max(16, count * 3));
  let used = 0;
  const areaCount = areas.columns.count;
  for (let f = 0; f < count; f++) {
    const t = pickIndex(rng, TYPE_CUMULATIVE);
    const code = FACILITY_TYPE_CODES[t] as FacilityTypeCode;
    const primary = rng.int(0, areaCount - 1);
    const townIndex = areas.town[primary] as number;
    const townFrom = areas.townStart[townIndex] as number;
    const townTo = areas.townStart[townIndex + 1] as number;
    const [minExtra, maxExtra] = EXTRA_AREAS[code];
    const served = Math.min(townTo - townFrom, 1 + rng.int(minExtra, maxExtra), 50);
    const first = Math.max(townFrom, Math.min(primary - (served >> 1), townTo - served));
    if (used + served > areaIds.length) {
      const grown = new Uint32Array(areaIds.length * 2 + served);
      grown.set(areaIds);
      areaIds = grown;
    }
    for (let k = 0; k < served; k++) areaIds[used++] = first + k + 1;
    areaStart[f + 1] = used;
    const middle = first + (served >> 1);
    const [x, y] = offset(
      [areas.columns.lon[middle] as number, areas.columns.lat[middle] as number],
      rng.normal(0, 150),
      rng.normal(0, 150),
    );
    type[f] = t;
    lon[f] = x;
    lat[f] = y;
    const construction = pickIndex(rng, CONSTRUCTION_WEIGHTS);
    constructionStatus[f] = construction;
    const built = construction === BUILT || construction === BUILT_SHORT;
    useStatus[f] = built ? pickIndex(rng, USE_WEIGHTS) : NO_STATUS;
    const shrink = construction === BUILT_SHORT ? rng.float(0.45, 0.8) : 1;
    const size = FACILITY_SIZES[code].urban;
    floorArea[f] = size.floor ? Math.round(rng.float(size.floor[0], size.floor[1]) * shrink) : NaN;
    siteArea[f] = size.site ? Math.round(rng.float(size.site[0], size.site[1])) : NaN;
  }
  return {
    count,
    type,
    lon,
    lat,
    floorArea,
    siteArea,
    constructionStatus,
    useStatus,
    areaStart,
    areaIds: areaIds.slice(0, used),
  };
}

function offset([lon, lat]: [number, number], dx: number, dy: number): [number, number] {
  const cos = Math.cos((lat * Math.PI) / 180);
  return [
    Math.round((lon + dx / (111_320 * cos)) * 1e6) / 1e6,
    Math.round((lat + dy / 110_574) * 1e6) / 1e6,
  ];
}

/** The area at index i (id i + 1) as an object. */
export function readScaledArea(dataset: ScaledDataset, i: number): ScaledArea {
  const a = dataset.areas;
  return {
    id: i + 1,
    lon: a.lon[i] as number,
    lat: a.lat[i] as number,
    households: a.households[i] as number,
    population: a.population[i] as number,
    kind: AREA_KINDS[a.kind[i] as number] as AreaKind,
    regionCode: `99${String(a.community[i]).padStart(10, '0')}`,
  };
}

/** The facility at index i (id i + 1) as an object. */
export function readScaledFacility(dataset: ScaledDataset, i: number): ScaledFacility {
  const f = dataset.facilities;
  const floor = f.floorArea[i] as number;
  const site = f.siteArea[i] as number;
  const use = f.useStatus[i] as number;
  return {
    id: i + 1,
    type: FACILITY_TYPE_CODES[f.type[i] as number] as FacilityTypeCode,
    lon: f.lon[i] as number,
    lat: f.lat[i] as number,
    floorArea: Number.isNaN(floor) ? null : floor,
    siteArea: Number.isNaN(site) ? null : site,
    residentialAreaIds: Array.from(
      f.areaIds.subarray(f.areaStart[i] as number, f.areaStart[i + 1] as number),
    ),
    constructionStatus: STAGE_STATUSES.construction[
      f.constructionStatus[i] as number
    ] as ConstructionStatus,
    useStatus: use === NO_STATUS ? null : (STAGE_STATUSES.use[use] as UseStatus),
  };
}

/** Every area and facility as objects, for engines that take arrays (costs memory). */
export function expandScaledDataset(dataset: ScaledDataset): {
  areas: ScaledArea[];
  facilities: ScaledFacility[];
} {
  const areas = new Array<ScaledArea>(dataset.areas.count);
  for (let i = 0; i < areas.length; i++) areas[i] = readScaledArea(dataset, i);
  const facilities = new Array<ScaledFacility>(dataset.facilities.count);
  for (let i = 0; i < facilities.length; i++) facilities[i] = readScaledFacility(dataset, i);
  return { areas, facilities };
}
