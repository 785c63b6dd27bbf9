import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { countRegionsByLevel } from './index.ts';

let t: TestApp;
let office: Client;
beforeAll(async () => {
  t = await startTestApp();
  office = await t.login('office');
});
afterAll(async () => {
  await t.close();
});

type RegionRow = {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  childCount: number;
};

describe('reference data: the real Zibo divisions (NBS 2023)', () => {
  it('holds 8 districts, 88 streets and 2,931 communities under the city', async () => {
    const counts = Object.fromEntries((await countRegionsByLevel(t.db)).map((r) => [r.level, r.n]));
    expect(counts).toEqual({ city: 1, district: 8, street: 88, community: 2931 });
  });

  it('lists the 8 districts and counties of 3703 with their street counts', async () => {
    const rows = (await office.get('/api/regions?parent=3703')).json<RegionRow[]>();
    expect(rows.map((r) => r.name)).toEqual([
      '淄川区',
      '张店区',
      '博山区',
      '临淄区',
      '周村区',
      '桓台县',
      '高青县',
      '沂源县',
    ]);
    expect(rows.map((r) => r.childCount)).toEqual([13, 13, 10, 12, 10, 9, 9, 12]);
  });

  it('gives a community with its path up to the city', async () => {
    const rows = (await office.get('/api/regions?parent=370303001')).json<RegionRow[]>();
    expect(rows.length).toBeGreaterThan(0);
    const detail = (await office.get(`/api/regions/${rows[0]!.code}`)).json<{
      level: string;
      path: { code: string; name: string }[];
    }>();
    expect(detail.level).toBe('community');
    expect(detail.path.map((p) => p.code)).toEqual(['3703', '370303', '370303001', rows[0]!.code]);
    expect(detail.path[2]!.name).toBe('车站街道');
  });

  it('answers 404 with a Chinese message for an unknown code', async () => {
    const res = await office.get('/api/regions/370399');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'NOT_FOUND',
      message: '行政区划不存在或不在您的数据范围内',
    });
  });

  it('serves the 8 district outlines converted from GCJ-02 to WGS-84', async () => {
    const fc = (await office.get('/api/regions/outlines')).json<{
      attribution: string;
      features: {
        properties: { code: string };
        geometry: { type: string; coordinates: number[][][] };
      }[];
    }>();
    expect(fc.features).toHaveLength(8);
    expect(fc.attribution).toContain('CC BY 4.0');
    const zhangdian = fc.features.find((f) => f.properties.code === '370303')!;
    const [lon, lat] = zhangdian.geometry.coordinates[0]![0]!;
    // GCJ-02 is offset from WGS-84 by a few hundred metres in Shandong: the stored point moved.
    const { default: raw } = await import('../../../reference/cities/3703/zibo_district_geo.json', {
      with: { type: 'json' },
    });
    const source = (
      raw as {
        features: { properties: { code: string }; geometry: { coordinates: number[][][] } }[];
      }
    ).features.find((f) => f.properties.code === '370303')!.geometry.coordinates[0]![0]!;
    const shiftMetres = Math.hypot((lon! - source[0]!) * 89_000, (lat! - source[1]!) * 111_000);
    expect(shiftMetres).toBeGreaterThan(200);
    expect(shiftMetres).toBeLessThan(1_000);
  });

  it('has city departments and their counterparts in every district, with the categories they lead (P1)', async () => {
    const city = (await office.get('/api/departments?level=city')).json<
      { code: string; name: string; categories: string[] }[]
    >();
    expect(city.map((d) => d.name)).toEqual(
      expect.arrayContaining([
        '淄博市自然资源和规划局',
        '淄博市住房和城乡建设局',
        '淄博市教育局',
        '淄博市民政局',
        '淄博市商务局',
        '淄博市体育局',
        '淄博市卫生健康委员会',
        '淄博市发展和改革委员会',
        '淄博市财政局',
      ]),
    );
    expect(city).toHaveLength(10);
    expect(city.find((d) => d.code === '3703-civil_affairs')!.categories).toEqual([
      'community_service',
      'elderly_care',
    ]);
    expect(city.find((d) => d.code === '3703-education')!.categories).toEqual(['education']);
    const district = (await office.get('/api/departments?regionCode=370303')).json<
      { name: string }[]
    >();
    expect(district).toHaveLength(10);
    expect(district.map((d) => d.name)).toContain('张店区教育局');
  });
});

describe('zones (功能区)', () => {
  it('exist with no streets until an administrator assigns them', async () => {
    const zones = (await office.get('/api/zones')).json<
      { code: string; name: string; streetCodes: string[] }[]
    >();
    expect(zones.map((z) => z.name)).toEqual(['高新区', '经济开发区', '文昌湖省级旅游度假区']);
    expect(zones.every((z) => z.streetCodes.length === 0)).toBe(true);
  });

  it('the system administrator assigns streets; a stale version is refused; a non-street code is refused', async () => {
    const admin = await t.login('admin');
    const ok = await admin.put('/api/zones/high_tech', { streetCodes: ['370303006'], version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ streetCodes: string[]; version: number }>()).toMatchObject({
      streetCodes: ['370303006'],
      version: 2,
    });
    expect(
      (await admin.put('/api/zones/high_tech', { streetCodes: [], version: 1 })).statusCode,
    ).toBe(409);
    const bad = await admin.put('/api/zones/high_tech', { streetCodes: ['370303999'], version: 2 });
    expect(bad.statusCode).toBe(400);
    const detail = (await office.get('/api/regions/370303006')).json<{
      zones: { name: string }[];
    }>();
    expect(detail.zones.map((z) => z.name)).toEqual(['高新区']);
  });
});
