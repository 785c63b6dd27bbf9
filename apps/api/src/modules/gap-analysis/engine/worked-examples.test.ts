import { describe, expect, it } from 'vitest';
import type { FacilityTypeCode, Finding } from '@zibo/shared';
import { loadStandardsCatalogue } from '../../standards/index.ts';
import { destinationPoint } from './geodesy.ts';
import { buildAreaContext, evaluateArea, type EvalArea, type EvalFacility } from './evaluate.ts';

/*
 * Worked examples: each figure below is computed by hand from the catalogue row it cites, then
 * checked against the engine running on the real catalogue.
 */

const rules = loadStandardsCatalogue();
const SETTINGS = { personsPerHousehold: 3.2 };
const HERE = { lon: 118.05, lat: 36.8 };

function area(p: Partial<EvalArea> = {}): EvalArea {
  return {
    id: 1,
    ...HERE,
    households: 1000,
    population: null,
    kind: 'existing',
    regionCode: '370303001001',
    ...p,
  };
}

function facility(p: Partial<EvalFacility> & Pick<EvalFacility, 'id' | 'type'>): EvalFacility {
  return {
    lon: null,
    lat: null,
    floorArea: null,
    siteArea: null,
    residentialAreaIds: [1],
    constructionStatus: 'built',
    useStatus: 'in_use',
    ...p,
  };
}

function at(distance: number, azimuth = 30) {
  const [lon, lat] = destinationPoint(HERE.lon, HERE.lat, azimuth, distance);
  return { lon, lat };
}

function findings(a: EvalArea, facilities: EvalFacility[], areas: EvalArea[] = [a]): Finding[] {
  return evaluateArea(a, buildAreaContext({ area: a, facilities, areas }), rules, SETTINGS);
}

function of(list: Finding[], type: FacilityTypeCode, metric?: Finding['metric']): Finding[] {
  return list.filter((f) => f.facilityType === type && (!metric || f.metric === metric));
}

describe('worked examples from the catalogue', () => {
  it('P3 ELD-001: a new area of 1,500 households needs 300 m² of elderly care', () => {
    const [f] = of(
      findings(area({ kind: 'new', households: 1500 }), []),
      'elderly_service_station',
    );
    expect(f).toMatchObject({
      ruleCode: 'ELD-001',
      jurisdiction: 'shandong',
      required: 300,
      actual: 0,
      unit: 'm²',
      status: 'missing',
      verified: true,
    });
  });

  it('P3 ELD-001: a day-care centre and a service station together make up the 300 m²', () => {
    const list = findings(area({ kind: 'new', households: 1500 }), [
      facility({ id: 1, type: 'elderly_day_care', floorArea: 180 }),
      facility({ id: 2, type: 'elderly_service_station', floorArea: 150 }),
    ]);
    expect(of(list, 'elderly_service_station')[0]).toMatchObject({
      actual: 330,
      status: 'met',
      facilityCount: 2,
    });
  });

  it('P2 ELD-001 is a rule for new areas only: an existing area gets no elderly-care amount', () => {
    expect(
      of(findings(area({ kind: 'existing', households: 1500 }), []), 'elderly_service_station'),
    ).toEqual([]);
  });

  it('P3 CMS-004: an existing area of 800 households needs 240 m² of community rooms; its share of a shared room is 200 m²', () => {
    const a = area({ id: 1, households: 800 });
    const b = area({ id: 2, households: 400 });
    const room = facility({
      id: 9,
      type: 'community_service_room',
      floorArea: 300,
      residentialAreaIds: [1, 2],
    });
    const list = findings(a, [room], [a, b]);
    // 30 m² × 800 / 100 = 240 m²; 300 m² × 800 / (800 + 400) = 200 m².
    expect(of(list, 'community_service_room', 'floor_area_per_100_households')[0]).toMatchObject({
      ruleCode: 'CMS-004',
      required: 240,
      actual: 200,
      status: 'short',
    });
    // Shandong's 150 m² for old urban areas (CMS-008) governs over the national 600 m² (CMS-002).
    expect(of(list, 'community_service_room', 'min_floor_area_per_site')[0]).toMatchObject({
      ruleCode: 'CMS-008',
      jurisdiction: 'shandong',
      required: 150,
      actual: 300,
      status: 'met',
    });
  });

  it('P3 CMS-007: in a new area the Shandong minimum per site is 300 m²', () => {
    const list = findings(area({ kind: 'new' }), [
      facility({ id: 9, type: 'community_service_room', floorArea: 260 }),
    ]);
    expect(of(list, 'community_service_room', 'min_floor_area_per_site')[0]).toMatchObject({
      ruleCode: 'CMS-007',
      required: 300,
      actual: 260,
      status: 'short',
    });
  });

  it('P3 SPT-001/SPT-002: 3,000 residents need indoor 300 m² or outdoor 900 m²; a 950 m² ground meets it', () => {
    const list = findings(area({ kind: 'new', population: 3000 }), [
      facility({ id: 3, type: 'fitness_site', siteArea: 950, floorArea: 0 }),
    ]);
    const [f] = of(list, 'fitness_site', 'any_of');
    // The 2022 opinion (SPT-001/002) governs over the 2016 plan (SPT-004) with the same figures.
    expect(f).toMatchObject({
      ruleCode: 'SPT-001/SPT-002',
      status: 'met',
      required: 900,
      actual: 950,
    });
    expect(f?.alternatives?.map((x) => [x.code, x.required])).toEqual([
      ['SPT-001', 300],
      ['SPT-002', 900],
    ]);
  });

  it('P3 SPT-001/SPT-002 with unknown population: 1,000 households × 3.2 = 3,200 persons need indoor 320 m²', () => {
    const [f] = of(findings(area({ kind: 'new', population: null }), []), 'fitness_site', 'any_of');
    expect(f?.alternatives?.map((x) => x.required)).toEqual([320, 960]);
    expect(f).toMatchObject({ status: 'missing', populationEstimated: true });
  });

  it('P3 EDU-020: a kindergarten 299.6 m away is within the 300 m radius, one 300.4 m away is not (Shandong 2018, verified)', () => {
    const near = of(
      findings(area(), [
        facility({ id: 1, type: 'kindergarten', residentialAreaIds: [], ...at(299.6) }),
      ]),
      'kindergarten',
      'service_radius',
    );
    const far = of(
      findings(area(), [
        facility({ id: 1, type: 'kindergarten', residentialAreaIds: [], ...at(300.4) }),
      ]),
      'kindergarten',
      'service_radius',
    );
    expect(near[0]).toMatchObject({
      ruleCode: 'EDU-020',
      status: 'met',
      actual: 300,
      verified: true,
      jurisdiction: 'shandong',
    });
    expect(far[0]).toMatchObject({ status: 'missing', actual: null });
  });

  it('P5 EDU-002/EDU-003: a 1,800 m² kindergarten on 3,000 m² falls short of 2,200 m² floor and 3,500 m² site', () => {
    const list = findings(area(), [
      facility({ id: 1, type: 'kindergarten', floorArea: 1800, siteArea: 3000, ...at(100) }),
    ]);
    expect(of(list, 'kindergarten', 'min_floor_area_per_site')[0]).toMatchObject({
      ruleCode: 'EDU-002',
      required: 2200,
      actual: 1800,
      status: 'short',
    });
    expect(of(list, 'kindergarten', 'min_site_area_per_site')[0]).toMatchObject({
      ruleCode: 'EDU-003',
      required: 3500,
      actual: 3000,
      status: 'short',
    });
  });

  it('P3 EDU-022: a middle school 950 m away covers the area (1,000 m radius); a primary school there does not (500 m, EDU-021)', () => {
    const list = findings(area(), [
      facility({ id: 1, type: 'middle_school', residentialAreaIds: [], ...at(950) }),
      facility({ id: 2, type: 'primary_school', residentialAreaIds: [], ...at(950, 200) }),
    ]);
    expect(of(list, 'middle_school')[0]).toMatchObject({
      ruleCode: 'EDU-022',
      status: 'met',
      actual: 950,
    });
    expect(of(list, 'primary_school')[0]).toMatchObject({ ruleCode: 'EDU-021', status: 'missing' });
  });

  it('P3 HLT-013: the 2020 standard of 120 m² governs health stations over the 2006 and 2009 150 m²', () => {
    const list = findings(area(), [facility({ id: 1, type: 'health_station', floorArea: 130 })]);
    expect(of(list, 'health_station')).toMatchObject([
      { ruleCode: 'HLT-013', required: 120, actual: 130, status: 'met' },
    ]);
  });

  it('P3 HLT-014: 120,000 residents need ceil(120,000 / 100,000) = 2 health centres; 20,000 need none by population', () => {
    // CHECK.md: HLT-014 (2006 编制标准指导意见, 3–10万 per centre) is now verified, and as the newer
    // verified national document it governs over HLT-012 (c.2000, 3–5万).
    const centres = [1].map((id) => facility({ id, type: 'health_centre', floorArea: 1200 }));
    const big = findings(area({ population: 120_000 }), centres);
    expect(of(big, 'health_centre', 'population_per_site')[0]).toMatchObject({
      ruleCode: 'HLT-014',
      required: 2,
      actual: 1,
      status: 'short',
      verified: true,
    });
    // HLT-001: each centre at least 1,000 m²; the verified 2006 basic standard beats the unverified GB 50180 1,700 m².
    expect(of(big, 'health_centre', 'min_floor_area_per_site')[0]).toMatchObject({
      ruleCode: 'HLT-001',
      required: 1000,
      status: 'met',
    });
    expect(of(findings(area({ population: 20_000 }), []), 'health_centre')).toEqual([]);
  });

  it('P3 COM-004: a convenience store 250 m away is within five minutes’ walk, taken as 300 m (GEN-008)', () => {
    const list = findings(area(), [
      facility({ id: 1, type: 'convenience_store', residentialAreaIds: [], ...at(250) }),
    ]);
    expect(of(list, 'convenience_store')[0]).toMatchObject({
      ruleCode: 'COM-004',
      required: 300,
      status: 'met',
      verified: true,
    });
    expect(rules.find((r) => r.id === 'COM-004')?.derivedFrom).toEqual(['GEN-008']);
  });

  it('P3 COM-021: a convenience market 480 m away with 600 m² is within 500 m but below 750 m² (COM-020)', () => {
    const list = findings(area(), [
      facility({
        id: 1,
        type: 'convenience_market',
        residentialAreaIds: [],
        floorArea: 600,
        ...at(480),
      }),
    ]);
    expect(of(list, 'convenience_market').map((f) => [f.ruleCode, f.status])).toEqual([
      ['COM-021', 'met'],
      ['COM-020', 'short'],
    ]);
  });

  it('P3 ELD-024/ELD-007: a 320 m² day-care centre 200 m away covers the radius but not the 350 m² minimum', () => {
    const list = findings(area(), [
      facility({
        id: 1,
        type: 'elderly_day_care',
        residentialAreaIds: [],
        floorArea: 320,
        ...at(200),
      }),
    ]);
    expect(
      of(list, 'elderly_day_care').map((f) => [f.ruleCode, f.status, f.required, f.actual]),
    ).toEqual([
      ['ELD-024', 'met', 300, 200],
      ['ELD-007', 'short', 350, 320],
    ]);
  });

  it('P3 SPT-020: a 700 m² sports ground is below the 770 m² small multi-sport court', () => {
    const list = findings(area(), [facility({ id: 1, type: 'sports_venue', siteArea: 700 })]);
    expect(of(list, 'sports_venue', 'min_site_area_per_site')).toMatchObject([
      { ruleCode: 'SPT-020', required: 770, actual: 700, status: 'short', verified: false },
    ]);
  });
});
