import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signInApi } from './support/api.ts';
import {
  launchBrowser,
  openFromMenu,
  saveScreenshot,
  signIn,
  signOut,
  startJourney,
} from './support/browser.ts';

type Rule = { id: string; code: string; version: number; value: number | null; metric: string };

describe('standards', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it("P3 the education department changes a kindergarten rule (a new version in the history); civil affairs cannot edit education's rules", async () => {
    const edu = await signInApi('edu');
    const catalogue = await edu.get<{ rules: (Rule & { facilityType: string | null })[] }>(
      '/standards',
    );
    const rule = catalogue.rules.find(
      (r) => r.facilityType === 'kindergarten' && r.metric === 'min_floor_area_per_site',
    );
    expect(rule?.value).toBeTypeOf('number');
    const newValue = (rule!.value ?? 0) + 100;

    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'edu');
    await openFromMenu(page, '配建标准');
    const row = page.getByRole('table', { name: '幼儿园指标' }).locator('tr', {
      hasText: rule!.code,
    });
    await row.getByRole('button', { name: '编辑' }).click();
    const drawer = page.getByRole('dialog', { name: new RegExp(`修改指标：${rule!.code}`) });
    await drawer.getByLabel(/^数值/).fill(String(newValue));
    await saveScreenshot(page, 'standards-edit-edu');
    await drawer.getByRole('button', { name: '保存' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await row.getByText(`v${rule!.version + 1}`, { exact: true }).waitFor();
    await row.getByText(`${newValue} m²`).waitFor();

    await row.getByRole('button', { name: `${rule!.code} 历史版本` }).click();
    const history = page.getByRole('table', { name: '版本记录' });
    await history
      .locator('tr', { hasText: `v${rule!.version + 1}` })
      .getByText('现行')
      .waitFor();
    await history
      .locator('tr', { hasText: `v${rule!.version + 1}` })
      .getByText('市教育局')
      .waitFor();
    await history.locator('tr', { hasText: `${rule!.value} m²` }).waitFor();
    await saveScreenshot(page, 'standards-history-edu');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });
    await signOut(page);

    // Civil affairs leads other categories: it reads education's rules but cannot edit them.
    await signIn(page, 'civil');
    await openFromMenu(page, '配建标准');
    const civilRow = page.getByRole('table', { name: '幼儿园指标' }).locator('tr', {
      hasText: rule!.code,
    });
    await civilRow.getByText(`${newValue} m²`).waitFor();
    expect(await civilRow.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await page.getByRole('tab', { name: /养老服务设施/ }).click();
    await page.getByRole('button', { name: '编辑' }).first().waitFor();
    await saveScreenshot(page, 'standards-civil');

    expect(problems).toEqual([]);
    await close();
  });
});
