import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildFacility } from '../../../test/factories.ts';

/**
 * Issue 12: ledger lists and details are kept answers (ledger-answers.ts), kept for each reader
 * until the ledger revision moves. Every kind of ledger write must show in the very
 * next answer; a reader of another scope must never be handed a kept answer of this one.
 */
let t: TestApp;
let office: Client;
let zhangdian: Client;
let zichuan: Client;
let civil: Client;
beforeAll(async () => {
  t = await startTestApp();
  office = await t.login('office');
  zhangdian = await t.login('zhangdian');
  zichuan = await t.login('zichuan');
  civil = await t.login('civil');
});
afterAll(async () => {
  await t.close();
});

type Area = { id: number; name: string; households: number; abilities: { update: boolean } };
type Facility = {
  id: number;
  name: string;
  floorArea: number | null;
  residentialAreaIds: number[];
};
type Page<T> = { items: T[]; total: number };

/** Reads twice (the second is answered from what was kept) and checks both agree. */
async function twice<T>(client: Client, url: string): Promise<{ status: number; body: T }> {
  const first = await client.get(url);
  const second = await client.get(url);
  expect(second.statusCode).toBe(first.statusCode);
  expect(second.body).toBe(first.body);
  return { status: first.statusCode, body: first.json<T>() };
}

describe('kept ledger answers (issue 12)', () => {
  it('an edit, a new link, an archive and a lock each show in the next answer', async () => {
    const area = await buildArea(zhangdian, { name: '留存验证小区', households: 500 });
    const list = `/api/residential-areas?q=${encodeURIComponent('留存验证小区')}&pageSize=20`;
    const detail = `/api/residential-areas/${area.id}`;
    expect((await twice<Page<Area>>(zhangdian, list)).body.items).toMatchObject([
      { id: area.id, households: 500, abilities: { update: true } },
    ]);
    expect((await twice<Area>(zhangdian, detail)).body.households).toBe(500);

    // An edit.
    const edited = await zhangdian.patch(detail, { households: 800, version: area.version });
    expect(edited.statusCode).toBe(200);
    expect((await twice<Page<Area>>(zhangdian, list)).body.items[0]!.households).toBe(800);
    expect((await twice<Area>(zhangdian, detail)).body.households).toBe(800);

    // A facility linked to the area, then edited.
    const facility = await buildFacility(zhangdian, [area.id], { floorArea: 150 });
    const facilities = `/api/facilities?residentialAreaId=${area.id}&pageSize=20`;
    const facilityUrl = `/api/facilities/${facility.id}`;
    const before = await twice<Page<Facility>>(zhangdian, facilities);
    expect(before.body.items.map((f) => f.floorArea)).toEqual([150]);
    expect((await twice<Facility>(zhangdian, facilityUrl)).body.floorArea).toBe(150);
    const current = (await zhangdian.get(facilityUrl)).json<{ version: number }>();
    const fEdited = await zhangdian.patch(facilityUrl, {
      floorArea: 260,
      version: current.version,
    });
    expect(fEdited.statusCode, fEdited.body).toBe(200);
    expect((await twice<Page<Facility>>(zhangdian, facilities)).body.items[0]!.floorArea).toBe(260);
    expect((await twice<Facility>(zhangdian, facilityUrl)).body.floorArea).toBe(260);

    // A lock (P3: a submitted survey locks the district): abilities change, data does not.
    expect((await twice<Page<Area>>(zhangdian, list)).body.items[0]!.abilities.update).toBe(true);
    expect((await twice<Area>(zhangdian, detail)).body.abilities.update).toBe(true);
    const survey = (
      await office.post('/api/surveys', { name: '留存验证排查', deadline: '2099-04-10' })
    ).json<{ id: number }>();
    const submitted = await zhangdian.post(`/api/surveys/${survey.id}/submissions/370303/submit`);
    expect(submitted.statusCode).toBe(200);
    expect((await twice<Page<Area>>(zhangdian, list)).body.items[0]!.abilities.update).toBe(false);
    expect((await twice<Area>(zhangdian, detail)).body.abilities.update).toBe(false);
    const returned = await civil.post(`/api/surveys/${survey.id}/submissions/370303/return`, {
      comment: '请补充',
    });
    expect(returned.statusCode).toBe(200);
    expect((await twice<Page<Area>>(zhangdian, list)).body.items[0]!.abilities.update).toBe(true);
    expect((await twice<Area>(zhangdian, detail)).body.abilities.update).toBe(true);

    // Archiving: the facility first, then the area leaves the list.
    const fNow = (await zhangdian.get(facilityUrl)).json<{ version: number }>();
    expect(
      (await zhangdian.post(`${facilityUrl}/archive`, { reason: '已拆除', version: fNow.version }))
        .statusCode,
    ).toBe(200);
    const aNow = (await zhangdian.get(detail)).json<{ version: number }>();
    const archived = await zhangdian.post(`${detail}/archive`, {
      reason: '已拆除',
      version: aNow.version,
    });
    expect(archived.statusCode, archived.body).toBe(200);
    expect((await twice<Page<Area>>(zhangdian, list)).body.total).toBe(0);
  });

  it('a kept answer is never handed to a reader of another scope', async () => {
    const area = await buildArea(zhangdian, { name: '范围验证小区' });
    const url = `/api/residential-areas/${area.id}`;
    expect((await twice<Area>(zhangdian, url)).status).toBe(200);
    // Zichuan's scope does not hold the area: 404, not zhangdian's kept answer.
    expect((await zichuan.get(url)).statusCode).toBe(404);
    const list = `/api/residential-areas?q=${encodeURIComponent('范围验证小区')}&pageSize=20`;
    expect((await twice<Page<Area>>(zhangdian, list)).body.total).toBe(1);
    expect((await twice<Page<Area>>(zichuan, list)).body.total).toBe(0);
    // The city office sees it, with its own abilities (it may not edit districts' ledgers).
    const seen = (await twice<Page<Area>>(office, list)).body.items;
    expect(seen.map((a) => a.id)).toEqual([area.id]);
  });
});
