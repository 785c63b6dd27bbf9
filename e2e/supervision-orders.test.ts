import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { shanghaiMinute } from '../apps/api/src/platform/time.ts';
import { signInApi } from './support/api.ts';
import {
  launchBrowser,
  navigateInApp,
  saveScreenshot,
  signIn,
  startJourney,
} from './support/browser.ts';

/**
 * P11 督办单: the office raises a red order to a district by hand; the district opens it from
 * 督导调度 › 督办单, signs for it, and replies (the reply needs text); the office sees the reply.
 */
describe('P11 supervision orders', () => {
  let browser: Browser;
  const title = `逾期问题整改督办 ${Date.now().toString(36)}`;
  beforeAll(async () => {
    browser = await launchBrowser();
    const office = await signInApi('office');
    await office.post('/supervision/orders', {
      color: 'red',
      targetCode: '370302',
      title,
      body: '请于三日内说明逾期原因并提出整改措施',
    });
  });
  afterAll(async () => {
    await browser.close();
  });

  it('a district signs for an order and replies to it in the order drawer', async () => {
    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'zichuan');
    await navigateInApp(page, '/supervision?tab=orders');
    await page.getByText(title, { exact: true }).click();
    const drawer = page.getByRole('dialog', { name: '督办单' });
    await drawer.getByText('待签收', { exact: true }).waitFor();
    const before = shanghaiMinute(new Date());
    await drawer.getByRole('button', { name: '签收', exact: true }).click();
    await drawer.getByText('已签收待答复', { exact: true }).waitFor();
    // The timeline tells Beijing time, as every other page does (it printed the UTC instant).
    const signed = await drawer.locator('.ant-timeline-item').nth(1).innerText();
    expect(signed).toMatch(/^签收/);
    expect(
      [before, shanghaiMinute(new Date())].some((m) => signed.includes(m)),
      signed,
    ).toBe(true);

    // A reply needs its text: the button waits for it.
    const reply = drawer.getByRole('button', { name: '答复', exact: true });
    expect(await reply.isDisabled()).toBe(true);
    await drawer.getByLabel('答复或意见').fill('已排查逾期原因，本月底前完成整改。');
    await reply.click();
    await drawer.getByText('已答复待办结', { exact: true }).waitFor();
    await drawer.getByText('已排查逾期原因，本月底前完成整改。').first().waitFor();
    await saveScreenshot(page, 'supervision-order-district');
    expect(problems).toEqual([]);
    await close();
  });
});
