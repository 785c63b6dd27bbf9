import type {
  AreaKind,
  ConstructionStatus,
  FacilityTypeCode,
  HandoverStatus,
  Ownership,
  PlanningStatus,
  UseStatus,
} from '@zibo/shared';
import { pointInGeometry } from '../platform/geo.ts';
import { readRegions } from '../modules/org/index.ts';
import { currentCity } from '../platform/city.ts';
import {
  NameBook,
  ROAD_NAMES,
  proposeUrbanAreaNames,
  shortenCommunityName,
  shortenRegionName,
  stripDemoMark,
  toChineseOrdinal,
} from './demo-names.ts';
import { FACILITY_SIZES } from './facility-sizes.ts';
import { createRandom, type Random } from './random.ts';

export { generateScaledDataset, type ScaledDataset } from './scaled-dataset.ts';
export { DEMO_MARK } from './demo-names.ts';

/** The default seed: the policy's survey deadline, 2020-04-10 (P3). */
export const DEFAULT_DEMO_SEED = 20200410;

/** A demo residential area, in the shape the ledger stores and the gap analysis reads. */
export type DemoArea = {
  id: number;
  name: string;
  /** The 12-digit code of the real community (村/居委会) the area belongs to. */
  regionCode: string;
  address: string;
  /** WGS-84. */
  lon: number;
  lat: number;
  households: number;
  population: number | null;
  buildYear: number | null;
  kind: AreaKind;
};

export type DemoStage<S extends string> = { status: S | null; note: string | null };

/** A demo facility; `constructionStatus` and `useStatus` repeat `stages` for the gap analysis. */
export type DemoFacility = {
  id: number;
  type: FacilityTypeCode;
  name: string;
  residentialAreaIds: number[];
  floorArea: number | null;
  siteArea: number | null;
  /** WGS-84. */
  lon: number;
  lat: number;
  ownership: Ownership;
  operator: string | null;
  stages: {
    planning: DemoStage<PlanningStatus>;
    construction: DemoStage<ConstructionStatus>;
    handover: DemoStage<HandoverStatus>;
    use: DemoStage<UseStatus>;
  };
  constructionStatus: ConstructionStatus;
  useStatus: UseStatus | null;
};

export type DemoDataset = { areas: DemoArea[]; facilities: DemoFacility[] };

/** The fields of a region row the generator reads (a row of `readRegions()`). */
export type DemoRegion = {
  code: string;
  name: string;
  level: string;
  parentCode?: string | null;
  kind: string;
  lon?: number | null;
  lat?: number | null;
  outline?: unknown;
};

type Point = [number, number];
type Outline = { type: string; coordinates: unknown };

type District = {
  code: string;
  name: string;
  short: string;
  outline: Outline;
  bbox: [number, number, number, number];
  center: Point;
  /** 张店区 is the central, most urban district; the other 市辖区 come next, the 县 last. */
  urbanRank: 0 | 1 | 2;
};

type Street = {
  code: string;
  name: string;
  short: string;
  isSubdistrict: boolean;
  district: District;
  anchor: Point;
  communities: Community[];
  areas: DemoArea[];
};

type Community = {
  code: string;
  name: string;
  display: string;
  urban: boolean;
  street: Street;
  anchor: Point;
  areas: DemoArea[];
};

const OWNERSHIP_WEIGHTS: Record<
  FacilityTypeCode,
  { urban: [Ownership, number][]; rural: [Ownership, number][] }
> = {
  kindergarten: {
    urban: [
      ['government', 60],
      ['investor', 25],
      ['owners', 5],
      ['other', 10],
    ],
    rural: [
      ['government', 80],
      ['other', 20],
    ],
  },
  primary_school: { urban: [['government', 100]], rural: [['government', 100]] },
  middle_school: {
    urban: [
      ['government', 95],
      ['other', 5],
    ],
    rural: [['government', 100]],
  },
  community_service_room: {
    urban: [
      ['government', 78],
      ['owners', 12],
      ['other', 10],
    ],
    rural: [
      ['other', 70],
      ['government', 30],
    ],
  },
  elderly_day_care: {
    urban: [
      ['government', 70],
      ['investor', 20],
      ['other', 10],
    ],
    rural: [
      ['government', 85],
      ['other', 15],
    ],
  },
  elderly_service_station: {
    urban: [
      ['government', 55],
      ['other', 30],
      ['investor', 15],
    ],
    rural: [
      ['other', 65],
      ['government', 35],
    ],
  },
  convenience_market: {
    urban: [
      ['investor', 60],
      ['other', 25],
      ['government', 15],
    ],
    rural: [
      ['other', 50],
      ['government', 30],
      ['investor', 20],
    ],
  },
  convenience_store: {
    urban: [
      ['investor', 85],
      ['owners', 10],
      ['other', 5],
    ],
    rural: [
      ['investor', 70],
      ['other', 30],
    ],
  },
  sports_venue: {
    urban: [
      ['government', 85],
      ['investor', 15],
    ],
    rural: [['government', 100]],
  },
  fitness_site: {
    urban: [
      ['owners', 45],
      ['government', 45],
      ['other', 10],
    ],
    rural: [
      ['other', 60],
      ['government', 40],
    ],
  },
  health_centre: { urban: [['government', 100]], rural: [['government', 100]] },
  health_station: {
    urban: [
      ['government', 60],
      ['other', 25],
      ['investor', 15],
    ],
    rural: [
      ['other', 60],
      ['government', 40],
    ],
  },
};

const REPURPOSED_AS = ['仓库', '商铺', '物业办公用房', '培训机构', '棋牌室'] as const;
const OCCUPIED_BY = ['开发企业', '物业服务企业', '个体经营户', '其他单位'] as const;

/**
 * Generates the demo ledger of the real city: every one of Zibo's 2,931 communities gets at
 * least one residential area, and about 10,000 facilities of the 12 types serve them, with the
 * kinds of gaps a survey finds (P3): missing types, undersized, unfinished, not handed over,
 * idle or misused facilities. Pure and deterministic: the same seed gives the same output.
 */
export function generateZiboDemo(
  options: { seed?: number; regions?: readonly DemoRegion[] } = {},
): DemoDataset {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const streets = buildGeography(seed, options.regions ?? readRegions());
  const names = new NameBook();
  const areas: DemoArea[] = [];
  for (const street of streets) {
    for (const community of street.communities) {
      for (const area of generateAreas(seed, community, names)) {
        area.id = areas.length + 1;
        areas.push(area);
        community.areas.push(area);
        street.areas.push(area);
      }
    }
  }
  const facilities: DemoFacility[] = [];
  const emit = (f: Omit<DemoFacility, 'id'>) =>
    facilities.push({ id: facilities.length + 1, ...f });
  for (const street of streets) {
    const rng = createRandom(seed, `facilities:${street.code}`);
    const builder = new FacilityBuilder(rng, names, street, emit);
    for (const community of street.communities) builder.addCommunityFacilities(community);
    builder.addStreetFacilities();
  }
  return { areas, facilities };
}

/* ---------------------------------------------------------------- geography */

function buildGeography(seed: number, regions: readonly DemoRegion[]): Street[] {
  const rng = createRandom(seed, 'geography');
  const sorted = [...regions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const centralDistrict = currentCity().centralDistrict;
  const districts = new Map<string, District>();
  for (const r of sorted) {
    if (r.level !== 'district') continue;
    const outline = r.outline as Outline | null | undefined;
    if (!outline || r.lon == null || r.lat == null) {
      throw new Error(`district ${r.code} has no outline`);
    }
    districts.set(r.code, {
      code: r.code,
      name: r.name,
      short: shortenRegionName(r.name),
      outline,
      bbox: boundingBox(outline),
      center: [r.lon, r.lat],
      urbanRank: r.code === centralDistrict ? 0 : r.kind === '市辖区' ? 1 : 2,
    });
  }
  const streets = new Map<string, Street>();
  const anchorsByDistrict = new Map<string, Point[]>();
  for (const r of sorted) {
    if (r.level !== 'street') continue;
    const district = districts.get(r.parentCode ?? '');
    if (!district) throw new Error(`street ${r.code} has no district`);
    const isSubdistrict = r.kind === '街道' || r.name.endsWith('街道');
    const placed = anchorsByDistrict.get(district.code) ?? [];
    anchorsByDistrict.set(district.code, placed);
    const own: Point | null = r.lon != null && r.lat != null ? [r.lon, r.lat] : null;
    const anchor =
      own && isInside(own, district)
        ? own
        : placeStreetAnchor(rng, district, isSubdistrict, placed);
    placed.push(anchor);
    streets.set(r.code, {
      code: r.code,
      name: r.name,
      short: shortenRegionName(r.name),
      isSubdistrict,
      district,
      anchor,
      communities: [],
      areas: [],
    });
  }
  for (const r of sorted) {
    if (r.level !== 'community') continue;
    const street = streets.get(r.parentCode ?? '');
    if (!street) throw new Error(`community ${r.code} has no street`);
    const urban = r.kind === '居委会' || r.kind === '类似居委会';
    const own: Point | null = r.lon != null && r.lat != null ? [r.lon, r.lat] : null;
    // Urban communities pack tightly around the sub-district seat; villages spread over the town.
    const spread = urban
      ? street.isSubdistrict
        ? street.district.urbanRank === 0
          ? 900
          : 1100
        : 600
      : 2800;
    const anchor =
      own && isInside(own, street.district)
        ? own
        : sampleNear(rng, street.anchor, spread, street.district);
    street.communities.push({
      code: r.code,
      name: r.name,
      display: shortenCommunityName(r.name, urban),
      urban,
      street,
      anchor,
      areas: [],
    });
  }
  return [...streets.values()];
}

/** A street without a source point: sub-districts near the seat, towns spread out (best of N). */
function placeStreetAnchor(
  rng: Random,
  district: District,
  isSubdistrict: boolean,
  placed: readonly Point[],
): Point {
  let best: Point | null = null;
  let bestDistance = -1;
  for (let i = 0; i < 8; i++) {
    const candidate = isSubdistrict
      ? sampleNear(rng, district.center, 4000, district)
      : sampleInDistrict(rng, district);
    const d = placed.reduce((m, p) => Math.min(m, distanceMetres(p, candidate)), Infinity);
    if (d > bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ?? district.center;
}

function boundingBox(outline: Outline): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
      return;
    }
    for (const x of c) visit(x);
  };
  visit(outline.coordinates);
  return box;
}

function isInside([lon, lat]: Point, district: District): boolean {
  const [minLon, minLat, maxLon, maxLat] = district.bbox;
  if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) return false;
  return pointInGeometry(lon, lat, district.outline);
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_EQUATOR = 111_320;

function offsetPoint([lon, lat]: Point, dxMetres: number, dyMetres: number): Point {
  const cos = Math.cos((lat * Math.PI) / 180);
  return [
    round6(lon + dxMetres / (METRES_PER_DEGREE_LON_EQUATOR * cos)),
    round6(lat + dyMetres / METRES_PER_DEGREE_LAT),
  ];
}

function distanceMetres(a: Point, b: Point): number {
  const cos = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const dx = (a[0] - b[0]) * METRES_PER_DEGREE_LON_EQUATOR * cos;
  const dy = (a[1] - b[1]) * METRES_PER_DEGREE_LAT;
  return Math.sqrt(dx * dx + dy * dy);
}

/** A point about `sigma` metres from `centre`, always inside the district's real outline. */
function sampleNear(rng: Random, centre: Point, sigma: number, district: District): Point {
  for (let i = 0; i < 30; i++) {
    const s = i < 15 ? sigma : sigma / 4;
    const p = offsetPoint(centre, rng.normal(0, s), rng.normal(0, s));
    if (isInside(p, district)) return p;
  }
  const rounded: Point = [round6(centre[0]), round6(centre[1])];
  return isInside(rounded, district) ? rounded : sampleInDistrict(rng, district);
}

/** Rejection sampling inside the district's outline. */
function sampleInDistrict(rng: Random, district: District): Point {
  const [minLon, minLat, maxLon, maxLat] = district.bbox;
  for (let i = 0; i < 100_000; i++) {
    const p: Point = [round6(rng.float(minLon, maxLon)), round6(rng.float(minLat, maxLat))];
    if (isInside(p, district)) return p;
  }
  throw new Error(`cannot sample a point inside district ${district.code}`);
}

function centroid(points: readonly Point[]): Point {
  let lon = 0;
  let lat = 0;
  for (const [x, y] of points) {
    lon += x;
    lat += y;
  }
  return [lon / points.length, lat / points.length];
}

/* -------------------------------------------------------------------- areas */

function generateAreas(seed: number, community: Community, names: NameBook): DemoArea[] {
  const rng = createRandom(seed, `areas:${community.code}`);
  const { street } = community;
  const district = street.district;
  const stem = community.display.replace(/社区$/, '');
  const count = community.urban
    ? rng.pickWeighted<number>(
        district.urbanRank === 0 && street.isSubdistrict
          ? [
              [1, 25],
              [2, 35],
              [3, 25],
              [4, 15],
            ]
          : street.isSubdistrict
            ? [
                [1, 45],
                [2, 33],
                [3, 15],
                [4, 7],
              ]
            : [
                [1, 60],
                [2, 30],
                [3, 10],
              ],
      )
    : rng.chance(0.03)
      ? 2
      : 1;
  const roads = [rng.pick(ROAD_NAMES), rng.pick(ROAD_NAMES)];
  const out: DemoArea[] = [];
  for (let i = 0; i < count; i++) {
    const point =
      i === 0
        ? sampleNear(rng, community.anchor, community.urban ? 120 : 60, district)
        : sampleNear(rng, community.anchor, community.urban ? 350 : 250, district);
    const address = community.urban
      ? `淄博市${district.name}${street.name}${rng.pick(roads)}${rng.int(1, 299)}号`
      : `淄博市${district.name}${street.name}${community.display}`;
    let name: string;
    let households: number;
    let kind: AreaKind;
    let buildYear: number | null;
    if (community.urban) {
      name = names.take(
        proposeUrbanAreaNames(rng, stem, i === 0),
        (n) => `${street.name}第${n}小区`,
      );
      households = Math.round(rng.logUniform(300, 3000));
      const newShare = district.urbanRank === 0 ? 0.14 : 0.09;
      kind = rng.chance(newShare) ? 'new' : 'existing';
      buildYear =
        kind === 'new'
          ? rng.int(2018, 2024)
          : rng.chance(0.07)
            ? null
            : rng.pickWeighted<number>([
                [rng.int(1980, 1989), 15],
                [rng.int(1990, 1999), 30],
                [rng.int(2000, 2009), 35],
                [rng.int(2010, 2017), 20],
              ]);
    } else if (i === 0) {
      name = names.take(
        [community.display, `${street.short}${community.display}`],
        (n) => `${street.short}${community.display}${toChineseOrdinal(n)}`,
      );
      households = Math.round(Math.min(600, Math.max(80, rng.normal(280, 120))));
      kind = 'existing';
      buildYear = null;
    } else {
      // A resettlement estate (安置小区) built for a village: new, and often short of facilities.
      name = names.take(
        [`${community.display}安置小区`],
        (n) => `${community.display}安置${toChineseOrdinal(n)}区`,
      );
      households = rng.int(150, 600);
      kind = 'new';
      buildYear = rng.int(2015, 2023);
    }
    const population = rng.chance(0.08) ? null : Math.round(households * rng.float(2.5, 3.1));
    out.push({
      id: 0,
      name,
      regionCode: community.code,
      address,
      lon: point[0],
      lat: point[1],
      households,
      population,
      buildYear,
      kind,
    });
  }
  return out;
}

/* --------------------------------------------------------------- facilities */

type FacilitySpec = {
  type: FacilityTypeCode;
  baseName: string;
  fallbackName?: (n: number) => string;
  areas: readonly DemoArea[];
  point: Point;
  rural: boolean;
};

class FacilityBuilder {
  private kindergartenOfDistrictNamed = false;

  constructor(
    private readonly rng: Random,
    private readonly names: NameBook,
    private readonly street: Street,
    private readonly emit: (f: Omit<DemoFacility, 'id'>) => void,
  ) {}

  addCommunityFacilities(community: Community): void {
    const { rng } = this;
    const all = community.areas;
    if (all.length === 0) return;
    const near = (sigma: number) => this.near(community.anchor, sigma);
    const stem = community.display;
    const rural = !community.urban;
    const totalHouseholds = all.reduce((s, a) => s + a.households, 0);
    const addForAll = (p: number, type: FacilityTypeCode, baseName: string) => {
      if (rng.chance(p)) this.add({ type, baseName, areas: all, point: near(150), rural });
    };
    if (community.urban) {
      addForAll(0.92, 'community_service_room', `${stem}党群服务中心`);
      addForAll(0.62, 'elderly_service_station', `${stem}养老服务站`);
      addForAll(0.28, 'elderly_day_care', `${stem}日间照料中心`);
      addForAll(0.55, 'health_station', `${stem}卫生服务站`);
      addForAll(totalHouseholds > 2500 ? 0.4 : 0.15, 'convenience_market', `${stem}便民市场`);
      let kindergartenShared = false;
      for (const area of all) {
        const areaStem = stripDemoMark(area.name);
        const pKindergarten = area.households >= 1000 ? 0.72 : area.households >= 600 ? 0.3 : 0.06;
        if (rng.chance(pKindergarten)) {
          // A large area's kindergarten often also takes the children of its small neighbours.
          const served = [area];
          if (!kindergartenShared) {
            kindergartenShared = true;
            for (const other of all)
              if (other !== area && other.households < 600) served.push(other);
          }
          this.add({
            type: 'kindergarten',
            baseName: this.kindergartenName(areaStem),
            areas: served,
            point: this.near([area.lon, area.lat], 150),
            rural,
          });
        }
        const stores =
          (area.households >= 600 ? 1 : rng.chance(0.6) ? 1 : 0) +
          (area.households >= 1500 ? 1 : 0) +
          (rng.chance(0.15) ? 1 : 0);
        for (let k = 0; k < stores; k++) {
          this.add({
            type: 'convenience_store',
            baseName: `${areaStem}便利店`,
            fallbackName: (n) => `${areaStem}便利店${toChineseOrdinal(n)}分店`,
            areas: [area],
            point: this.near([area.lon, area.lat], 150),
            rural,
          });
        }
        if (rng.chance(0.68)) {
          this.add({
            type: 'fitness_site',
            baseName: `${areaStem}健身广场`,
            areas: [area],
            point: this.near([area.lon, area.lat], 120),
            rural,
          });
        }
      }
    } else {
      addForAll(0.86, 'community_service_room', `${stem}党群服务中心`);
      addForAll(0.5, 'health_station', `${stem}卫生室`);
      addForAll(0.22, 'elderly_service_station', `${stem}农村幸福院`);
      addForAll(0.55, 'convenience_store', `${stem}便民超市`);
      addForAll(0.5, 'fitness_site', `${stem}文体广场`);
      addForAll(0.03, 'kindergarten', `${stem}幼儿园`);
    }
  }

  /** Schools, health centres, sports venues and town-level services, each serving a sector. */
  addStreetFacilities(): void {
    const { rng, street } = this;
    const n = street.areas.length;
    if (n === 0) return;
    const sub = street.isSubdistrict;
    const rural = !sub;
    const s = street.short;
    const groups = (perFacility: number) =>
      splitIntoSectors(street.anchor, street.areas, Math.max(1, Math.round(n / perFacility)));
    const place = (served: readonly DemoArea[]) => this.nearAreas(served);
    groups(sub ? 12 : 24).forEach((served, i) => {
      if (i > 0 && rng.chance(0.1)) return;
      const baseName =
        i === 0 ? (sub ? `${s}小学` : `${s}中心小学`) : `${s}第${toChineseOrdinal(i + 1)}小学`;
      this.add({ type: 'primary_school', baseName, areas: served, point: place(served), rural });
    });
    groups(sub ? 30 : 50).forEach((served, i) => {
      const baseName = i === 0 ? `${s}中学` : `${s}第${toChineseOrdinal(i + 1)}中学`;
      this.add({ type: 'middle_school', baseName, areas: served, point: place(served), rural });
    });
    groups(50).forEach((served, i) => {
      if (i > 0 && rng.chance(0.08)) return;
      const main = sub ? `${street.name}社区卫生服务中心` : `${street.name}卫生院`;
      const baseName =
        i === 0
          ? main
          : `${main}${sub ? '' : '第'}${toChineseOrdinal(i + 1)}分${sub ? '中心' : '院'}`;
      this.add({ type: 'health_centre', baseName, areas: served, point: place(served), rural });
    });
    groups(50).forEach((served, i) => {
      if (!rng.chance(0.75)) return;
      const baseName =
        i === 0 ? `${street.name}全民健身中心` : `${street.name}体育场${toChineseOrdinal(i + 1)}`;
      this.add({ type: 'sports_venue', baseName, areas: served, point: place(served), rural });
    });
    if (!sub) {
      groups(40).forEach((served, i) => {
        if (i > 0 && rng.chance(0.3)) return;
        const baseName = i === 0 ? `${s}中心幼儿园` : `${s}第${toChineseOrdinal(i + 1)}幼儿园`;
        this.add({ type: 'kindergarten', baseName, areas: served, point: place(served), rural });
      });
      groups(50).forEach((served, i) => {
        if (!rng.chance(i === 0 ? 0.65 : 0.3)) return;
        const baseName = `${street.name}综合养老服务中心${i === 0 ? '' : toChineseOrdinal(i + 1)}`;
        this.add({
          type: 'elderly_day_care',
          baseName,
          areas: served,
          point: place(served),
          rural,
        });
      });
      groups(35).forEach((served, i) => {
        if (!rng.chance(0.8)) return;
        const baseName = i === 0 ? `${s}集贸市场` : `${s}${toChineseOrdinal(i + 1)}号集贸市场`;
        this.add({
          type: 'convenience_market',
          baseName,
          areas: served,
          point: place(served),
          rural,
        });
      });
    }
  }

  private kindergartenName(areaStem: string): string {
    const district = this.street.district;
    if (!this.kindergartenOfDistrictNamed && this.street.isSubdistrict) {
      const model = `${district.name}实验幼儿园`;
      if (!this.names.has(model)) {
        this.kindergartenOfDistrictNamed = true;
        return model;
      }
    }
    return `${areaStem}幼儿园`;
  }

  private near(centre: Point, sigma: number): Point {
    return sampleNear(this.rng, centre, sigma, this.street.district);
  }

  /** Near the centre of the served areas; near the most central area when that falls outside. */
  private nearAreas(served: readonly DemoArea[]): Point {
    const points = served.map((a): Point => [a.lon, a.lat]);
    const c = centroid(points);
    let closest = points[0] as Point;
    for (const p of points) if (distanceMetres(p, c) < distanceMetres(closest, c)) closest = p;
    const rounded: Point = [round6(c[0]), round6(c[1])];
    return isInside(rounded, this.street.district)
      ? this.near(rounded, 250)
      : this.near(closest, 150);
  }

  private add(spec: FacilitySpec): void {
    const { rng, street } = this;
    const { type, rural } = spec;
    const district = street.district;
    // A second store of an area is a branch (分店); other duplicates take the street's name.
    const name = spec.fallbackName
      ? this.names.take([spec.baseName], spec.fallbackName)
      : this.names.take(
          [spec.baseName, `${street.short}${spec.baseName}`],
          (n) => `${street.short}${spec.baseName}${toChineseOrdinal(n)}`,
        );
    // The stages follow the area the facility was built for: the first one it serves.
    const isNew = spec.areas[0]?.kind === 'new';
    const ownership = rng.pickWeighted(OWNERSHIP_WEIGHTS[type][rural ? 'rural' : 'urban']);
    const stages = drawStages(rng, ownership, isNew);
    const construction = stages.construction.status as ConstructionStatus;
    const size = FACILITY_SIZES[type][rural ? 'rural' : 'urban'];
    // Undersized facilities: flagged built_short, or simply small without a flag (old estates).
    const shrink =
      construction === 'built_short'
        ? rng.float(0.45, 0.8)
        : rng.chance(0.07)
          ? rng.float(0.5, 0.85)
          : 1;
    const floorArea = size.floor
      ? Math.round(rng.float(size.floor[0], size.floor[1]) * shrink)
      : null;
    const siteArea =
      size.site && !(type === 'kindergarten' && !rural && rng.chance(0.25))
        ? Math.round(rng.float(size.site[0], size.site[1]) * (size.floor ? 1 : shrink))
        : null;
    if (construction === 'built_short') {
      stages.construction.note = `建成${floorArea !== null ? `建筑面积${floorArea}` : `用地面积${siteArea ?? 0}`}平方米，低于规划条件要求`;
    }
    const built = construction === 'built' || construction === 'built_short';
    this.emit({
      type,
      name,
      residentialAreaIds: spec.areas.map((a) => a.id),
      floorArea,
      siteArea,
      lon: spec.point[0],
      lat: spec.point[1],
      ownership,
      operator:
        built && rng.chance(0.95)
          ? pickOperator(rng, type, ownership, street, district, rural)
          : null,
      stages,
      constructionStatus: construction,
      useStatus: stages.use.status,
    });
  }
}

/** Splits a street's areas into `k` sectors around its seat, each at most 50 areas (the API limit). */
function splitIntoSectors(anchor: Point, areas: readonly DemoArea[], k: number): DemoArea[][] {
  const parts = Math.max(k, Math.ceil(areas.length / 50));
  const sorted = areas
    .map((a) => ({ a, angle: Math.atan2(a.lat - anchor[1], a.lon - anchor[0]) }))
    .sort((x, y) => x.angle - y.angle || x.a.id - y.a.id)
    .map((x) => x.a);
  const out: DemoArea[][] = [];
  for (let i = 0; i < parts; i++) {
    const from = Math.floor((i * sorted.length) / parts);
    const to = Math.floor(((i + 1) * sorted.length) / parts);
    if (to > from) out.push(sorted.slice(from, to));
  }
  return out;
}

function drawStages(rng: Random, ownership: Ownership, isNew: boolean): DemoFacility['stages'] {
  const construction = rng.pickWeighted<ConstructionStatus>(
    isNew
      ? [
          ['built', 70],
          ['built_short', 8],
          ['under_construction', 14],
          ['not_started', 8],
        ]
      : [
          ['built', 90],
          ['built_short', 6],
          ['under_construction', 2.5],
          ['not_started', 1.5],
        ],
  );
  const built = construction === 'built' || construction === 'built_short';
  const planning = built
    ? rng.pickWeighted<PlanningStatus>(
        isNew
          ? [
              ['planned', 95],
              ['not_planned', 2],
              ['plan_changed', 3],
            ]
          : [
              ['planned', 88],
              ['not_planned', 9],
              ['plan_changed', 3],
            ],
      )
    : rng.pickWeighted<PlanningStatus>([
        ['planned', 90],
        ['plan_changed', 10],
      ]);
  let handover: HandoverStatus | null;
  if (!built) handover = 'not_due';
  else if (ownership === 'investor') handover = null;
  else if (ownership === 'owners')
    handover = rng.pickWeighted<HandoverStatus>([
      ['handed_over', 90],
      ['pending', 10],
    ]);
  else
    handover = rng.pickWeighted<HandoverStatus>(
      isNew
        ? [
            ['handed_over', 62],
            ['pending', 28],
            ['refused', 10],
          ]
        : [
            ['handed_over', 92],
            ['pending', 5],
            ['refused', 3],
          ],
    );
  const notHandedOver = handover === 'pending' || handover === 'refused';
  const use: UseStatus | null = !built
    ? null
    : rng.pickWeighted<UseStatus>(
        notHandedOver
          ? [
              ['in_use', 40],
              ['idle', 25],
              ['occupied', 30],
              ['repurposed', 5],
            ]
          : [
              ['in_use', 91],
              ['idle', 3.5],
              ['repurposed', 3],
              ['occupied', 2.5],
            ],
      );
  return {
    planning: { status: planning, note: planningNote(planning) },
    construction: { status: construction, note: constructionNote(rng, construction) },
    handover: { status: handover, note: handoverNote(handover) },
    use: { status: use, note: useNote(rng, use) },
  };
}

function planningNote(status: PlanningStatus): string | null {
  switch (status) {
    case 'planned':
      return null;
    case 'not_planned':
      return '规划条件未载明该设施';
    case 'plan_changed':
      return '规划调整后设施位置或面积发生变更';
  }
}

function constructionNote(rng: Random, status: ConstructionStatus): string | null {
  switch (status) {
    case 'built':
    case 'built_short':
      return null;
    case 'not_started':
      return '已列入规划，尚未开工';
    case 'under_construction':
      return `主体施工中，计划${rng.int(2025, 2027)}年建成`;
  }
}

function handoverNote(status: HandoverStatus | null): string | null {
  switch (status) {
    case null:
    case 'not_due':
    case 'handed_over':
      return null;
    case 'pending':
      return '已竣工验收，待办理移交手续';
    case 'refused':
      return '建设单位未按协议移交';
  }
}

function useNote(rng: Random, status: UseStatus | null): string | null {
  switch (status) {
    case null:
    case 'in_use':
      return null;
    case 'idle':
      return '建成后长期闲置';
    case 'repurposed':
      return `被改作${rng.pick(REPURPOSED_AS)}使用`;
    case 'occupied':
      return `被${rng.pick(OCCUPIED_BY)}占用`;
  }
}

function pickOperator(
  rng: Random,
  type: FacilityTypeCode,
  ownership: Ownership,
  street: Street,
  district: District,
  rural: boolean,
): string {
  const localGovernment = street.isSubdistrict ? `${street.name}办事处` : `${street.name}人民政府`;
  const committee = rural ? '村民委员会' : '社区居民委员会';
  switch (type) {
    case 'kindergarten':
      return ownership === 'government' ? `${district.name}教育局` : '民办普惠性幼儿园举办者';
    case 'primary_school':
    case 'middle_school':
      return `${district.name}教育局`;
    case 'community_service_room':
      return committee;
    case 'elderly_day_care':
    case 'elderly_service_station':
      return ownership === 'investor' || rng.chance(0.4) ? '第三方养老服务机构' : committee;
    case 'convenience_market':
      return ownership === 'government'
        ? localGovernment
        : rng.pick(['市场运营企业', '个体经营户']);
    case 'convenience_store':
      return rng.pick(['连锁便利店企业', '个体经营户', '个体经营户']);
    case 'sports_venue':
      return ownership === 'government' ? `${district.name}体育局` : '体育场馆运营企业';
    case 'fitness_site':
      return ownership === 'owners' ? '物业服务企业' : committee;
    case 'health_centre':
      return `${district.name}卫生健康局`;
    case 'health_station':
      return rural ? '乡村医生' : `${street.name}社区卫生服务中心`;
  }
}
