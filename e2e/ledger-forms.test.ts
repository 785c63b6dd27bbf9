import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findDistrictCentre, findFirstCommunity, signInApi } from './support/api.ts';
import {
  launchBrowser,
  openFromMenu,
  pickRegionPath,
  saveScreenshot,
  signIn,
  startJourney,
  pickOption,
} from './support/browser.ts';

const STAMP = Date.now().toString(36);
const AREA = `松龄苑${STAMP}`;
const FACILITY = `${AREA}幼儿园`;

describe('ledger forms', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('P3 a district clerk enters an area and its facility with the four stages, meets a stale edit, and deletes them after confirming', async () => {
    const zichuan = await signInApi('zichuan');
    const community = await findFirstCommunity(zichuan, '370302');
    const centre = await findDistrictCentre(zichuan, '370302');

    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'zichuan');
    await openFromMenu(page, '小区台账');

    // The form checks before sending, in Chinese, beside the fields.
    await page.getByRole('button', { name: '新增小区' }).click();
    const drawer = page.getByRole('dialog', { name: '新增小区' });
    await drawer.getByRole('button', { name: '保存' }).click();
    await drawer.getByText('请输入小区名称').waitFor();
    await drawer.getByText('请选择所属社区（村居）').waitFor();
    await drawer.getByText('请输入户数').waitFor();
    await saveScreenshot(page, 'area-form-errors-zichuan');

    await drawer.getByLabel('小区名称').fill(AREA);
    await drawer.getByLabel('所属社区（村居）').click();
    await pickRegionPath(page, [community.streetName, community.name]);
    await drawer.getByLabel('经度').fill(String(centre.lon + 0.015));
    await drawer.getByLabel('纬度').fill(String(centre.lat + 0.01));
    await drawer.getByLabel('户数').fill('700');
    await drawer.getByRole('button', { name: '保存' }).click();
    await drawer.waitFor({ state: 'hidden' });

    // The detail page: the record, and its point on the small map.
    await page.getByLabel('关键字', { exact: true }).fill(AREA);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('table', { name: '小区列表' }).getByRole('link', { name: AREA }).click();
    await page.getByRole('heading', { name: AREA }).waitFor();
    const map = page.getByRole('region', { name: `${AREA}位置图` });
    await expect.poll(() => map.getAttribute('data-point-count')).toBe('1');
    await page.getByText(community.name, { exact: false }).first().waitFor();

    // A facility with its four stages; a problem status shows red.
    await page.getByRole('button', { name: '新增设施' }).click();
    const facilityDrawer = page.getByRole('dialog', { name: '新增配套设施' });
    await facilityDrawer.getByLabel('设施类型').click();
    await pickOption(page, '幼儿园');
    await facilityDrawer.getByLabel('设施名称').fill(FACILITY);
    await facilityDrawer.getByLabel('建筑面积（㎡）').fill('1800');
    await facilityDrawer.getByLabel('规划状态').click();
    await pickOption(page, '已规划');
    await facilityDrawer.getByLabel('建设状态').click();
    await pickOption(page, '建成面积不足');
    await facilityDrawer.getByLabel('建设说明').fill('建成 1800 平方米，规划条件要求 2200 平方米');
    await saveScreenshot(page, 'facility-form-zichuan');
    await facilityDrawer.getByRole('button', { name: '保存' }).click();
    await facilityDrawer.waitFor({ state: 'hidden' });
    const facilities = page.getByRole('table', { name: '本小区的配套设施' });
    const facilityRow = facilities.locator('tr', { hasText: FACILITY });
    await facilityRow.getByText('建设：建成面积不足').waitFor();
    expect(await facilityRow.locator('.ant-tag-error', { hasText: '建成面积不足' }).count()).toBe(
      1,
    );
    await saveScreenshot(page, 'area-detail-zichuan');

    // Someone else saves first: the stale edit is refused with a clear message.
    const areas = await zichuan.get<{ items: { id: number; version: number }[] }>(
      `/residential-areas?q=${encodeURIComponent(AREA)}`,
    );
    const area = areas.items[0]!;
    await page.getByRole('button', { name: '编辑' }).click();
    const edit = page.getByRole('dialog', { name: `编辑小区：${AREA}` });
    await edit.getByLabel('户数').fill('720');
    await fetchPatch(zichuan, area.id, area.version);
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.getByText(/已被他人修改/).waitFor();
    await saveScreenshot(page, 'area-edit-conflict-zichuan');
    await edit.getByRole('button', { name: '取消' }).click();

    // Deleting asks first; the facility goes, then the area.
    await facilityRow.getByRole('link', { name: FACILITY }).click();
    await page.getByRole('heading', { name: FACILITY }).waitFor();
    await page.getByRole('table', { name: '各阶段状态' }).getByText('建成面积不足').waitFor();
    await page.getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popconfirm').getByText(`删除设施“${FACILITY}”？`).waitFor();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await page.waitForURL('**/ledger/facilities');

    // The list's filters: a type within its category; another category clears the type.
    await page.getByLabel('设施类别', { exact: true }).click();
    await pickOption(page, '社区教育设施');
    await page.getByLabel('设施类型', { exact: true }).click();
    await pickOption(page, '幼儿园');
    await page.waitForURL(
      /category=education.*type=kindergarten|type=kindergarten.*category=education/,
    );
    await page.getByLabel('设施类别', { exact: true }).click();
    await pickOption(page, '社区医疗卫生服务设施');
    await page.waitForURL((url) => url.searchParams.get('category') === 'health');
    expect(new URL(page.url()).searchParams.get('type')).toBeNull();
    await page.getByLabel('设施类型', { exact: true }).click();
    const typeOptions = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await typeOptions.first().waitFor();
    expect(await typeOptions.filter({ hasText: '幼儿园' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    // The area from its row in the list (the facility above went from its own page): the same
    // question and note as on the area's page, and the row is gone once it is deleted.
    await page.goto(`/ledger/areas?q=${encodeURIComponent(AREA)}`);
    const areaRow = page.getByRole('table', { name: '小区列表' }).getByRole('row', { name: AREA });
    await areaRow.getByRole('button', { name: '删除' }).click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText(`删除小区“${AREA}”？`).waitFor();
    await confirm.getByText('仅服务本小区的设施须先删除或改挂', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: '删除' }).click();
    await page.getByText(`已删除小区“${AREA}”`).waitFor();
    await areaRow.waitFor({ state: 'detached' });
    const left = await zichuan.get<{ total: number }>(
      `/residential-areas?q=${encodeURIComponent(AREA)}`,
    );
    expect(left.total).toBe(0);

    expect(problems).toEqual([]);
    await close();
  });
});

/** Another clerk's save, through the API: the version moves on. */
async function fetchPatch(
  session: Awaited<ReturnType<typeof signInApi>>,
  id: number,
  version: number,
) {
  await session.patch(`/residential-areas/${id}`, { households: 710, version });
}
