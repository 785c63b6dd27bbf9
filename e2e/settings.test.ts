import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  navigateInApp,
  openFromMenu,
  saveScreenshot,
  signIn,
  startJourney,
} from './support/browser.ts';

const POLL = { timeout: 10_000 };

/** The 联系方式保留天数 field of the 居民反馈 card (its number input). */
function retentionField(page: Page) {
  return page
    .getByTestId('settings-group-feedback')
    .getByRole('spinbutton', { name: '联系方式保留天数' });
}

async function saveFeedbackGroup(page: Page) {
  await page
    .getByTestId('settings-group-feedback')
    .getByRole('button', { name: '保存', exact: true })
    .click();
}

describe('settings page (issue 13)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('the system administrator changes a setting, sees it saved and audited; a bad value gets a Chinese reason', async () => {
    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'admin');
    await openFromMenu(page, '系统设置');
    await page.getByRole('heading', { name: '系统设置', exact: true }).waitFor();

    // Every group the API describes, with Chinese labels; the deployment settings read-only.
    for (const title of ['配建测算', '联合审查', '居民反馈', '督导评分与自动督办', '定期通报']) {
      await page.getByText(title, { exact: true }).first().waitFor();
    }
    const deployment = page.getByTestId('settings-group-deployment');
    await deployment.getByText('只读', { exact: true }).waitFor();
    await deployment.getByText('审计日志保留天数', { exact: true }).waitFor();
    expect(await deployment.getByRole('button', { name: '保存', exact: true }).count()).toBe(0);

    // A bad value: the API's Chinese reason shows under the field, nothing is saved.
    await retentionField(page).fill('0');
    await saveFeedbackGroup(page);
    const reason = '“联系方式保留天数”应在 1 到 3650 天之间';
    await page.getByTestId('settings-group-feedback').getByText(reason).first().waitFor();
    await saveScreenshot(page, 'settings-invalid-admin');

    // A good value is saved and is still there after a reload.
    await retentionField(page).fill('365');
    await saveFeedbackGroup(page);
    await page.getByText('已保存“居民反馈”，已记入审计日志').waitFor();
    await navigateInApp(page, '/');
    await navigateInApp(page, '/settings');
    await expect.poll(() => retentionField(page).inputValue(), POLL).toBe('365');
    await saveScreenshot(page, 'settings-admin');

    // Put it back, so other journeys see the default.
    await retentionField(page).fill('180');
    await saveFeedbackGroup(page);
    await page.getByText('已保存“居民反馈”，已记入审计日志').first().waitFor();
    expect(problems).toEqual([]);
    await close();

    // The audit administrator sees the change in Chinese: action, setting and values.
    const auditor = await startJourney(browser);
    await signIn(auditor.page, 'auditor');
    await openFromMenu(auditor.page, '审计日志');
    const events = auditor.page.getByRole('table', { name: '审计事件' });
    const change = events
      .locator('tr', { has: auditor.page.locator('[data-action="settings.update"]') })
      .filter({ hasText: '修改系统设置' })
      .first();
    await change.waitFor();
    await change.getByRole('button', { name: /展开/ }).click();
    const detail = events.locator('.json-view').first();
    await detail.waitFor();
    expect(await events.locator('.json-view').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('"联系方式保留天数": 180')]),
    );
    expect(await detail.innerText()).toContain('居民反馈');
    await saveScreenshot(auditor.page, 'settings-audit-auditor');
    expect(auditor.problems).toEqual([]);
    await auditor.close();
  });
});
