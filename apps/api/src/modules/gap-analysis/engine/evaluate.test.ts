import { describe, expect, it } from 'vitest';
import type { FacilityTypeCode, Finding, StandardRule } from '@zibo/shared';
import { loadStandardsCatalogue } from '../../standards/index.ts';
import { destinationPoint } from './geodesy.ts';
import {
  GapEngine,
  buildAreaContext,
  evaluateArea,
  type EvalArea,
  type EvalFacility,
} from './evaluate.ts';

const ZIBO = '370303001001';
const JINAN = '370102001001';
const BEIJING = '110101001001';
const SETTINGS = { personsPerHousehold: 3.2 };
const HERE = { lon: 118.05, lat: 36.8 };

function rule(
  p: Partial<StandardRule> & Pick<StandardRule, 'id' | 'facilityType' | 'metric'>,
): StandardRule {
  return {
    version: 1,
    code: p.id,
    catalogueCodes: [],
    category: null,
    countedTypes: [],
    value: null,
    unit: '',
    anyOf: null,
    appliesTo: {
      areaKinds: ['new', 'existing'],
      minHouseholds: null,
      maxHouseholds: null,
      minPopulation: null,
      maxPopulation: null,
      description: '',
    },
    jurisdiction: 'national',
    lifeCircle: null,
    informational: false,
    informationalKind: null,
    active: true,
    source: `source of ${p.id}`,
    clause: 'n/a',
    issuedOn: '2020',
    verified: true,
    note: null,
    derivedFrom: [],
    origin: null,
    ...p,
  };
}

function area(p: Partial<EvalArea> = {}): EvalArea {
  return {
    id: 1,
    lon: HERE.lon,
    lat: HERE.lat,
    households: 1000,
    population: null,
    kind: 'existing',
    regionCode: ZIBO,
    ...p,
  };
}

function facility(p: Partial<EvalFacility> & Pick<EvalFacility, 'id' | 'type'>): EvalFacility {
  return {
    lon: null,
    lat: null,
    floorArea: null,
    siteArea: null,
    residentialAreaIds: [],
    constructionStatus: 'built',
    useStatus: 'in_use',
    ...p,
  };
}

function at(distance: number, azimuth = 45): { lon: number; lat: number } {
  const [lon, lat] = destinationPoint(HERE.lon, HERE.lat, azimuth, distance);
  return { lon, lat };
}

function evaluate(
  a: EvalArea,
  facilities: EvalFacility[],
  rules: StandardRule[],
  areas: EvalArea[] = [],
  settings = SETTINGS,
): Finding[] {
  return evaluateArea(a, buildAreaContext({ area: a, facilities, areas }), rules, settings);
}

const radius = (id: string, type: FacilityTypeCode, value: number) =>
  rule({ id, facilityType: type, metric: 'service_radius', value });

describe('precedence', () => {
  const floor = (id: string, jurisdiction: StandardRule['jurisdiction'], value: number) =>
    rule({
      id,
      facilityType: 'kindergarten',
      metric: 'min_floor_area_per_site',
      value,
      jurisdiction,
    });
  const rules = [
    floor('N', 'national', 1000),
    floor('S', 'shandong', 1500),
    floor('Z', 'zibo', 2000),
  ];
  const kg = facility({ id: 10, type: 'kindergarten', floorArea: 1800, residentialAreaIds: [1] });

  it('lets a Zibo rule beat Shandong and Shandong beat national for the same type and metric', () => {
    expect(
      evaluate(area({ regionCode: ZIBO }), [kg], rules).map((f) => [f.ruleId, f.status]),
    ).toEqual([['Z', 'short']]);
    expect(
      evaluate(area({ regionCode: JINAN }), [kg], rules).map((f) => [f.ruleId, f.status]),
    ).toEqual([['S', 'met']]);
    expect(evaluate(area({ regionCode: BEIJING }), [kg], rules).map((f) => f.ruleId)).toEqual([
      'N',
    ]);
  });

  it('falls back to the next level when the local rule does not apply to the area', () => {
    const zNew = {
      ...floor('Z', 'zibo', 2000),
      appliesTo: { ...rules[2]!.appliesTo, areaKinds: ['new' as const] },
    };
    const found = evaluate(area({ kind: 'existing' }), [kg], [rules[0]!, rules[1]!, zNew]);
    expect(found.map((f) => f.ruleId)).toEqual(['S']);
  });

  it('prefers a verified rule, then the newer document, at the same level', () => {
    const a = { ...floor('A', 'national', 1000), verified: false, issuedOn: '2024' };
    const b = { ...floor('B', 'national', 1200), verified: true, issuedOn: '2006' };
    const c = { ...floor('C', 'national', 1300), verified: true, issuedOn: '2009' };
    expect(evaluate(area({ regionCode: BEIJING }), [kg], [a, b, c]).map((f) => f.ruleId)).toEqual([
      'C',
    ]);
  });

  it('never applies comparator or inactive rules', () => {
    const comparator = { ...floor('X', 'comparator', 5000) };
    const inactive = { ...floor('Y', 'zibo', 9000), active: false };
    expect(evaluate(area(), [kg], [rules[0]!, comparator, inactive]).map((f) => f.ruleId)).toEqual([
      'N',
    ]);
  });
});

describe('amounts', () => {
  const perHouseholds = rule({
    id: 'R',
    facilityType: 'community_service_room',
    metric: 'floor_area_per_100_households',
    value: 30,
  });

  it('apportions a facility shared by two areas by households', () => {
    const a1 = area({ id: 1, households: 300 });
    const a2 = area({ id: 2, households: 100 });
    const room = facility({
      id: 5,
      type: 'community_service_room',
      floorArea: 400,
      residentialAreaIds: [1, 2],
    });
    const f1 = evaluate(a1, [room], [perHouseholds], [a1, a2])[0]!;
    const f2 = evaluate(a2, [room], [perHouseholds], [a1, a2])[0]!;
    expect([f1.required, f1.actual, f1.status]).toEqual([90, 300, 'met']);
    expect([f2.required, f2.actual, f2.status]).toEqual([30, 100, 'met']);
  });

  it('does not count facilities not yet built or not serving their purpose', () => {
    const rooms = [
      facility({
        id: 5,
        type: 'community_service_room',
        floorArea: 200,
        residentialAreaIds: [1],
        constructionStatus: 'under_construction',
      }),
      facility({
        id: 6,
        type: 'community_service_room',
        floorArea: 200,
        residentialAreaIds: [1],
        useStatus: 'repurposed',
      }),
      facility({
        id: 7,
        type: 'community_service_room',
        floorArea: 100,
        residentialAreaIds: [1],
        constructionStatus: null,
        useStatus: null,
      }),
    ];
    const f = evaluate(area({ households: 1000 }), rooms, [perHouseholds])[0]!;
    expect(f).toMatchObject({
      required: 300,
      actual: 100,
      status: 'short',
      facilityCount: 1,
      excludedCount: 2,
    });
  });

  it('reports missing when nothing counts and says when an area is unknown', () => {
    expect(evaluate(area(), [], [perHouseholds])[0]).toMatchObject({
      actual: 0,
      status: 'missing',
    });
    const unknown = facility({ id: 5, type: 'community_service_room', residentialAreaIds: [1] });
    expect(evaluate(area(), [unknown], [perHouseholds])[0]).toMatchObject({
      status: 'short',
      reason: 'facility_area_unknown',
    });
  });

  it('estimates persons from households only where the population is unknown', () => {
    const perPerson = rule({
      id: 'P',
      facilityType: 'fitness_site',
      metric: 'site_area_per_person',
      value: 0.3,
    });
    const estimated = evaluate(area({ households: 1000, population: null }), [], [perPerson], [], {
      personsPerHousehold: 2.5,
    })[0]!;
    expect([estimated.required, estimated.populationEstimated]).toEqual([750, true]);
    const recorded = evaluate(area({ households: 1000, population: 2000 }), [], [perPerson], [], {
      personsPerHousehold: 2.5,
    })[0]!;
    expect([recorded.required, recorded.populationEstimated]).toEqual([600, false]);
  });
});

describe('either/or', () => {
  const anyOf = rule({
    id: 'E',
    facilityType: 'fitness_site',
    metric: 'any_of',
    anyOf: [
      {
        code: 'A',
        metric: 'floor_area_per_person',
        value: 0.1,
        countedTypes: ['sports_venue', 'fitness_site'],
      },
      {
        code: 'B',
        metric: 'site_area_per_person',
        value: 0.3,
        countedTypes: ['fitness_site', 'sports_venue'],
      },
    ],
  });

  it('is met when either alternative is met', () => {
    const outdoor = facility({
      id: 3,
      type: 'fitness_site',
      siteArea: 950,
      floorArea: 0,
      residentialAreaIds: [1],
    });
    const f = evaluate(area({ population: 3000 }), [outdoor], [anyOf])[0]!;
    expect(f.status).toBe('met');
    expect(f.alternatives?.map((a) => [a.code, a.required, a.actual, a.status])).toEqual([
      ['A', 300, 0, 'short'],
      ['B', 900, 950, 'met'],
    ]);
    expect([f.required, f.actual]).toEqual([900, 950]);
  });

  it('reports the alternative closest to being met when neither is', () => {
    const hall = facility({
      id: 4,
      type: 'sports_venue',
      floorArea: 200,
      siteArea: 100,
      residentialAreaIds: [1],
    });
    const f = evaluate(area({ population: 3000 }), [hall], [anyOf])[0]!;
    expect([f.status, f.required, f.actual, f.unit]).toEqual(['short', 300, 200, 'm²']);
  });
});

describe('service radius', () => {
  const r300 = radius('K', 'kindergarten', 300);

  it('is decided by the exact distance at the boundary', () => {
    const inside = facility({ id: 1, type: 'kindergarten', ...at(300 - 0.001) });
    const outside = facility({ id: 2, type: 'kindergarten', ...at(300 + 0.001, 200) });
    expect(evaluate(area(), [inside], [r300])[0]).toMatchObject({ status: 'met', actual: 300 });
    expect(evaluate(area(), [outside], [r300])[0]).toMatchObject({
      status: 'missing',
      actual: null,
    });
  });

  it('counts an unlinked facility nearby and reports the nearest distance', () => {
    const fs = [
      facility({ id: 1, type: 'kindergarten', ...at(250) }),
      facility({ id: 2, type: 'kindergarten', ...at(120, 300) }),
    ];
    expect(evaluate(area(), fs, [r300])[0]).toMatchObject({
      status: 'met',
      actual: 120,
      facilityCount: 2,
    });
  });

  it('ignores a nearby facility that is idle but counts it as excluded', () => {
    const idle = facility({ id: 1, type: 'kindergarten', ...at(100), useStatus: 'idle' });
    expect(evaluate(area(), [idle], [r300])[0]).toMatchObject({
      status: 'missing',
      facilityCount: 0,
      excludedCount: 1,
    });
  });

  it('cannot be checked for an area without coordinates', () => {
    const linked = facility({ id: 1, type: 'kindergarten', residentialAreaIds: [1], ...at(100) });
    const noPlace = area({ lon: null, lat: null });
    expect(evaluate(noPlace, [], [r300])[0]).toMatchObject({
      status: 'missing',
      reason: 'area_location_unknown',
    });
    expect(evaluate(noPlace, [linked], [r300])[0]).toMatchObject({
      status: 'short',
      reason: 'area_location_unknown',
    });
  });

  it('says when the linked facility has no coordinates', () => {
    const linked = facility({ id: 1, type: 'kindergarten', residentialAreaIds: [1] });
    expect(evaluate(area(), [linked], [r300])[0]).toMatchObject({
      status: 'short',
      reason: 'facility_location_unknown',
      facilityCount: 1,
    });
  });
});

describe('per-site minimum and population per site', () => {
  const min = rule({
    id: 'M',
    facilityType: 'kindergarten',
    metric: 'min_floor_area_per_site',
    value: 2200,
  });

  it('gives no finding when no facility serves the area', () => {
    expect(evaluate(area(), [], [min])).toEqual([]);
  });

  it('is met when the largest serving facility reaches the minimum, nearby ones included', () => {
    const small = facility({
      id: 1,
      type: 'kindergarten',
      floorArea: 1800,
      residentialAreaIds: [1],
    });
    const big = facility({ id: 2, type: 'kindergarten', floorArea: 2400, ...at(200) });
    expect(evaluate(area(), [small], [min])[0]).toMatchObject({ status: 'short', actual: 1800 });
    // Without a radius rule only linked facilities serve the area.
    expect(evaluate(area(), [small, big], [min])[0]).toMatchObject({
      status: 'short',
      actual: 1800,
    });
    const withRadius = evaluate(area(), [small, big], [min, radius('K', 'kindergarten', 300)]);
    expect(withRadius.find((f) => f.ruleId === 'M')).toMatchObject({
      status: 'met',
      actual: 2400,
      facilityCount: 2,
    });
  });

  it('counts sites against population per site', () => {
    const pop = rule({
      id: 'H',
      facilityType: 'health_centre',
      metric: 'population_per_site',
      value: 50_000,
    });
    const centre = facility({
      id: 1,
      type: 'health_centre',
      floorArea: 1500,
      residentialAreaIds: [1],
    });
    expect(evaluate(area({ population: 120_000 }), [centre], [pop])[0]).toMatchObject({
      required: 3,
      actual: 1,
      unit: '处',
      status: 'short',
    });
  });
});

/** A deterministic random ledger around central Zibo. */
function randomLedger(seed: number, areaCount: number, facilityCount: number) {
  let s = seed >>> 0;
  const r = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const types: FacilityTypeCode[] = [
    'kindergarten',
    'primary_school',
    'middle_school',
    'community_service_room',
    'elderly_day_care',
    'elderly_service_station',
    'convenience_market',
    'convenience_store',
    'sports_venue',
    'fitness_site',
    'health_centre',
    'health_station',
  ];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const areas: EvalArea[] = Array.from({ length: areaCount }, (_, i) => ({
    id: i + 1,
    lon: r() < 0.05 ? null : 118.0 + r() * 0.08,
    lat: r() < 0.05 ? null : 36.78 + r() * 0.06,
    households: Math.floor(100 + r() * 3000),
    population: r() < 0.5 ? null : Math.floor(300 + r() * 60_000),
    kind: r() < 0.3 ? 'new' : 'existing',
    regionCode: r() < 0.9 ? ZIBO : JINAN,
  }));
  const makeFacility = (id: number): EvalFacility => {
    const located = r() > 0.05;
    return {
      id,
      type: pick(types),
      lon: located ? 118.0 + r() * 0.08 : null,
      lat: located ? 36.78 + r() * 0.06 : null,
      floorArea: r() < 0.05 ? null : Math.floor(50 + r() * 3000),
      siteArea: r() < 0.3 ? null : Math.floor(50 + r() * 4000),
      residentialAreaIds: Array.from(
        { length: 1 + Math.floor(r() * 3) },
        () => 1 + Math.floor(r() * areaCount),
      ),
      constructionStatus: pick([
        'built',
        'built',
        'built',
        'built_short',
        'under_construction',
        null,
      ] as const),
      useStatus: pick(['in_use', 'in_use', 'in_use', 'idle', 'occupied', null] as const),
    };
  };
  const facilities = Array.from({ length: facilityCount }, (_, i) => makeFacility(i + 1));
  return { areas, facilities, makeFacility, r };
}

const byArea = (findings: readonly Finding[]) => {
  const m = new Map<number, Finding[]>();
  for (const f of findings) {
    let list = m.get(f.residentialAreaId);
    if (!list) m.set(f.residentialAreaId, (list = []));
    list.push(f);
  }
  return m;
};

describe('GapEngine', () => {
  const rules = loadStandardsCatalogue();

  it('finds the same as the plain evaluation with exact distances for every area', () => {
    const { areas, facilities } = randomLedger(11, 250, 1_500);
    const engine = new GapEngine({ rules, settings: SETTINGS });
    engine.load(areas, facilities);
    const fromEngine = byArea(engine.evaluateAll());
    for (const a of areas) {
      const plain = evaluateArea(
        a,
        buildAreaContext({ area: a, facilities, areas }),
        rules,
        SETTINGS,
      );
      expect(fromEngine.get(a.id) ?? []).toEqual(plain);
    }
  });

  it('re-evaluates only nearby and linked areas on an edit, ending equal to a full re-evaluation', () => {
    const { areas, facilities, makeFacility, r } = randomLedger(12, 400, 2_000);
    const engine = new GapEngine({ rules, settings: SETTINGS });
    engine.load(areas, facilities);
    const current = byArea(engine.evaluateAll());
    const ledger = new Map(facilities.map((f) => [f.id, f]));
    let touched = 0;
    for (let step = 0; step < 400; step++) {
      const id = 1 + Math.floor(r() * 2_300);
      let update;
      if (r() < 0.2) {
        update = engine.removeFacility(id);
        ledger.delete(id);
      } else {
        const f = makeFacility(id);
        update = engine.upsertFacility(f);
        ledger.set(id, f);
      }
      touched += update.areaIds.length;
      const fresh = byArea(update.findings);
      for (const areaId of update.areaIds) current.set(areaId, fresh.get(areaId) ?? []);
    }
    // An edit touches the areas within one radius and its links, not the whole ledger.
    expect(touched / 400).toBeLessThan(areas.length / 4);
    const final = new GapEngine({ rules, settings: SETTINGS });
    final.load(areas, [...ledger.values()]);
    const expected = byArea(final.evaluateAll());
    for (const a of areas) expect(current.get(a.id) ?? []).toEqual(expected.get(a.id) ?? []);
  });

  it('explains which facilities lie behind an area’s findings', () => {
    const engine = new GapEngine({ rules, settings: SETTINGS });
    engine.load(
      [area({ id: 1 }), area({ id: 2, households: 3000 })],
      [
        facility({ id: 1, type: 'kindergarten', residentialAreaIds: [1, 2], ...at(120) }),
        facility({ id: 2, type: 'kindergarten', ...at(250), useStatus: 'idle' }),
        facility({ id: 3, type: 'kindergarten', ...at(900) }),
      ],
    );
    expect(engine.explain(1, 'kindergarten')).toEqual({
      radius: 300,
      facilities: [
        { facilityId: 1, linked: true, share: 0.25, distance: 120, counted: true },
        { facilityId: 2, linked: false, share: null, distance: 250, counted: false },
      ],
    });
    expect(engine.explain(99, 'kindergarten')).toBeNull();
  });

  it('derives the facilities a new project must build', () => {
    const engine = new GapEngine({ rules, settings: SETTINGS });
    engine.load([], []);
    const required = engine.requiredFor({ households: 1500, regionCode: ZIBO, ...HERE });
    const of = (t: FacilityTypeCode) => required.find((r) => r.facilityType === t);
    // CMS-004: 30 m² × 1,500 / 100 = 450 m², above the Shandong 300 m² per site (CMS-007).
    expect(of('community_service_room')).toMatchObject({ floorArea: 450, sites: 1 });
    // ELD-001: 20 m² × 1,500 / 100 = 300 m².
    expect(of('elderly_service_station')).toMatchObject({ floorArea: 300 });
    // No kindergarten within 300 m (EDU-020): one of at least 2,200 m² floor, 3,500 m² site.
    expect(of('kindergarten')).toMatchObject({ floorArea: 2200, siteArea: 3500, sites: 1 });
    expect(of('primary_school')).toMatchObject({ floorArea: null, siteArea: null, sites: 1 });
    // 1,500 households × 3.2 = 4,800 persons: indoor 480 m² or outdoor 1,440 m² (SPT-001/002).
    expect(of('fitness_site')?.alternatives).toEqual([
      { code: 'SPT-001', floorArea: 480, siteArea: null },
      { code: 'SPT-002', floorArea: null, siteArea: 1440 },
    ]);
    // Health centres are set from 30,000 residents (HLT-012/014). A small ball court within
    // 300 m (SPT-024, GB 50180 附录C, 待核实): one site, no amount rule.
    expect(of('health_centre')).toBeUndefined();
    expect(of('sports_venue')).toMatchObject({ floorArea: null, siteArea: 770, sites: 1 });
    expect(of('sports_venue')?.rules.every((r) => !r.verified)).toBe(true);
  });

  it('does not require a facility a counted one already provides within the radius', () => {
    const engine = new GapEngine({ rules, settings: SETTINGS });
    engine.load([], [facility({ id: 1, type: 'kindergarten', ...at(200), floorArea: 2500 })]);
    const required = engine.requiredFor({ households: 1500, regionCode: ZIBO, ...HERE });
    expect(required.find((r) => r.facilityType === 'kindergarten')).toBeUndefined();
  });
});
