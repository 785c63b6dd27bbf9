import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openFromMenu, signIn, signOut, startJourney } from './support/browser.ts';

/**
 * Where a sign-in lands (API.md Auth; DESIGN roles). A person who arrives at a page without a
 * session (a bookmark, an expired session) signs in and continues there. A person who signs out
 * leaves nothing behind for the next one on the same browser: the next sign-in starts at the
 * home page, not at the page the last person was reading (which may not even be theirs).
 */
describe('sign-in destination', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('a bookmark leads back to its page after sign-in; a sign-out leads the next person home', async () => {
    const { page, problems, close } = await startJourney(browser);
    // A bookmarked page without a session: sign in, and continue on that page.
    await page.goto('/problems');
    await page.waitForURL('**/login');
    await page.getByLabel('用户名', { exact: true }).fill('office');
    await page.getByLabel('密码', { exact: true }).fill('Zibo@2020');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL('**/problems');
    await page.getByRole('heading', { name: '问题台账', exact: true }).waitFor();

    // The office user opens the accounts-free page 行政区划 and signs out there.
    await openFromMenu(page, '行政区划');
    await page.waitForURL('**/regions');
    await signOut(page);
    // Signing out is not an expired session, even when a request of the page raced the sign-out.
    expect(await page.getByText('会话已超时', { exact: false }).count()).toBe(0);

    // The next person (a district clerk) signs in on the same tab: home, not 行政区划.
    await signIn(page, 'zhangdian');
    await page.getByTestId('current-user').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(problems).toEqual([]);
    await close();
  });
});
