import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildFacility } from '../../../test/factories.ts';

/**
 * Issue 11 (integrity; P3 ledger, P4 problems): a ledger record that must go is archived with a
 * reason, not erased — found by id with its reason and its problems, under 已归档 in the lists,
 * and out of the default lists and the gap analysis. Archived records cannot be edited.
 */
let t: TestApp;
let zhangdian: Client;
let zichuan: Client;
let auditor: Client;
beforeAll(async () => {
  t = await startTestApp();
  [zhangdian, zichuan, auditor] = await Promise.all([
    t.login('zhangdian'),
    t.login('zichuan'),
    t.login('auditor'),
  ]);
});
afterAll(async () => {
  await t.close();
});

type Page = { items: { id: number; archivedAt?: string | null }[]; total: number };
type ErrorBody = { error: { code: string; message: string } };

describe('archive instead of delete', () => {
  it('archives a facility and then its area with a reason; both stay in their history', async () => {
    const area = await buildArea(zhangdian, { name: '归档测试小区' });
    const fac = await buildFacility(zhangdian, [area.id], { type: 'kindergarten' });
    const problem = await zhangdian.post('/api/problems', {
      residentialAreaId: area.id,
      facilityType: 'elderly_service_station',
      stage: 'use',
      description: '缺少养老服务站',
    });
    expect(problem.statusCode, problem.body).toBe(201);
    const gapBefore = await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}`);
    expect(gapBefore.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);

    // The reason is required, in Chinese.
    const noReason = await zhangdian.post(`/api/facilities/${fac.id}/archive`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<ErrorBody>().error.message).toMatch(/[\u4e00-\u9fff]/);
    // Outside the scope: 404.
    const outside = await zichuan.post(`/api/facilities/${fac.id}/archive`, { reason: '已拆除' });
    expect(outside.statusCode).toBe(404);
    // The area still has a facility that serves only it.
    const early = await zhangdian.post(`/api/residential-areas/${area.id}/archive`, {
      reason: '小区整体拆迁',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json<ErrorBody>().error.code).toBe('RULE_VIOLATION');

    const archivedFac = await zhangdian.post(`/api/facilities/${fac.id}/archive`, {
      reason: '幼儿园已拆除',
      version: fac.version,
    });
    expect(archivedFac.statusCode, archivedFac.body).toBe(200);
    expect(archivedFac.json()).toMatchObject({ archiveReason: '幼儿园已拆除' });
    const archivedArea = await zhangdian.post(`/api/residential-areas/${area.id}/archive`, {
      reason: '小区整体拆迁',
    });
    expect(archivedArea.statusCode, archivedArea.body).toBe(200);
    expect(archivedArea.json<{ archivedAt: string | null }>().archivedAt).not.toBeNull();

    // Found by id, with the reason; its problem keeps it.
    const detail = await zhangdian.get(`/api/residential-areas/${area.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ name: '归档测试小区', archiveReason: '小区整体拆迁' });
    const p = await zhangdian.get(`/api/problems/${problem.json<{ id: number }>().id}`);
    expect(p.json<{ residentialAreaId: number }>().residentialAreaId).toBe(area.id);

    // Out of the default lists, under 已归档.
    const list = await zhangdian.get('/api/residential-areas?q=归档测试小区');
    expect(list.json<Page>().items.map((i) => i.id)).not.toContain(area.id);
    const archivedList = await zhangdian.get('/api/residential-areas?q=归档测试小区&archived=only');
    expect(archivedList.json<Page>().items.map((i) => i.id)).toEqual([area.id]);
    const facs = await zhangdian.get(`/api/facilities?residentialAreaId=${area.id}`);
    expect(facs.json<Page>().total).toBe(0);
    const facsArchived = await zhangdian.get(
      `/api/facilities?residentialAreaId=${area.id}&archived=only`,
    );
    expect(facsArchived.json<Page>().items.map((i) => i.id)).toEqual([fac.id]);

    // Out of the gap analysis.
    const gapAfter = await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}`);
    expect(gapAfter.json<{ items: unknown[] }>().items).toEqual([]);

    // Frozen: no edit, no delete, no second archive.
    const edit = await zhangdian.patch(`/api/residential-areas/${area.id}`, {
      households: 10,
      version: archivedArea.json<{ version: number }>().version,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
    expect((await zhangdian.delete(`/api/facilities/${fac.id}`)).statusCode).toBe(409);
    const again = await zhangdian.post(`/api/residential-areas/${area.id}/archive`, {
      reason: '再次归档',
    });
    expect(again.statusCode).toBe(409);

    // Audited with the reason.
    const audit = await auditor.get(`/api/audit?entity=residential_area&pageSize=100`);
    const events = audit.json<{ items: { action: string; entityId: string; after: unknown }[] }>()
      .items;
    expect(
      events.find((e) => e.action === 'area.archive' && e.entityId === String(area.id))?.after,
    ).toMatchObject({ reason: '小区整体拆迁' });
  });

  it("takes an archived area off the residents' pages: search leaves it out, its page is 404 (P13)", async () => {
    const anon = t.anonymous();
    const area = await buildArea(zhangdian, { name: '居民页归档小区' });
    const search = `/api/public/residential-areas?q=${encodeURIComponent('居民页归档小区')}`;
    const before = await anon.get(search);
    expect(before.statusCode).toBe(200);
    expect(before.json<Page>().items.map((i) => i.id)).toContain(area.id);
    expect((await anon.get(`/api/public/residential-areas/${area.id}`)).statusCode).toBe(200);

    const archived = await zhangdian.post(`/api/residential-areas/${area.id}/archive`, {
      reason: '小区已拆迁',
    });
    expect(archived.statusCode, archived.body).toBe(200);
    // Archived records answer no further edit abilities.
    expect(archived.json<{ abilities: Record<string, boolean> }>().abilities).toMatchObject({
      update: false,
      delete: false,
      archive: false,
    });

    const after = await anon.get(search);
    expect(after.statusCode).toBe(200);
    expect(after.json<Page>().items.map((i) => i.id)).not.toContain(area.id);
    const page = await anon.get(`/api/public/residential-areas/${area.id}`);
    expect(page.statusCode).toBe(404);
    expect(page.json<ErrorBody>().error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
