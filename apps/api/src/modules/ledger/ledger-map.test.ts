import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildFacility, builtInUse } from '../../../test/factories.ts';

/** P3 台账地图 by view: the server answers only what the viewer's box and zoom need. */
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

type Cluster = {
  id: number;
  lon: number;
  lat: number;
  count: number;
  areas: number;
  facilities: number;
  problem: number;
  inProgress: number;
  expansionZoom: number;
};
type MapView = {
  areas: { id: number; lon: number; lat: number }[];
  facilities: { id: number; status: string }[];
  clusters: Cluster[];
  totals: { areas: number; facilities: number; problem: number; inProgress: number };
};

const CITY = '117.5,36.2,118.6,37.3';

describe('ledger map by view (bbox and zoom)', () => {
  const ids: number[] = [];
  let lone: { id: number };
  let occupiedId = 0;
  beforeAll(async () => {
    // Twenty areas within ~300 m of each other, and one far from them.
    for (let i = 0; i < 20; i++) {
      const a = await buildArea(zhangdian, {
        lon: 118.05 + (i % 5) * 0.0007,
        lat: 36.8 + Math.floor(i / 5) * 0.0007,
      });
      ids.push(a.id);
    }
    lone = await buildArea(zhangdian, { lon: 118.2, lat: 36.95 });
    await buildFacility(zhangdian, [ids[0]!], { lon: 118.0502, lat: 36.8001 });
    const occupied = await buildFacility(zhangdian, [ids[1]!], {
      lon: 118.0504,
      lat: 36.8002,
      stages: { ...builtInUse, use: { status: 'occupied', note: '被占用' } },
    });
    occupiedId = occupied.id;
  });

  it('at city zoom gathers the close points into a cluster that counts them, the lone area single', async () => {
    const view = (await zhangdian.get(`/api/ledger/map?bbox=${CITY}&zoom=9`)).json<MapView>();
    expect(view.totals).toEqual({ areas: 21, facilities: 2, problem: 1, inProgress: 0 });
    expect(view.clusters).toHaveLength(1);
    const [cluster] = view.clusters;
    expect(cluster).toMatchObject({ count: 22, areas: 20, facilities: 2, problem: 1 });
    expect(cluster!.expansionZoom).toBeGreaterThan(9);
    expect(view.areas.map((a) => a.id)).toEqual([lone.id]);
    expect(view.facilities).toEqual([]);
    // Everything in the scope is either in a cluster or single: nothing lost, nothing twice.
    const full = (await zhangdian.get('/api/ledger/map')).json<MapView>();
    expect(full.areas).toHaveLength(21);
    expect(view.clusters.reduce((n, c) => n + c.areas, 0) + view.areas.length).toBe(
      full.areas.length,
    );
  });

  it('close in, answers single points, and only those inside the box', async () => {
    const box = '118.0495,36.7995,118.0515,36.8015';
    const view = (await zhangdian.get(`/api/ledger/map?bbox=${box}&zoom=18`)).json<MapView>();
    expect(view.clusters).toEqual([]);
    const inBox = view.areas.map((a) => a.id).sort((a, b) => a - b);
    // Columns 0–2 of rows 0–2 of the grid lie in the box (lon ≤ 118.0514, lat ≤ 36.8014).
    const expected = [0, 1, 2, 5, 6, 7, 10, 11, 12].map((i) => ids[i]!).sort((a, b) => a - b);
    expect(inBox).toEqual(expected);
    expect(view.facilities.find((f) => f.id === occupiedId)?.status).toBe('problem');
    const outside = (
      await zhangdian.get('/api/ledger/map?bbox=100,20,101,21&zoom=12')
    ).json<MapView>();
    expect([outside.areas, outside.facilities, outside.clusters]).toEqual([[], [], []]);
    expect(outside.totals.areas).toBe(21);
  });

  it('a box far wider than a screen at the zoom asked is clustered as that box’s own view (issue 12: bounded answers)', async () => {
    const city = (await zhangdian.get(`/api/ledger/map?bbox=${CITY}&zoom=9`)).json<MapView>();
    const deep = (await zhangdian.get(`/api/ledger/map?bbox=${CITY}&zoom=18`)).json<MapView>();
    // The whole city at street zoom would be every point single; it answers the city's clusters.
    expect(deep.clusters).toHaveLength(1);
    expect(deep.clusters[0]).toMatchObject({ count: city.clusters[0]!.count });
    expect(deep.areas.map((a) => a.id)).toEqual([lone.id]);
  });

  it('sees a new area at once (kept with the ledger revision) and keeps to the caller’s scope', async () => {
    await buildArea(zhangdian, { lon: 118.3, lat: 36.7 });
    const after = (await zhangdian.get(`/api/ledger/map?bbox=${CITY}&zoom=9`)).json<MapView>();
    expect(after.totals.areas).toBe(22);
    const theirs = (await zichuan.get(`/api/ledger/map?bbox=${CITY}&zoom=9`)).json<MapView>();
    expect(theirs.totals.areas).toBe(0);
    expect([theirs.areas, theirs.clusters]).toEqual([[], []]);
  });

  it('refuses a malformed box, and a box without a zoom, in Chinese', async () => {
    for (const query of [
      'bbox=1,2,3&zoom=5',
      'bbox=119,36,118,37&zoom=5',
      'bbox=a,b,c,d&zoom=5',
      `bbox=${CITY}`,
      `bbox=${CITY}&zoom=30`,
    ]) {
      const res = await zhangdian.get(`/api/ledger/map?${query}`);
      expect(res.statusCode, query).toBe(400);
      const body = res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
