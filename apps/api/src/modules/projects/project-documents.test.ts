import { describe, expect, it } from 'vitest';
import {
  PROJECT_GATES,
  type GateFacility,
  type ProjectGate,
  type ProjectRequiredFacility,
  type RequiredFacility,
} from '@zibo/shared';
import { checkGateDocument, checklistOf, type EarlierDocuments } from './project-documents.ts';
import { compliantDocument } from './project-documents-builder.ts';
import { withProjectTerms } from './project-requirements.ts';

function req(r: Partial<RequiredFacility> & Pick<RequiredFacility, 'facilityType' | 'category'>) {
  return withProjectTerms({
    floorArea: null,
    siteArea: null,
    sites: 1,
    alternatives: null,
    rules: [],
    ...r,
  });
}

const REQUIRED: ProjectRequiredFacility[] = [
  req({ facilityType: 'kindergarten', category: 'education', floorArea: 2200, siteArea: 3500 }),
  req({ facilityType: 'elderly_service_station', category: 'elderly_care', floorArea: 240 }),
  req({ facilityType: 'health_station', category: 'health', floorArea: 300, sites: 2 }),
  req({
    facilityType: 'fitness_site',
    category: 'sports',
    alternatives: [
      { code: 'SPT-001', floorArea: 384, siteArea: null },
      { code: 'SPT-002', floorArea: null, siteArea: 1152 },
    ],
  }),
  req({ facilityType: 'convenience_store', category: 'commerce' }),
];

const BUILT = { built: true, accepted: true };
const HANDED = { ...BUILT, handedOver: true, registered: true };

const without = (doc: GateFacility[], type: string) => doc.filter((f) => f.facilityType !== type);
const change = (doc: GateFacility[], type: string, patch: Partial<GateFacility>) =>
  doc.map((f) => (f.facilityType === type ? { ...f, ...patch } : f));

/** Every earlier gate's document stated as required. */
function earlierUpTo(gate: ProjectGate): EarlierDocuments {
  const out: EarlierDocuments = {};
  for (const g of PROJECT_GATES) {
    if (g === gate) break;
    out[g] = compliantDocument(
      REQUIRED,
      g === 'completion_review' ? BUILT : g === 'handover_registration' ? HANDED : {},
    );
  }
  return out;
}

function check(gate: ProjectGate, facilities: GateFacility[]) {
  return checkGateDocument({ gate, facilities, required: REQUIRED, earlier: earlierUpTo(gate) });
}

describe('gate document check', () => {
  it('accepts at every gate a document that states each required facility as required', () => {
    expect(REQUIRED.find((r) => r.facilityType === 'kindergarten')).toMatchObject({
      constructionMethod: 'standalone',
      ownership: 'government',
      handoverTo: '3703-education',
    });
    expect(REQUIRED.find((r) => r.facilityType === 'convenience_store')?.ownership).toBe(
      'investor',
    );
    for (const gate of PROJECT_GATES.filter((g) => g !== 'use_supervision')) {
      const status =
        gate === 'completion_review' ? BUILT : gate === 'handover_registration' ? HANDED : {};
      expect(check(gate, compliantDocument(REQUIRED, status)), gate).toEqual([]);
    }
  });

  it('P7 refuses planning conditions that leave out the kindergarten, naming it', () => {
    const issues = check('planning_review', without(compliantDocument(REQUIRED), 'kindergarten'));
    expect(issues).toEqual([
      expect.objectContaining({ facilityType: 'kindergarten', code: 'missing' }),
    ]);
    expect(issues[0]?.message).toContain('幼儿园');
    expect(issues[0]?.message).toContain('2200 m²');
  });

  it('counts sites and sums their areas, and accepts either alternative of an either/or', () => {
    const doc = compliantDocument(REQUIRED);
    const oneStation = [
      ...without(doc, 'health_station'),
      { ...doc.find((f) => f.facilityType === 'health_station')!, floorArea: 300 },
    ];
    expect(check('planning_review', oneStation)).toEqual([
      expect.objectContaining({ facilityType: 'health_station', code: 'too_few_sites' }),
    ]);
    const outdoor = change(doc, 'fitness_site', { floorArea: 0, siteArea: 1200 });
    expect(check('planning_review', outdoor)).toEqual([]);
    const neither = change(doc, 'fitness_site', { floorArea: 300, siteArea: 1000 });
    expect(check('planning_review', neither)).toEqual([
      expect.objectContaining({ facilityType: 'fitness_site', code: 'short_alternatives' }),
    ]);
  });

  it('P7 checks construction method, ownership and handover from the land-supply conditions on', () => {
    const sold = change(compliantDocument(REQUIRED), 'kindergarten', {
      ownership: 'investor',
      constructionMethod: 'attached',
    });
    expect(check('planning_review', sold)).toEqual([]);
    const issues = check('land_supply_review', sold);
    expect(issues.map((i) => i.code).sort()).toEqual([
      'construction_method_mismatch',
      'ownership_mismatch',
    ]);
    expect(
      issues.every((i) => i.facilityType === 'kindergarten' && i.path.startsWith('facilities.')),
    ).toBe(true);
  });

  it('P7 refuses land-supply conditions that carry less than the planning conditions', () => {
    const planning = change(compliantDocument(REQUIRED), 'elderly_service_station', {
      floorArea: 400,
    });
    const issues = checkGateDocument({
      gate: 'land_supply_review',
      facilities: compliantDocument(REQUIRED),
      required: REQUIRED,
      earlier: { planning_review: planning },
    });
    expect(issues).toEqual([
      expect.objectContaining({
        facilityType: 'elderly_service_station',
        code: 'short_floor_area',
      }),
    ]);
    expect(issues[0]?.message).toContain('规划条件');
  });

  it('P8 refuses a permit application when the land contract lacks the kindergarten', () => {
    const contract = without(compliantDocument(REQUIRED), 'kindergarten');
    const issues = checkGateDocument({
      gate: 'construction_permit',
      facilities: compliantDocument(REQUIRED),
      required: REQUIRED,
      earlier: { ...earlierUpTo('construction_permit'), agreement: contract },
    });
    expect(issues).toEqual([
      expect.objectContaining({ facilityType: 'kindergarten', code: 'contract_mismatch' }),
    ]);
    expect(issues[0]?.message).toContain('土地出让合同未约定幼儿园');
  });

  it('P8 refuses a permit application that differs from the land contract in any facility', () => {
    const bigger = change(compliantDocument(REQUIRED), 'elderly_service_station', {
      floorArea: 260,
    });
    const issues = check('construction_permit', bigger);
    expect(issues).toEqual([
      expect.objectContaining({
        facilityType: 'elderly_service_station',
        code: 'contract_mismatch',
      }),
    ]);
    expect(issues[0]?.message).toContain('合同 240 m²');
  });

  it('P9 refuses completion while a facility is short of area, not built or not accepted', () => {
    const asBuilt = change(compliantDocument(REQUIRED, BUILT), 'elderly_service_station', {
      floorArea: 190,
    });
    const short = check('completion_review', asBuilt);
    expect(short).toEqual([
      expect.objectContaining({
        facilityType: 'elderly_service_station',
        code: 'short_floor_area',
      }),
    ]);
    expect(short[0]?.message).toContain('少 50 m²');

    const unfinished = change(compliantDocument(REQUIRED, BUILT), 'kindergarten', {
      built: false,
      accepted: false,
    });
    expect(check('completion_review', unfinished).map((i) => i.code)).toEqual([
      'not_built',
      'not_accepted',
    ]);
  });

  it('P9 holds the as-built survey to the contract where it promised more than the standard', () => {
    const contract = change(compliantDocument(REQUIRED), 'elderly_service_station', {
      floorArea: 300,
    });
    const issues = checkGateDocument({
      gate: 'completion_review',
      facilities: compliantDocument(REQUIRED, BUILT),
      required: REQUIRED,
      earlier: { ...earlierUpTo('completion_review'), agreement: contract },
    });
    expect(issues).toEqual([
      expect.objectContaining({
        facilityType: 'elderly_service_station',
        code: 'short_floor_area',
      }),
    ]);
    expect(issues[0]?.message).toContain('少 60 m²');
  });

  it('P10 refuses handover records until each facility is handed over and registered', () => {
    const unregistered = change(compliantDocument(REQUIRED, HANDED), 'health_station', {
      registered: false,
    });
    const issues = check('handover_registration', unregistered);
    // Both health-station sites, each named by its own entry.
    expect(issues.map((i) => [i.facilityType, i.code])).toEqual([
      ['health_station', 'not_registered'],
      ['health_station', 'not_registered'],
    ]);
    expect(new Set(issues.map((i) => i.path)).size).toBe(2);
    expect(
      check('handover_registration', compliantDocument(REQUIRED, BUILT)).map((i) => i.code),
    ).toContain('not_handed_over');
  });

  it('lists per required facility what a document states and whether it satisfies it', () => {
    const doc = without(compliantDocument(REQUIRED), 'kindergarten');
    const issues = check('planning_review', doc);
    const list = checklistOf(REQUIRED, doc, issues);
    expect(list.find((c) => c.facilityType === 'kindergarten')).toMatchObject({
      stated: null,
      ok: false,
    });
    expect(list.find((c) => c.facilityType === 'health_station')).toMatchObject({
      stated: { count: 2, floorArea: 300, siteArea: 0 },
      ok: true,
      issues: [],
    });
    expect(checklistOf(REQUIRED, null, []).every((c) => c.ok === null)).toBe(true);
  });
});
