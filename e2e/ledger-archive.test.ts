import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findFirstCommunity, signInApi } from './support/api.ts';
import {
  launchBrowser,
  openFromMenu,
  pickOption,
  saveScreenshot,
  signIn,
  startJourney,
} from './support/browser.ts';

const STAMP = Date.now().toString(36);
const AREA = `拆迁苑${STAMP}`;
const REASON = '小区整体拆迁，居民已全部安置';

describe('ledger archive', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('P3 / issue 11: a district clerk archives an area with a reason; it stays visible under 已归档, not under 在用', async () => {
    const zichuan = await signInApi('zichuan');
    const community = await findFirstCommunity(zichuan, '370302');
    const area = await zichuan.post<{ id: number }>('/residential-areas', {
      name: AREA,
      regionCode: community.code,
      households: 320,
      kind: 'existing',
    });

    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'zichuan');
    await page.goto(`/ledger/areas/${area.id}`);
    await page.getByRole('heading', { name: AREA }).waitFor();

    // The reason is required, checked in Chinese before anything is sent.
    await page.getByRole('button', { name: '归档' }).click();
    const dialog = page.getByRole('dialog', { name: `归档小区“${AREA}”` });
    await dialog.getByRole('button', { name: '归档' }).click();
    await dialog.getByText('请填写归档原因').waitFor();
    await dialog.getByLabel('归档原因').fill(REASON);
    await saveScreenshot(page, 'area-archive-dialog-zichuan');
    await dialog.getByRole('button', { name: '归档' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The page now says when and why, and offers no edit, delete or second archive.
    const notice = page.getByRole('status').filter({ hasText: '已归档' });
    await notice.getByText(`归档原因：${REASON}`, { exact: false }).waitFor();
    await expect.poll(() => notice.textContent()).toMatch(/已归档（\d{4}-\d{2}-\d{2}/);
    for (const name of ['编辑', '删除', '归档']) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    expect(await page.getByRole('button', { name: '新增设施' }).count()).toBe(0);
    await saveScreenshot(page, 'area-archived-zichuan');

    // The list: not under 在用 (the default), under 已归档 with its tag.
    await openFromMenu(page, '小区台账');
    await page.getByLabel('关键字', { exact: true }).fill(AREA);
    await page.getByRole('button', { name: '查询' }).click();
    const table = page.getByRole('table', { name: '小区列表' });
    await page.getByText('没有符合条件的小区').first().waitFor();
    expect(await table.getByRole('link', { name: AREA }).count()).toBe(0);

    await page.getByLabel('状态', { exact: true }).click();
    await pickOption(page, '已归档');
    await expect.poll(() => page.url()).toContain('archived=only');
    const row = table.locator('tr', { hasText: AREA });
    await row.getByRole('link', { name: AREA }).waitFor();
    await row.getByText('已归档', { exact: true }).waitFor();
    await saveScreenshot(page, 'areas-archived-list-zichuan');

    // The record behind the page is the API's: archived with the reason, found by id.
    const stored = await zichuan.get<{ archivedAt: string | null; archiveReason: string | null }>(
      `/residential-areas/${area.id}`,
    );
    expect(stored.archivedAt).not.toBeNull();
    expect(stored.archiveReason).toBe(REASON);

    expect(problems).toEqual([]);
    await close();
  });
});
