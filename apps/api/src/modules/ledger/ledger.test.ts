import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildFacility, builtInUse } from '../../../test/factories.ts';

let t: TestApp;
let zhangdian: Client;
let zichuan: Client;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  zichuan = await t.login('zichuan');
});
afterAll(async () => {
  await t.close();
});

type Page<T> = { items: T[]; total: number };
type Area = {
  id: number;
  name: string;
  regionCode: string;
  districtName: string;
  streetName: string;
  lon: number;
  lat: number;
  abilities: Record<string, boolean>;
};

describe('ledger: residential areas (P3)', () => {
  it('a district records an area with its community and reads it back with the region names', async () => {
    const a = await buildArea(zhangdian, {
      name: '华光小区',
      regionCode: '370303001001',
      households: 1200,
      population: 3400,
    });
    const read = (await zhangdian.get(`/api/residential-areas/${a.id}`)).json<Area>();
    expect(read).toMatchObject({
      name: '华光小区',
      regionCode: '370303001001',
      districtName: '张店区',
      streetName: '车站街道',
    });
    expect(read.abilities).toEqual({
      update: true,
      delete: true,
      archive: true,
      addFacility: true,
    });
  });

  it('stores GCJ-02 and BD-09 input as WGS-84', async () => {
    for (const system of ['gcj02', 'bd09'] as const) {
      const created = await buildArea(zhangdian, { lon: 118.05, lat: 36.81, coordSystem: system });
      const read = (await zhangdian.get(`/api/residential-areas/${created.id}`)).json<Area>();
      // Converted back to the declared system, the stored WGS-84 point is the input…
      const crs = system === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
      const [lon, lat] = gcoord.transform<[number, number]>(
        [read.lon, read.lat],
        gcoord.WGS84,
        crs,
      );
      expect(lon).toBeCloseTo(118.05, 5);
      expect(lat).toBeCloseTo(36.81, 5);
      // …and it moved by the few hundred metres these systems are offset by in Shandong.
      const shift = Math.hypot((read.lon - 118.05) * 89_300, (read.lat - 36.81) * 111_000);
      expect(shift).toBeGreaterThan(system === 'gcj02' ? 300 : 900);
      expect(shift).toBeLessThan(system === 'gcj02' ? 900 : 1_600);
    }
    const plain = await buildArea(zhangdian, { lon: 118.05, lat: 36.81 });
    const read = (await zhangdian.get(`/api/residential-areas/${plain.id}`)).json<Area>();
    expect([read.lon, read.lat]).toEqual([118.05, 36.81]);
  });

  it('a district never sees another district’s areas', async () => {
    const mine = await buildArea(zhangdian, { name: '张店独有小区' });
    const theirs = await buildArea(zichuan, { name: '淄川独有小区', regionCode: '370302001001' });
    const zdList = (await zhangdian.get('/api/residential-areas?pageSize=500')).json<Page<Area>>();
    expect(zdList.items.every((a) => a.regionCode.startsWith('370303'))).toBe(true);
    expect(zdList.items.map((a) => a.id)).toContain(mine.id);
    expect(zdList.items.map((a) => a.id)).not.toContain(theirs.id);
    // Asking for the other district by filter, or by id, finds nothing.
    expect(
      (await zhangdian.get('/api/residential-areas?region=370302')).json<Page<Area>>().total,
    ).toBe(0);
    expect((await zhangdian.get(`/api/residential-areas/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await zhangdian.patch(`/api/residential-areas/${theirs.id}`, { name: '改', version: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await zhangdian.delete(`/api/residential-areas/${theirs.id}`)).statusCode).toBe(404);
    // …and it cannot create one there either.
    const outside = await zhangdian.post('/api/residential-areas', {
      name: '越界',
      regionCode: '370302001001',
      households: 10,
      kind: 'existing',
    });
    expect(outside.statusCode).toBe(403);
    // The city office sees both.
    const office = await t.login('office');
    const all = (await office.get('/api/residential-areas?pageSize=500')).json<Page<Area>>();
    expect(all.items.map((a) => a.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('a street sees only its own street', async () => {
    const chezhan = await t.login('chezhan');
    const other = await buildArea(zhangdian, { regionCode: '370303006001' });
    const list = (await chezhan.get('/api/residential-areas?pageSize=500')).json<Page<Area>>();
    expect(list.items.every((a) => a.regionCode.startsWith('370303001'))).toBe(true);
    expect(list.items.map((a) => a.id)).not.toContain(other.id);
  });

  it('refuses a region that is not a community, with a Chinese message on the field', async () => {
    const res = await zhangdian.post('/api/residential-areas', {
      name: '错',
      regionCode: '370303001',
      households: 10,
      kind: 'existing',
    });
    expect(res.statusCode).toBe(400);
    expect(
      res.json<{ error: { details: { path: string; message: string }[] } }>().error.details,
    ).toContainEqual({ path: 'regionCode', message: '应为 12 位社区（村居）代码' });
  });

  it('refuses a stale version with 409', async () => {
    const a = await buildArea(zhangdian);
    expect(
      (
        await zhangdian.patch(`/api/residential-areas/${a.id}`, {
          households: 900,
          version: a.version,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await zhangdian.patch(`/api/residential-areas/${a.id}`, {
          households: 800,
          version: a.version,
        })
      ).statusCode,
    ).toBe(409);
  });

  it('read-only roles cannot write', async () => {
    const leader = await t.login('leader');
    const res = await leader.post('/api/residential-areas', {
      name: '领导',
      regionCode: '370303001001',
      households: 10,
      kind: 'existing',
    });
    expect(res.statusCode).toBe(403);
  });
});

type Fac = {
  id: number;
  type: string;
  category: string;
  residentialAreaIds: number[];
  stages: { construction: { status: string } };
};

describe('ledger: facilities', () => {
  it('a facility may serve several areas and is listed for each', async () => {
    const a = await buildArea(zhangdian);
    const b = await buildArea(zhangdian);
    const f = await buildFacility(zhangdian, [a.id, b.id], {
      type: 'kindergarten',
      floorArea: 2400,
    });
    expect(f.category).toBe('education');
    for (const id of [a.id, b.id]) {
      const list = (await zhangdian.get(`/api/facilities?residentialAreaId=${id}`)).json<
        Page<Fac>
      >();
      expect(list.items.map((x) => x.id)).toEqual([f.id]);
    }
  });

  it('a department sees only the facilities of its categories (region × category scope)', async () => {
    const a = await buildArea(zhangdian);
    const kg = await buildFacility(zhangdian, [a.id], { type: 'kindergarten' });
    const care = await buildFacility(zhangdian, [a.id], { type: 'elderly_day_care' });
    const edu = await t.login('edu');
    const civil = await t.login('civil');
    const eduIds = (await edu.get(`/api/facilities?residentialAreaId=${a.id}`))
      .json<Page<Fac>>()
      .items.map((f) => f.id);
    const civilIds = (await civil.get(`/api/facilities?residentialAreaId=${a.id}`))
      .json<Page<Fac>>()
      .items.map((f) => f.id);
    expect(eduIds).toEqual([kg.id]);
    expect(civilIds).toEqual([care.id]);
    expect((await edu.get(`/api/facilities/${care.id}`)).statusCode).toBe(404);
  });

  it('filters by stage and status', async () => {
    const a = await buildArea(zhangdian);
    const idle = await buildFacility(zhangdian, [a.id], {
      stages: { ...builtInUse, use: { status: 'idle', note: '闲置两年' } },
    });
    const list = (
      await zhangdian.get(`/api/facilities?stage=use&status=idle&residentialAreaId=${a.id}`)
    ).json<Page<Fac>>();
    expect(list.items.map((f) => f.id)).toEqual([idle.id]);
  });

  it('cannot serve an area outside the scope', async () => {
    const theirs = await buildArea(zichuan, { regionCode: '370302001001' });
    const res = await zhangdian.post('/api/facilities', {
      type: 'fitness_site',
      name: '越界设施',
      residentialAreaIds: [theirs.id],
      stages: builtInUse,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe(
      'residentialAreaIds.0',
    );
  });

  it('refuses to delete an area that is the only one a facility serves', async () => {
    const a = await buildArea(zhangdian);
    await buildFacility(zhangdian, [a.id]);
    const res = await zhangdian.delete(`/api/residential-areas/${a.id}`);
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('RULE_VIOLATION');
  });

  it('refuses an unknown stage status', async () => {
    const a = await buildArea(zhangdian);
    const res = await zhangdian.post('/api/facilities', {
      type: 'fitness_site',
      name: '健身点',
      residentialAreaIds: [a.id],
      stages: { ...builtInUse, use: { status: 'broken', note: null } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe(
      'stages.use.status',
    );
  });
});

describe('ledger map', () => {
  it('gives the located areas and facilities of the scope, a facility red when any stage has a problem', async () => {
    const a = await buildArea(zhangdian, { lon: 118.06, lat: 36.8 });
    const ok = await buildFacility(zhangdian, [a.id], { lon: 118.061, lat: 36.801 });
    const occupied = await buildFacility(zhangdian, [a.id], {
      lon: 118.062,
      lat: 36.802,
      stages: { ...builtInUse, use: { status: 'occupied', note: '被物业占用' } },
    });
    const building = await buildFacility(zhangdian, [a.id], {
      lon: 118.063,
      lat: 36.803,
      stages: {
        ...builtInUse,
        construction: { status: 'under_construction', note: null },
        use: { status: null, note: null },
      },
    });
    const theirs = await buildArea(zichuan, {
      regionCode: '370302001001',
      lon: 117.96,
      lat: 36.64,
    });
    const map = (await zhangdian.get('/api/ledger/map')).json<{
      areas: { id: number }[];
      facilities: { id: number; status: string }[];
    }>();
    expect(map.areas.map((x) => x.id)).toContain(a.id);
    expect(map.areas.map((x) => x.id)).not.toContain(theirs.id);
    const status = Object.fromEntries(map.facilities.map((f) => [f.id, f.status]));
    expect([status[ok.id], status[occupied.id], status[building.id]]).toEqual([
      'ok',
      'problem',
      'in_progress',
    ]);
  });
});

describe('P6 planned sites against what gets built', () => {
  it('counts planned sites by construction status, per district and type, in scope', async () => {
    const a = await buildArea(zichuan, { regionCode: '370302001001' });
    const planned = (construction: 'built' | 'not_started' | 'under_construction') => ({
      ...builtInUse,
      planning: { status: 'planned' as const, note: '专项规划预留' },
      construction: { status: construction, note: null },
      use: { status: construction === 'built' ? ('in_use' as const) : null, note: null },
    });
    await buildFacility(zichuan, [a.id], { type: 'kindergarten', stages: planned('built') });
    await buildFacility(zichuan, [a.id], { type: 'kindergarten', stages: planned('not_started') });
    await buildFacility(zichuan, [a.id], {
      type: 'kindergarten',
      stages: planned('under_construction'),
    });
    // Built, but not a plan carried out: the plan was changed, or the site was never planned.
    for (const status of ['plan_changed', 'not_planned'] as const)
      await buildFacility(zichuan, [a.id], {
        type: 'kindergarten',
        stages: { ...planned('built'), planning: { status, note: '调整' } },
      });
    const res = (await zichuan.get('/api/ledger/planned-sites')).json<{
      rows: {
        code: string;
        name: string;
        type: string;
        planned: number;
        planChanged: number;
        notPlanned: number;
        built: number;
        builtShort: number;
        notStarted: number;
        underConstruction: number;
        unrecorded: number;
      }[];
    }>();
    const row = res.rows.find((r) => r.code === '370302' && r.type === 'kindergarten')!;
    expect(row).toMatchObject({
      name: '淄川区',
      planned: 3,
      built: 1,
      notStarted: 1,
      underConstruction: 1,
      planChanged: 1,
      notPlanned: 1,
    });
    // The figures add up (issue 13: 375 built against 361 planned): every row, by definition.
    for (const r of res.rows) {
      expect(r.built + r.builtShort + r.underConstruction + r.notStarted + r.unrecorded).toBe(
        r.planned,
      );
    }
    expect(res.rows.every((r) => r.code.startsWith('370302'))).toBe(true);
  });
});
