import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  openFromMenu,
  saveScreenshot,
  signIn,
  startJourney,
} from './support/browser.ts';
import { findFirstCommunity, signInApi } from './support/api.ts';

// Markup that would run if any page injected it as HTML.
const PAYLOAD = `<img src=x onerror="window.__xss=1">`;

describe('bad input: stored markup never runs in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('an account name and a residential-area name holding markup are shown as text', async () => {
    const admin = await signInApi('admin');
    const username = `markup.${Date.now().toString(36)}`;
    await admin.post('/users', {
      username,
      displayName: PAYLOAD,
      password: 'Start#2026a',
      regionCode: '3703',
    });
    const zichuan = await signInApi('zichuan');
    const community = await findFirstCommunity(zichuan, '370302');
    const areaName = `小区${PAYLOAD}`;
    await zichuan.post('/residential-areas', {
      name: areaName,
      regionCode: community.code,
      households: 120,
      kind: 'existing',
      lon: 117.97,
      lat: 36.64,
    });

    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'admin');
    await openFromMenu(page, '账号管理');
    await page.getByText(PAYLOAD, { exact: true }).first().waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await saveScreenshot(page, 'markup-users-admin');
    await close();

    const second = await startJourney(browser);
    await signIn(second.page, 'zichuan');
    await second.page.goto(`/ledger/areas?q=${encodeURIComponent('小区<img')}`);
    await second.page.getByText(areaName, { exact: true }).first().waitFor();
    expect(
      await second.page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(await second.page.locator('img[src="x"]').count()).toBe(0);
    await saveScreenshot(second.page, 'markup-areas-zichuan');
    await second.close();
    expect([...problems, ...second.problems]).toEqual([]);
  });
});
