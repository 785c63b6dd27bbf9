import { describe, expect, it } from 'vitest';
import { PROJECT_GATES, type GateFacility, type ProjectRequiredFacility } from '@zibo/shared';
import { ApiError } from '../../api/client.ts';
import {
  buildProjectPatch,
  countDaysLeft,
  describeDeadline,
  describeRequirement,
  draftFromRequirement,
  isDeveloperOnly,
  listEarlierRounds,
  listLaterGates,
  listRoundOpinions,
  readGateIssues,
  startDocument,
  toStepStatus,
} from './project-format.ts';

function requirement(over: Partial<ProjectRequiredFacility> = {}): ProjectRequiredFacility {
  return {
    facilityType: 'kindergarten',
    category: 'education',
    floorArea: 2200,
    siteArea: 3500,
    sites: 1,
    alternatives: null,
    rules: [],
    constructionMethod: 'standalone',
    ownership: 'government',
    handoverTo: '3703-education',
    handoverToName: '淄博市教育局',
    handoverRequirement: '无偿移交教育部门',
    departmentCode: '3703-education',
    adjusted: false,
    ...over,
  };
}

const station = requirement({
  facilityType: 'elderly_service_station',
  category: 'elderly_care',
  floorArea: 240,
  siteArea: null,
  constructionMethod: 'attached',
  handoverTo: '3703-civil_affairs',
  departmentCode: '3703-civil_affairs',
});

const gatesWith = (docs: Partial<Record<(typeof PROJECT_GATES)[number], GateFacility[]>>) =>
  PROJECT_GATES.map((gate) => ({
    gate,
    document: docs[gate] ? { facilities: docs[gate] } : null,
  }));

describe('isDeveloperOnly', () => {
  it('is true for a developer account and false once it also holds a government role', () => {
    expect(isDeveloperOnly({ roles: ['developer_org'] })).toBe(true);
    expect(isDeveloperOnly({ roles: ['developer_org', 'department'] })).toBe(false);
    expect(isDeveloperOnly({ roles: ['office'] })).toBe(false);
  });
});

describe('toStepStatus', () => {
  it('shows a returned gate as an error and a gate under review as in progress', () => {
    expect(toStepStatus('returned')).toBe('error');
    expect(toStepStatus('open')).toBe('process');
    expect(toStepStatus('passed')).toBe('finish');
    expect(toStepStatus('pending')).toBe('wait');
    expect(toStepStatus('skipped')).toBe('wait');
  });
});

describe('describeRequirement', () => {
  it('states both areas and the number of sites', () => {
    expect(describeRequirement(requirement({ sites: 2 }))).toBe(
      '建筑面积 ≥ 2,200 m²；用地面积 ≥ 3,500 m²；2 处',
    );
  });

  it('states either/or alternatives and says so when the standards set no area', () => {
    expect(
      describeRequirement(
        requirement({
          floorArea: null,
          siteArea: null,
          alternatives: [
            { code: 'SPT-001', floorArea: 384, siteArea: null },
            { code: 'SPT-002', floorArea: null, siteArea: 1152 },
          ],
        }),
      ),
    ).toBe('建筑面积 ≥ 384 m² 或 用地面积 ≥ 1,152 m²；1 处');
    expect(describeRequirement(requirement({ floorArea: null, siteArea: null }))).toBe(
      '标准未规定面积（按服务半径设置）；1 处',
    );
  });
});

describe('draftFromRequirement', () => {
  it('splits the amounts over the sites and keeps the P7 terms', () => {
    const rows = draftFromRequirement(requirement({ sites: 2, floorArea: 2201 }));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      facilityType: 'kindergarten',
      floorArea: 1100.5,
      siteArea: 1750,
      constructionMethod: 'standalone',
      ownership: 'government',
      handoverTo: '3703-education',
      handoverRequirement: '无偿移交教育部门',
    });
  });

  it('leaves the area empty where the standards set none, and takes the first alternative', () => {
    expect(draftFromRequirement(requirement({ floorArea: null, siteArea: null }))[0]).toMatchObject(
      { floorArea: null, siteArea: null },
    );
    const site = draftFromRequirement(
      requirement({
        floorArea: null,
        siteArea: null,
        alternatives: [{ code: 'B', floorArea: null, siteArea: 1152 }],
      }),
    )[0];
    expect(site).toMatchObject({ floorArea: null, siteArea: 1152 });
  });
});

describe('startDocument', () => {
  const planning: GateFacility[] = [
    { ...draftFromRequirement(requirement())[0]!, floorArea: 2500 },
  ];

  it('starts from the required facilities when no document exists yet', () => {
    const rows = startDocument(
      { requiredFacilities: [requirement(), station], gates: gatesWith({}) },
      'planning_review',
    );
    expect(rows.map((r) => [r.facilityType, r.floorArea])).toEqual([
      ['kindergarten', 2200],
      ['elderly_service_station', 240],
    ]);
  });

  it("corrects a returned gate's own document rather than starting again", () => {
    const rows = startDocument(
      {
        requiredFacilities: [requirement(), station],
        gates: gatesWith({ planning_review: planning }),
      },
      'planning_review',
    );
    expect(rows).toEqual(planning);
  });

  it('carries the latest earlier document forward without its completion marks', () => {
    const asBuilt = planning.map((f) => ({ ...f, built: true, accepted: true }));
    const rows = startDocument(
      {
        requiredFacilities: [requirement()],
        gates: gatesWith({ planning_review: planning, completion_review: asBuilt }),
      },
      'handover_registration',
    );
    expect(rows).toEqual(planning);
    expect(rows[0]).not.toHaveProperty('built');
  });
});

describe('readGateIssues', () => {
  it('gives the facility-by-facility reasons of a RULE_VIOLATION and nothing otherwise', () => {
    const issue = {
      path: 'facilities',
      facilityType: 'kindergarten',
      code: 'missing',
      message: '缺少幼儿园（建筑面积不少于 2200 m²）',
    };
    expect(readGateIssues(new ApiError(422, 'RULE_VIOLATION', '不符合', [issue, 'x']))).toEqual([
      issue,
    ]);
    expect(readGateIssues(new ApiError(409, 'INVALID_TRANSITION', '不能提交', [issue]))).toEqual(
      [],
    );
    expect(readGateIssues(new Error('x'))).toEqual([]);
  });
});

describe('deadlines', () => {
  it('counts days across a month end and words them', () => {
    expect(countDaysLeft('2026-03-02', '2026-02-27')).toBe(3);
    expect(describeDeadline('2026-03-02', '2026-02-27')).toBe('剩 3 天');
    expect(describeDeadline('2026-03-02', '2026-03-02')).toBe('今天到期');
    expect(describeDeadline('2026-03-02', '2026-03-05')).toBe('逾期 3 天');
  });
});

describe('round opinions', () => {
  const opinion = (departmentCode: string, round: number, decision = 'approve' as const) => ({
    departmentCode,
    decision,
    comment: null,
    round,
    actorName: null,
    at: '2026-01-01T00:00:00Z',
  });
  const gate = {
    round: 2,
    departments: [
      { code: 'a', name: '甲' },
      { code: 'b', name: '乙' },
    ],
    opinions: [
      opinion('a', 1),
      { ...opinion('b', 1), decision: 'reject' as const },
      opinion('a', 2),
    ],
  };

  it("pairs each department with its latest round's opinion, none when it has not opined", () => {
    expect(listRoundOpinions(gate).map((d) => [d.code, d.opinion?.round ?? null])).toEqual([
      ['a', 2],
      ['b', null],
    ]);
  });

  it('keeps the opinions of earlier rounds, newest first', () => {
    expect(listEarlierRounds(gate)).toEqual([
      { round: 1, opinions: [gate.opinions[0], gate.opinions[1]] },
    ]);
  });
});

describe('listLaterGates', () => {
  it('offers the applicable gates after this one, never a skipped one or use supervision', () => {
    const gates = PROJECT_GATES.map((gate) => ({
      gate,
      status: gate === 'presale_consultation' ? ('skipped' as const) : ('pending' as const),
    }));
    expect(listLaterGates(gates, 'construction_permit')).toEqual([
      'completion_review',
      'handover_registration',
    ]);
  });
});

describe('buildProjectPatch', () => {
  const project = {
    name: '锦绣华府',
    developerName: '演示置业有限公司',
    developerUserId: 16,
    lon: 118.05,
    lat: 36.82,
    presaleBeforeCompletion: false,
    // As JSONB returns it: keys in its own order.
    phases: [{ note: null, name: '一期', floorArea: null, households: 1200 }],
    version: 3,
  };
  const unchanged = {
    name: '锦绣华府 ',
    developerName: '演示置业有限公司',
    developerUserId: 16,
    lon: 118.05,
    lat: 36.82,
    coordSystem: 'wgs84' as const,
    presaleBeforeCompletion: false,
    phases: [{ name: '一期', households: 1200, floorArea: null, note: '' }],
  };

  it('sends only the version when nothing changed', () => {
    expect(buildProjectPatch(project, unchanged)).toEqual({ version: 3 });
  });

  it('sends a moved site with its coordinate system, and a changed flag and phases', () => {
    expect(
      buildProjectPatch(project, {
        ...unchanged,
        lat: 36.83,
        presaleBeforeCompletion: true,
        phases: [...unchanged.phases, { name: '二期', households: 300 }],
      }),
    ).toEqual({
      version: 3,
      lon: 118.05,
      lat: 36.83,
      coordSystem: 'wgs84',
      presaleBeforeCompletion: true,
      phases: [
        { name: '一期', households: 1200, floorArea: null, note: null },
        { name: '二期', households: 300, floorArea: null, note: null },
      ],
    });
  });

  it('sends the same numbers again when they are stated in another coordinate system', () => {
    expect(buildProjectPatch(project, { ...unchanged, coordSystem: 'gcj02' })).toMatchObject({
      lon: 118.05,
      coordSystem: 'gcj02',
    });
  });

  it('unlinks the developer account only when natural resources clears it', () => {
    const { developerUserId: _omitted, ...developerForm } = unchanged;
    expect(buildProjectPatch(project, developerForm)).not.toHaveProperty('developerUserId');
    expect(buildProjectPatch(project, { ...unchanged, developerUserId: null })).toMatchObject({
      developerUserId: null,
    });
  });
});
