import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn, startJourney } from './support/browser.ts';

/**
 * Issue 13: a keyboard user skips the header and the long menu. The first Tab on any signed-in
 * page reaches 跳到主要内容, which shows itself when focused; Enter moves focus to the page's main
 * region, so the next Tab lands in the page rather than in the menu.
 */
describe('skip to content', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('the first Tab reaches 跳到主要内容; Enter moves focus into the main region', async () => {
    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'office');
    // A fresh load of a page: the keyboard starts at the top of the document.
    await page.goto('/ledger/areas');
    await page.getByRole('heading', { name: '小区台账' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳到主要内容' });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    // Hidden until focused, then on screen.
    const box = await skip.boundingBox();
    expect(box && box.width > 0 && box.y >= 0).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(
      () => document.getElementById('main-content')?.contains(document.activeElement) ?? false,
    );
    expect(inMain).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });
});
