import {
  CATEGORY_CODES,
  FACILITY_TYPE_CODES,
  type ConstructionStatus,
  type FacilityTypeCode,
  type StandardRule,
  type UseStatus,
} from '@zibo/shared';
import { loadStandardsCatalogue } from '../src/modules/standards/catalogue.ts';
import {
  GapEngine,
  type EvalArea,
  type EvalFacility,
} from '../src/modules/gap-analysis/engine/evaluate.ts';
import { destinationPoint, exactDistance } from '../src/modules/gap-analysis/engine/geodesy.ts';
import { PointIndex } from '../src/modules/gap-analysis/engine/spatial-index.ts';
import { KeptFindings } from '../src/modules/gap-analysis/gap-analysis.kept.ts';
import { currentCity } from '../src/platform/city.ts';
import type { PeerRun } from './postgis-peer.ts';
import { collectGarbage } from './memory.ts';

export type GapDataset = { areas: EvalArea[]; facilities: EvalFacility[] };

export type BenchGapOptions = {
  /** City-size dataset (default: synthetic, 3,000 areas and 10,000 facilities in Zibo). */
  city?: GapDataset;
  /**
   * Large dataset (default: synthetic, 100,000 areas and 500,000 facilities in Shandong), or a
   * function making it: called after the city figures, so the city is measured in a heap that
   * does not also hold half a million objects it never reads (they made the city's evaluation
   * up to twice as slow through the collector).
   */
  large?: GapDataset | (() => GapDataset | Promise<GapDataset>);
  seed?: number;
  /** Pairs compared against the exact distance in the exactness check. */
  exactnessPairs?: number;
  /** Facility edits timed on the large dataset. */
  edits?: number;
  rules?: StandardRule[];
  log?: (line: string) => void;
  /**
   * A peer measured in the same run against the engine's full evaluation (postgis-peer.ts): given
   * the dataset, the rules, the engine's time and its findings, it returns its own figures.
   * Run on the city, and on the large dataset too when `peerLarge`.
   */
  peer?: (run: PeerRun) => Promise<BenchFigure[]>;
  peerLarge?: boolean;
};

export type BenchFigure = {
  name: string;
  measured: number;
  unit: string;
  target: number | null;
  /**
   * `max`: the measured figure must stay below the target; `min`: must reach it (a ratio
   * against a peer); `equal`: must equal it.
   */
  kind: 'max' | 'min' | 'equal' | 'info';
};

/** Runs the gap-analysis benchmark, printing each figure beside its target and the ratio. */
export async function benchGapAnalysis(opts: BenchGapOptions = {}): Promise<BenchFigure[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const seed = opts.seed ?? 20200410;
  const rules = opts.rules ?? loadStandardsCatalogue();
  const figures: BenchFigure[] = [];
  const record = (f: BenchFigure) => {
    figures.push(f);
    log(formatFigure(f));
  };

  log(`gap analysis benchmark — node ${process.version}, ${rules.length} catalogue entries`);
  log(pad('figure', 58) + pad('measured', 14) + pad('target', 12) + 'ratio');

  await benchCity(opts, rules, seed, record);
  await benchLarge(opts, rules, seed, record, log);

  const failed = figures.filter((f) => !passes(f));
  log(
    failed.length === 0 ? 'all figures within target' : `${failed.length} figure(s) outside target`,
  );
  return figures;
}

const SETTINGS = { personsPerHousehold: 3.2 };

/** The city-size figures (in their own function so the city data is freed before the large run). */
async function benchCity(
  opts: BenchGapOptions,
  rules: StandardRule[],
  seed: number,
  record: (f: BenchFigure) => void,
): Promise<void> {
  const settings = SETTINGS;
  const city =
    opts.city ??
    generateSyntheticDataset({ seed, cities: 1, areasPerCity: 3_000, facilitiesPerCity: 10_000 });
  const cityEngine = new GapEngine({ rules, settings });
  record({
    name: `load, city (${fmt(city.areas.length)} areas, ${fmt(city.facilities.length)} facilities)`,
    measured: time(() => cityEngine.load(city.areas, city.facilities)),
    unit: 'ms',
    target: null,
    kind: 'info',
  });
  let cityFindings = 0;
  const cityTimes = repeat(11, () => (cityFindings = cityEngine.evaluateAll().length));
  record({
    name: `full evaluation, city (${fmt(cityFindings)} findings), median of 11`,
    measured: median(cityTimes),
    unit: 'ms',
    target: 100,
    kind: 'max',
  });
  record({
    name: 'full evaluation, city, into the kept state (a rebuild), median of 11',
    measured: median(repeat(11, () => keepAll(city, cityEngine))),
    unit: 'ms',
    target: null,
    kind: 'info',
  });
  // Issue 12: the peer (tuned PostGIS) on the same areas, facilities and rules, before any edit.
  if (opts.peer) {
    // The edits PostGIS is compared on, made on a copy so this engine stays as the data says.
    const copy = new GapEngine({ rules, settings });
    copy.load(city.areas, city.facilities);
    const edits = editLoop(copy, city, seed + 5, 210, false);
    const run: PeerRun = {
      label: 'city',
      data: city,
      rules,
      settings,
      engineMs: median(cityTimes),
      engineHow: 'median of 11',
      findings: cityEngine.evaluateAll(),
      edits: { areaIds: edits.areaIds, medianMs: median(edits.times.slice(10)) },
    };
    for (const f of await opts.peer(run)) record(f);
  }

  const cityEdits = editLoop(cityEngine, city, seed + 1, 300);
  const fresh = new GapEngine({ rules, settings });
  fresh.load(city.areas, [...cityEdits.ledger.values()]);
  record({
    name: 'incremental equals full re-evaluation, city (areas differing)',
    measured: countDifferingAreas(cityEdits.current, fresh.evaluateAll()),
    unit: '',
    target: 0,
    kind: 'equal',
  });
}

/** The large-dataset figures: full evaluation, exactness, incremental edits. */
async function benchLarge(
  opts: BenchGapOptions,
  rules: StandardRule[],
  seed: number,
  record: (f: BenchFigure) => void,
  log: (line: string) => void,
): Promise<void> {
  const settings = SETTINGS;
  let large = typeof opts.large === 'function' ? await opts.large() : opts.large;
  if (!large) {
    const started = performance.now();
    large = generateSyntheticDataset({
      seed: seed + 2,
      cities: 33,
      areasPerCity: 3_031,
      facilitiesPerCity: 15_152,
    });
    log(
      `  (generated ${fmt(large.areas.length)} areas and ${fmt(large.facilities.length)} facilities in ${(performance.now() - started).toFixed(0)} ms)`,
    );
  }
  const engine = new GapEngine({ rules, settings });
  const loadMs = time(() => engine.load(large.areas, large.facilities));
  record({
    name: `load, large (${fmt(large.areas.length)} areas, ${fmt(large.facilities.length)} facilities)`,
    measured: loadMs,
    unit: 'ms',
    target: null,
    kind: 'info',
  });
  // Issue 12: what the first request of a process costs (the database read aside): the load
  // above, then the evaluation packed into the kept state, on a fresh engine as a server does.
  let kept = new KeptFindings();
  const keptMs = time(() => (kept = keepAll(large, engine)));
  record({
    name: 'first gap request, large (load + evaluation + kept state)',
    measured: loadMs + keptMs,
    unit: 'ms',
    target: 5000,
    kind: 'max',
  });
  const everything = { categories: new Set<string>(CATEGORY_CODES) };
  record({
    name: 'summary by district, large (kept), median of 101',
    measured: median(repeat(101, () => kept.summary('', everything, 6))),
    unit: 'ms',
    target: 20,
    kind: 'max',
  });
  // A community's row is kept with its cell until an area there changes: the first summary
  // counts every row, later ones recount only the communities that moved.
  record({
    name: 'summary by community, large, first (every row counted)',
    measured: time(() => kept.summary('', everything, 12)),
    unit: 'ms',
    target: null,
    kind: 'info',
  });
  record({
    name: 'summary by community, large (kept), median of 21',
    measured: median(repeat(21, () => kept.summary('', everything, 12))),
    unit: 'ms',
    target: 20,
    kind: 'max',
  });
  {
    // An area edited between summaries (moved to another community and back): its cells recount.
    const a = large.areas[0]!;
    const other = large.areas.find((x) => x.regionCode !== a.regionCode)!.regionCode;
    const codes = [other, a.regionCode];
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      kept.putArea({ id: a.id, name: '', regionCode: codes[i % 2]!, lon: a.lon, lat: a.lat });
      times.push(time(() => kept.summary('', everything, 12)));
    }
    if (codes[20 % 2] !== a.regionCode)
      kept.putArea({ id: a.id, name: '', regionCode: a.regionCode, lon: a.lon, lat: a.lat });
    record({
      name: 'summary by community after an area edit, large, median of 21',
      measured: median(times),
      unit: 'ms',
      target: 20,
      kind: 'max',
    });
  }
  record({
    name: 'findings page 1 of 50, large (kept), median of 101',
    measured: median(repeat(101, () => kept.page('', everything, 0, 50))),
    unit: 'ms',
    target: null,
    kind: 'info',
  });
  const total = kept.totals('', everything);
  let findings = 0;
  for (const c of total.byCategory.values()) findings += c.met + c.short + c.missing;
  record({
    name: 'findings last page of 50, large (kept), median of 5',
    measured: median(repeat(5, () => kept.page('', everything, findings - 50, 50))),
    unit: 'ms',
    target: null,
    kind: 'info',
  });
  collectGarbage();
  const memory = process.memoryUsage();
  const rss = memory.rss / 2 ** 20;
  record({
    name: 'RSS after the first request, large (bench data included)',
    measured: Math.round(rss),
    unit: 'MB',
    target: 1024,
    kind: 'max',
  });
  // Where the RSS goes: objects on the V8 heap, typed-array buffers (packed findings, indexes).
  record({
    name: 'of which V8 heap in use, large',
    measured: Math.round(memory.heapUsed / 2 ** 20),
    unit: 'MB',
    target: null,
    kind: 'info',
  });
  record({
    name: 'of which array buffers, large',
    measured: Math.round(memory.arrayBuffers / 2 ** 20),
    unit: 'MB',
    target: null,
    kind: 'info',
  });

  // A full evaluation as a rebuild makes it (into the kept state), and as finding objects (what
  // tests and the PostGIS comparison read).
  record({
    name: 'full evaluation, large, into the kept state, median of 3',
    measured: median(repeat(3, () => keepAll(large, engine))),
    unit: 'ms',
    target: 3000,
    kind: 'max',
  });
  let largeFindings = 0;
  const largeTimes = repeat(3, () => (largeFindings = engine.evaluateAll().length));
  record({
    name: `full evaluation, large, as ${fmt(largeFindings)} finding objects, median of 3`,
    measured: median(largeTimes),
    unit: 'ms',
    target: null,
    kind: 'info',
  });

  // Exactness (before the edits, so the engine holds exactly the dataset).
  const exact = checkExactness(engine, large, opts.exactnessPairs ?? 1_000_000, seed + 4);
  record({
    name: `exactness: (area, facility) pairs compared`,
    measured: exact.pairs,
    unit: '',
    target: null,
    kind: 'info',
  });
  record({
    name: `exactness: pairs within 0.5 m of the radius`,
    measured: exact.nearBoundary,
    unit: '',
    target: null,
    kind: 'info',
  });
  record({
    name: 'exactness: disagreements farther than 0.5 m from the radius',
    measured: exact.farDisagreements,
    unit: '',
    target: 0,
    kind: 'equal',
  });
  record({
    name: 'exactness: disagreements at any distance',
    measured: exact.disagreements,
    unit: '',
    target: 0,
    kind: 'equal',
  });
  const ring = checkBoundaryRing(seed + 5);
  record({
    name: `exactness: boundary ring (${fmt(ring.pairs)} pairs at r ± 1 m), disagreements`,
    measured: ring.disagreements,
    unit: '',
    target: 0,
    kind: 'equal',
  });
  // The peer on the large dataset (opt-in: loading it into PostGIS takes a while).
  if (opts.peer && opts.peerLarge) {
    const run: PeerRun = {
      label: 'large',
      data: large,
      rules,
      settings,
      engineMs: median(largeTimes),
      engineHow: 'median of 3',
      findings: engine.evaluateAll(),
    };
    for (const f of await opts.peer(run)) record(f);
  }

  const edits = editLoop(engine, large, seed + 3, opts.edits ?? 500, false);
  record({
    name: `incremental edit, large, median of ${edits.times.length} (avg ${edits.avgAreas.toFixed(1)} areas)`,
    measured: median(edits.times),
    unit: 'ms',
    target: 10,
    kind: 'max',
  });
  record({
    name: 'incremental edit, large, 99th percentile',
    measured: percentile(edits.times, 0.99),
    unit: 'ms',
    target: 10,
    kind: 'max',
  });
  record({
    name: 'incremental edit, large, slowest (includes index rebuilds)',
    measured: Math.max(...edits.times),
    unit: 'ms',
    target: null,
    kind: 'info',
  });
}

/** The kept state of a whole evaluation, as the cache builds it on its first request. */
function keepAll(data: GapDataset, engine: GapEngine): KeptFindings {
  const kept = new KeptFindings();
  for (const a of data.areas)
    kept.putArea({ id: a.id, name: '', regionCode: a.regionCode, lon: a.lon, lat: a.lat });
  engine.evaluateInto(kept.sink());
  return kept;
}

export function formatFigure(f: BenchFigure): string {
  const value =
    f.unit === 'ms'
      ? `${f.measured.toFixed(f.measured < 10 ? 2 : 1)} ms`
      : `${fmt(f.measured)}${f.unit ? ` ${f.unit}` : ''}`;
  const target =
    f.target === null
      ? '—'
      : f.kind === 'max'
        ? `< ${fmt(f.target)} ${f.unit}`
        : f.kind === 'min'
          ? `≥ ${fmt(f.target)} ${f.unit}`
          : `= ${fmt(f.target)}`;
  const ratio =
    f.target === null
      ? ''
      : f.kind === 'max' || f.kind === 'min'
        ? `${(f.measured / f.target).toFixed(3)}${passes(f) ? '' : '  ✗'}`
        : passes(f)
          ? 'ok'
          : '✗';
  return pad(f.name, 58) + pad(value, 14) + pad(target, 12) + ratio;
}

/** Whether a figure is within its target (`info` and target-less figures always are). */
export function passes(f: BenchFigure): boolean {
  if (f.target === null || f.kind === 'info') return true;
  if (f.kind === 'max') return f.measured < f.target;
  if (f.kind === 'min') return f.measured >= f.target;
  return f.measured === f.target;
}

/** Times `edits` random facility edits; returns the per-edit times and the patched findings. */
function editLoop(engine: GapEngine, data: GapDataset, seed: number, edits: number, keep = true) {
  const r = random(seed);
  const ledger = new Map(data.facilities.map((f) => [f.id, f]));
  const current = keep ? groupByArea(engine.evaluateAll()) : new Map<number, unknown[]>();
  const ids = data.facilities.map((f) => f.id);
  let nextId = Math.max(0, ...ids.slice(-1)) + 1;
  const times: number[] = [];
  const areaIds: number[][] = [];
  let areas = 0;
  for (let i = 0; i < edits; i++) {
    const roll = r();
    const target = ledger.get(ids[Math.floor(r() * ids.length)] as number);
    let update;
    const started = performance.now();
    if (roll < 0.1 && target) {
      update = engine.removeFacility(target.id);
      ledger.delete(target.id);
    } else if (roll < 0.2 || !target) {
      const base = data.areas[Math.floor(r() * data.areas.length)] as EvalArea;
      const f = syntheticFacility(nextId++, base, r);
      update = engine.upsertFacility(f);
      ledger.set(f.id, f);
    } else {
      const moved =
        target.lon !== null && target.lat !== null
          ? destinationPoint(target.lon, target.lat, r() * 360, r() * 300)
          : [null, null];
      const f: EvalFacility = {
        ...target,
        lon: moved[0],
        lat: moved[1],
        floorArea:
          target.floorArea === null ? null : Math.round(target.floorArea * (0.8 + r() * 0.4)),
        useStatus: r() < 0.2 ? 'idle' : target.useStatus,
      };
      update = engine.upsertFacility(f);
      ledger.set(f.id, f);
    }
    times.push(performance.now() - started);
    areaIds.push([...update.areaIds]);
    areas += update.areaIds.length;
    if (keep) {
      const fresh = groupByArea(update.findings);
      for (const id of update.areaIds) current.set(id, fresh.get(id) ?? []);
    }
  }
  return { times, areaIds, avgAreas: areas / Math.max(1, edits), ledger, current };
}

function countDifferingAreas(
  current: Map<number, unknown[]>,
  expected: readonly { residentialAreaId: number }[],
): number {
  const want = groupByArea(expected);
  const ids = new Set([...current.keys(), ...want.keys()]);
  let differing = 0;
  for (const id of ids) {
    if (JSON.stringify(current.get(id) ?? []) !== JSON.stringify(want.get(id) ?? [])) differing++;
  }
  return differing;
}

function groupByArea<T extends { residentialAreaId: number }>(
  findings: readonly T[],
): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const f of findings) {
    let list = m.get(f.residentialAreaId);
    if (!list) m.set(f.residentialAreaId, (list = []));
    list.push(f);
  }
  return m;
}

/**
 * Compares the index's coverage answers with the exact WGS-84 distance for a large sample of
 * (area, facility) pairs. For each sampled area and radius rule, every facility of the type in
 * a grid neighbourhood of twice the radius (found without the index) is measured exactly.
 */
function checkExactness(engine: GapEngine, data: GapDataset, wanted: number, seed: number) {
  const r = random(seed);
  const cell = 0.02;
  const grid = new Map<string, EvalFacility[]>();
  const key = (type: string, x: number, y: number) => `${type}:${x}:${y}`;
  for (const f of data.facilities) {
    if (f.lon === null || f.lat === null) continue;
    const k = key(f.type, Math.floor(f.lon / cell), Math.floor(f.lat / cell));
    let list = grid.get(k);
    if (!list) grid.set(k, (list = []));
    list.push(f);
  }
  const typed = FACILITY_TYPE_CODES.filter((t) => engine.maxRadiusOf(t) > 0);
  let pairs = 0;
  let nearBoundary = 0;
  let disagreements = 0;
  let farDisagreements = 0;
  while (pairs < wanted) {
    const a = data.areas[Math.floor(r() * data.areas.length)] as EvalArea;
    if (a.lon === null || a.lat === null) continue;
    const type = typed[Math.floor(r() * typed.length)] as FacilityTypeCode;
    // Any radius up to the type's, so the boundary falls at many distances.
    const radius = engine.maxRadiusOf(type) * (0.5 + r());
    const covered = new Set(engine.findFacilitiesNear(type, a.lon, a.lat, radius).map((n) => n.id));
    const reach = Math.ceil((2 * radius) / 111_000 / cell / Math.cos((a.lat * Math.PI) / 180)) + 1;
    const cx = Math.floor(a.lon / cell);
    const cy = Math.floor(a.lat / cell);
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (const f of grid.get(key(type, cx + dx, cy + dy)) ?? []) {
          const d = exactDistance(a.lon, a.lat, f.lon as number, f.lat as number);
          if (d > 2 * radius) continue;
          pairs++;
          const nearEdge = Math.abs(d - radius) <= 0.5;
          if (nearEdge) nearBoundary++;
          if (d <= radius !== covered.has(f.id)) {
            disagreements++;
            if (!nearEdge) farDisagreements++;
          }
        }
      }
    }
  }
  return { pairs, nearBoundary, disagreements, farDisagreements };
}

/** Points placed exactly (Karney's direct problem) within a metre either side of the radius. */
function checkBoundaryRing(seed: number) {
  const r = random(seed);
  let pairs = 0;
  let disagreements = 0;
  for (let c = 0; c < 200; c++) {
    const lon = 117.8 + r() * 0.6;
    const lat = 36.5 + r() * 0.5;
    const radius = [300, 500, 1000][c % 3] as number;
    const points = Array.from({ length: 500 }, (_, i) => {
      const offset = (r() * 2 - 1) * 1;
      const [plon, plat] = destinationPoint(lon, lat, r() * 360, radius + offset);
      return { id: i, lon: plon, lat: plat, item: offset <= 0 };
    });
    const hits = new Set(new PointIndex(points).within(lon, lat, radius).map((h) => h.id));
    for (const p of points) {
      pairs++;
      const truth = exactDistance(lon, lat, p.lon, p.lat) <= radius;
      if (truth !== hits.has(p.id)) disagreements++;
    }
  }
  return { pairs, disagreements };
}

const TYPE_WEIGHTS: [FacilityTypeCode, number][] = [
  ['kindergarten', 10],
  ['primary_school', 5],
  ['middle_school', 3],
  ['community_service_room', 12],
  ['elderly_day_care', 6],
  ['elderly_service_station', 8],
  ['convenience_market', 6],
  ['convenience_store', 24],
  ['sports_venue', 4],
  ['fitness_site', 14],
  ['health_centre', 2],
  ['health_station', 6],
];
const WEIGHT_TOTAL = TYPE_WEIGHTS.reduce((s, [, w]) => s + w, 0);

function pickType(r: () => number): FacilityTypeCode {
  let x = r() * WEIGHT_TOTAL;
  for (const [t, w] of TYPE_WEIGHTS) {
    x -= w;
    if (x < 0) return t;
  }
  return 'convenience_store';
}

const CITY_CENTRES: [number, number][] = [[118.05, 36.8]];

/**
 * A development stand-in for the demo generator: clusters of areas around city centres (the
 * first on Zibo, the others across Shandong), facilities placed near an area and linked to it
 * and sometimes to a neighbour, with the usual share of unfinished and idle ones.
 */
export function generateSyntheticDataset(opts: {
  seed: number;
  cities: number;
  areasPerCity: number;
  facilitiesPerCity: number;
}): GapDataset {
  const r = random(opts.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const areas: EvalArea[] = [];
  const facilities: EvalFacility[] = [];
  for (let c = 0; c < opts.cities; c++) {
    const [clon, clat] = CITY_CENTRES[c] ?? [115.5 + r() * 6, 34.8 + r() * 3];
    const regionPrefix =
      c === 0
        ? (currentCity().centralDistrict ?? `${currentCity().code}01`)
        : `37${String(1 + (c % 17)).padStart(2, '0')}02`;
    const first = areas.length;
    for (let i = 0; i < opts.areasPerCity; i++) {
      // Districts of the city: a few sub-centres within 15 km, areas spread ~2.5 km around each.
      const sub = Math.floor(r() * 6);
      const subLon = clon + Math.cos(sub) * 0.08 * (sub > 0 ? 1 : 0);
      const subLat = clat + Math.sin(sub) * 0.06 * (sub > 0 ? 1 : 0);
      const located = r() > 0.02;
      const households = Math.floor(150 + r() * 2500);
      areas.push({
        id: areas.length + 1,
        lon: located ? subLon + gauss() * 0.03 : null,
        lat: located ? subLat + gauss() * 0.022 : null,
        households,
        population: r() < 0.6 ? Math.round(households * (2.4 + r() * 1.2)) : null,
        kind: r() < 0.2 ? 'new' : 'existing',
        regionCode: `${regionPrefix}${String(1 + Math.floor(r() * 20)).padStart(3, '0')}${String(1 + Math.floor(r() * 30)).padStart(3, '0')}`,
      });
    }
    const cityAreas = areas.slice(first);
    for (let i = 0; i < opts.facilitiesPerCity; i++) {
      const base = cityAreas[Math.floor(r() * cityAreas.length)] as EvalArea;
      const f = syntheticFacility(facilities.length + 1, base, r);
      if (r() < 0.25) {
        const neighbour = cityAreas[Math.floor(r() * cityAreas.length)] as EvalArea;
        f.residentialAreaIds.push(neighbour.id);
      }
      facilities.push(f);
    }
  }
  return { areas, facilities };
}

const CONSTRUCTION: (ConstructionStatus | null)[] = [
  'built',
  'built',
  'built',
  'built',
  'built',
  'built_short',
  'under_construction',
  'not_started',
  null,
];
const USE: (UseStatus | null)[] = [
  'in_use',
  'in_use',
  'in_use',
  'in_use',
  'in_use',
  'idle',
  'repurposed',
  'occupied',
  null,
];
const SIZE: Record<FacilityTypeCode, [number, number]> = {
  kindergarten: [1200, 4000],
  primary_school: [4000, 15000],
  middle_school: [6000, 20000],
  community_service_room: [100, 900],
  elderly_day_care: [200, 900],
  elderly_service_station: [60, 400],
  convenience_market: [300, 1500],
  convenience_store: [40, 200],
  sports_venue: [300, 2500],
  fitness_site: [100, 1200],
  health_centre: [800, 3000],
  health_station: [80, 300],
};

function syntheticFacility(id: number, base: EvalArea, r: () => number): EvalFacility {
  const type = pickType(r);
  const [lo, hi] = SIZE[type];
  let lon: number | null = null;
  let lat: number | null = null;
  if (base.lon !== null && base.lat !== null && r() > 0.03) {
    [lon, lat] = destinationPoint(base.lon, base.lat, r() * 360, r() * 600);
  }
  const size = Math.round(lo + r() * (hi - lo));
  return {
    id,
    type,
    lon,
    lat,
    floorArea: r() < 0.05 ? null : size,
    siteArea: r() < 0.4 ? null : Math.round(size * (1 + r())),
    residentialAreaIds: [base.id],
    constructionStatus: CONSTRUCTION[Math.floor(r() * CONSTRUCTION.length)] ?? null,
    useStatus: USE[Math.floor(r() * USE.length)] ?? null,
  };
}

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

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** One warm-up run, then `n` timed runs. */
function repeat(n: number, fn: () => void): number[] {
  fn();
  return Array.from({ length: n }, () => time(fn));
}

function median(xs: readonly number[]): number {
  return percentile(xs, 0.5);
}

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}
