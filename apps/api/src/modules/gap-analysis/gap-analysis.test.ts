import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildFacility, builtInUse } from '../../../test/factories.ts';

type Finding = {
  residentialAreaId: number;
  facilityType: string;
  category: string;
  ruleId: string;
  ruleCode: string;
  ruleVersion: number;
  metric: string;
  required: number;
  actual: number | null;
  unit: string;
  status: 'met' | 'short' | 'missing';
  source: string;
  clause: string;
  verified: boolean;
};
type GapPage = {
  summary: {
    areas: number;
    findings: number;
    byCategory: Record<string, { met: number; short: number; missing: number }>;
    unverifiedFindings: number;
    unverified: { met: number; short: number; missing: number };
  };
  items: Finding[];
  total: number;
};

let t: TestApp;
let zhangdian: Client;
let civil: Client;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  civil = await t.login('civil');
});
afterAll(async () => {
  await t.close();
});

const elderlyAmount = (items: Finding[]) =>
  items.find(
    (f) =>
      f.facilityType === 'elderly_service_station' && f.metric === 'floor_area_per_100_households',
  )!;

describe('P2 gap analysis (缺什么补什么) through the API', () => {
  it('P3 ELD-001: a new area of 1,500 households needs 300 m² of elderly care — missing, short, then met', async () => {
    const area = await buildArea(zhangdian, {
      name: '新建一千五百户小区',
      kind: 'new',
      households: 1500,
      population: 4200,
      lon: 118.07,
      lat: 36.79,
    });
    const first = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    expect(elderlyAmount(first.items)).toMatchObject({
      ruleId: 'ELD-001',
      ruleVersion: 1,
      required: 300,
      actual: 0,
      unit: 'm²',
      status: 'missing',
      verified: true,
    });
    expect(elderlyAmount(first.items).source).toContain('山东省养老服务条例');

    const station = await buildFacility(zhangdian, [area.id], {
      type: 'elderly_service_station',
      floorArea: 200,
      lon: 118.0702,
      lat: 36.7901,
    });
    const second = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    expect(elderlyAmount(second.items)).toMatchObject({
      required: 300,
      actual: 200,
      status: 'short',
    });

    await zhangdian.patch(`/api/facilities/${station.id}`, {
      floorArea: 320,
      version: station.version,
    });
    const third = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    expect(elderlyAmount(third.items)).toMatchObject({ required: 300, actual: 320, status: 'met' });

    // An idle facility is not provision.
    await zhangdian.patch(`/api/facilities/${station.id}`, {
      stages: { ...builtInUse, use: { status: 'idle', note: '闲置' } },
      version: station.version + 1,
    });
    const fourth = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    expect(elderlyAmount(fourth.items)).toMatchObject({ actual: 0, status: 'missing' });
  });

  it('unverified rules are flagged on their findings (待核实)', async () => {
    const area = await buildArea(zhangdian, {
      kind: 'existing',
      households: 800,
      lon: 118.08,
      lat: 36.78,
    });
    const page = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    // ELD-024: GB 50180 附录C day-care centre within 300 m, recalled, not yet read in the text.
    const radius = page.items.find((f) => f.ruleId === 'ELD-024')!;
    expect(radius).toMatchObject({
      metric: 'service_radius',
      required: 300,
      status: 'missing',
      verified: false,
    });
    // EDU-020 is verified by the Shandong 2018 education opinion (CHECK.md).
    expect(page.items.find((f) => f.ruleId === 'EDU-020')).toMatchObject({ verified: true });

    // Every figure says how much rests on 待核实 rules, and the analysis can leave them out.
    const unverified = page.items.filter((f) => !f.verified);
    expect(unverified.length).toBeGreaterThan(0);
    expect(page.summary.unverifiedFindings).toBe(unverified.length);
    expect(page.summary.unverified).toEqual({
      met: unverified.filter((f) => f.status === 'met').length,
      short: unverified.filter((f) => f.status === 'short').length,
      missing: unverified.filter((f) => f.status === 'missing').length,
    });
    const verifiedOnly = (
      await zhangdian.get(
        `/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500&verifiedOnly=true`,
      )
    ).json<GapPage>();
    expect(verifiedOnly.total).toBe(page.total - unverified.length);
    expect(verifiedOnly.items.every((f) => f.verified)).toBe(true);
    expect(verifiedOnly.summary.unverifiedFindings).toBe(0);
    const summary = (
      await zhangdian.get(
        `/api/gap-analysis/summary?residentialAreaId=${area.id}&groupBy=category&verifiedOnly=true`,
      )
    ).json<{ rows: { met: number; short: number; missing: number; unverified: number }[] }>();
    const counted = summary.rows.reduce((n, r) => n + r.met + r.short + r.missing, 0);
    expect(counted).toBe(verifiedOnly.total);
    expect(summary.rows.every((r) => r.unverified === 0)).toBe(true);
  });

  it('applies the data scope: another district sees nothing; a department sees only its categories', async () => {
    const area = await buildArea(zhangdian, {
      kind: 'new',
      households: 600,
      lon: 118.09,
      lat: 36.77,
    });
    const zichuan = await t.login('zichuan');
    const theirs = (
      await zichuan.get(`/api/gap-analysis?residentialAreaId=${area.id}`)
    ).json<GapPage>();
    expect(theirs.total).toBe(0);
    expect((await zichuan.get(`/api/gap-analysis/areas/${area.id}`)).statusCode).toBe(404);
    const civilView = (
      await civil.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    expect(new Set(civilView.items.map((f) => f.category))).toEqual(
      new Set(['community_service', 'elderly_care']),
    );
    expect(Object.keys(civilView.summary.byCategory).sort()).toEqual([
      'community_service',
      'elderly_care',
    ]);
  });

  it('summarises by district and maps each area by its worst finding', async () => {
    const office = await t.login('office');
    const summary = (await office.get('/api/gap-analysis/summary?groupBy=district')).json<{
      rows: { code: string; name: string; areas: number; areasWithGaps: number }[];
    }>();
    const zd = summary.rows.find((r) => r.code === '370303')!;
    expect(zd.name).toBe('张店区');
    expect(zd.areas).toBeGreaterThan(0);
    expect(zd.areasWithGaps).toBeGreaterThan(0);
    const map = (await office.get('/api/gap-analysis/map?region=370303')).json<{
      areas: { worst: string; missingTypes: string[] }[];
    }>();
    expect(map.areas.length).toBe(zd.areas);
    expect(map.areas.some((a) => a.worst === 'missing' && a.missingTypes.length > 0)).toBe(true);
  });

  it('P2 缺什么补什么: status=gap lists the short and the missing together, and nothing met', async () => {
    // One area meets the elderly-care amount (320 m² for 1,500 households), another falls short.
    const region = '370303001001';
    const met = await buildArea(zhangdian, { regionCode: region, kind: 'new', households: 1500 });
    await buildFacility(zhangdian, [met.id], { floorArea: 320 });
    const short = await buildArea(zhangdian, { regionCode: region, kind: 'new', households: 1500 });
    await buildFacility(zhangdian, [short.id], { floorArea: 100 });
    const page = async (status?: string) =>
      (
        await zhangdian.get(
          `/api/gap-analysis?region=${region}&pageSize=500${status ? `&status=${status}` : ''}`,
        )
      ).json<GapPage>();
    const [all, shortOnes, missingOnes, gaps] = await Promise.all([
      page(),
      page('short'),
      page('missing'),
      page('gap'),
    ]);
    expect(shortOnes.total).toBeGreaterThan(0);
    expect(missingOnes.total).toBeGreaterThan(0);
    expect(all.items.some((f) => f.status === 'met')).toBe(true);
    expect(gaps.total).toBe(shortOnes.total + missingOnes.total);
    expect(gaps.total).toBeLessThan(all.total);
    expect(new Set(gaps.items.map((f) => f.status))).toEqual(new Set(['short', 'missing']));
    // The map of gaps holds the areas whose worst finding is a gap, and no area that is all met.
    const map = async (status?: string) =>
      (
        await zhangdian.get(
          `/api/gap-analysis/map?region=${region}${status ? `&status=${status}` : ''}`,
        )
      ).json<{ areas: { worst: string }[] }>().areas;
    const [every, gapAreas] = await Promise.all([map(), map('gap')]);
    expect(gapAreas.length).toBe(every.filter((a) => a.worst !== 'met').length);
    expect(gapAreas.every((a) => a.worst !== 'met')).toBe(true);
    const bad = await zhangdian.get(`/api/gap-analysis?region=${region}&status=gaps`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });
});

type Rule = {
  id: string;
  version: number;
  value: number | null;
  abilities: { update: boolean };
  metric: string;
  appliesTo: Record<string, unknown>;
  jurisdiction: string;
  source: string;
  clause: string;
  verified: boolean;
  facilityType: string;
};

describe('standards: versioned rules edited by their lead department', () => {
  it('lists the catalogue with source, clause and verified flags, editable only by the lead department', async () => {
    const list = (await civil.get('/api/standards')).json<{
      rules: Rule[];
      categories: { code: string }[];
    }>();
    expect(list.categories).toHaveLength(6);
    const eld = list.rules.find((r) => r.id === 'ELD-001')!;
    expect(eld).toMatchObject({
      value: 20,
      verified: true,
      jurisdiction: 'shandong',
      abilities: { update: true },
    });
    expect(list.rules.find((r) => r.id === 'EDU-002')!.abilities.update).toBe(false);
    expect(list.rules.some((r) => !r.verified)).toBe(true);
    const edu = await t.login('edu');
    const eduView = (await edu.get('/api/standards')).json<{ rules: Rule[] }>();
    expect(eduView.rules.find((r) => r.id === 'ELD-001')!.abilities.update).toBe(false);
  });

  it('a change is a new version, audited, and new findings cite it', async () => {
    const list = (await civil.get('/api/standards')).json<{ rules: Rule[] }>();
    const eld = list.rules.find((r) => r.id === 'ELD-001')!;
    const body = {
      facilityType: eld.facilityType,
      metric: eld.metric,
      value: 30,
      appliesTo: { areaKinds: ['new'], description: '淄博市新建城镇居住区（测试）' },
      jurisdiction: 'shandong',
      source: eld.source,
      clause: eld.clause,
      verified: true,
      version: eld.version,
    };
    const edu = await t.login('edu');
    expect((await edu.put('/api/standards/rules/ELD-001', body)).statusCode).toBe(403);
    const updated = await civil.put('/api/standards/rules/ELD-001', body);
    expect(updated.statusCode).toBe(200);
    expect(updated.json<Rule>()).toMatchObject({ id: 'ELD-001', version: 2, value: 30 });
    expect((await civil.put('/api/standards/rules/ELD-001', body)).statusCode).toBe(409);
    const versions = (await civil.get('/api/standards/rules/ELD-001/versions')).json<Rule[]>();
    expect(versions.map((v) => [v.version, v.value])).toEqual([
      [2, 30],
      [1, 20],
    ]);
    const area = await buildArea(zhangdian, {
      kind: 'new',
      households: 1500,
      lon: 118.1,
      lat: 36.76,
    });
    const page = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    expect(elderlyAmount(page.items)).toMatchObject({
      ruleId: 'ELD-001',
      ruleVersion: 2,
      required: 450,
    });
    const auditor = await t.login('auditor');
    const audit = (
      await auditor.get('/api/audit?entity=standard_rule&action=standard.update')
    ).json<{ items: { entityId: string; actor: string }[] }>();
    expect(audit.items[0]).toMatchObject({ entityId: 'ELD-001', actor: 'civil' });
  });

  it('the persons-per-household setting is used where population is unknown', async () => {
    const admin = await t.login('admin');
    const settings = (await admin.get('/api/settings')).json<{
      personsPerHousehold: number;
      version: number;
    }>();
    expect(settings.personsPerHousehold).toBe(3.2);
    const area = await buildArea(zhangdian, {
      kind: 'new',
      households: 1000,
      population: null,
      lon: 118.11,
      lat: 36.75,
    });
    const fitness = (items: Finding[]) =>
      items.find((f) => f.facilityType === 'fitness_site' && f.metric === 'any_of')!;
    const before = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    // SPT-001/002: 0.1 m² indoor per person; 1,000 households × 3.2 persons = 3,200 persons → 320 m².
    expect(fitness(before.items).required).toBeCloseTo(320, 6);
    expect(
      (await admin.put('/api/settings', { personsPerHousehold: 2.5, version: settings.version }))
        .statusCode,
    ).toBe(200);
    const after = (
      await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`)
    ).json<GapPage>();
    expect(fitness(after.items).required).toBeCloseTo(250, 6);
  });

  it('a kept summary (issue 12) counts areas added and archived right after it was read', async () => {
    type Row = { code: string; areas: number; missing: number };
    const url = '/api/gap-analysis/summary?groupBy=street';
    const read = async () => {
      const first = await zhangdian.get(url);
      expect((await zhangdian.get(url)).body).toBe(first.body); // the second one was kept
      const rows = first.json<{ rows: Row[] }>().rows;
      return rows.find((r) => r.code === '370303001') ?? { areas: 0, missing: 0 };
    };
    const before = await read();
    const area = await buildArea(zhangdian, { households: 900, lon: 118.052, lat: 36.811 });
    const added = await read();
    expect(added.areas).toBe(before.areas + 1);
    expect(added.missing).toBeGreaterThan(before.missing);
    const archived = await zhangdian.post(`/api/residential-areas/${area.id}/archive`, {
      reason: '已拆除',
      version: area.version,
    });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(await read()).toEqual(before);
  });
});
