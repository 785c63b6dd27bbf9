import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signInApi, type ApiSession } from './support/api.ts';
import {
  launchBrowser,
  openFromMenu,
  saveScreenshot,
  signIn,
  startJourney,
} from './support/browser.ts';

/**
 * Issue 12 / P3: the ledger map answers clusters with counts for the view; the page shows them,
 * and says it is loading rather than "共 0 个小区" before the first answer.
 */
describe('ledger map by view', () => {
  let browser: Browser;
  let street: ApiSession;
  const ids: number[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    // The e2e database has no demo ledger: 车站街道 enters 12 areas a few metres apart.
    street = await signInApi('chezhan');
    const [community] = await street.get<{ code: string }[]>('/regions?parent=370303001');
    for (let i = 0; i < 12; i++) {
      const area = await street.post<{ id: number }>('/residential-areas', {
        name: `地图点簇小区${i + 1}`,
        regionCode: community!.code,
        households: 300 + i,
        kind: 'existing',
        lon: 118.05 + (i % 4) * 0.0004,
        lat: 36.8 + Math.floor(i / 4) * 0.0004,
      });
      ids.push(area.id);
    }
  });
  afterAll(async () => {
    // Other journeys count areas: leave the ledger as it was.
    for (const id of ids) await street.del(`/residential-areas/${id}`);
    await browser.close();
  });

  it('shows a cluster with its count, and a loading line (not 共 0 个小区) before the answer', async () => {
    const { page, problems, close } = await startJourney(browser);
    // Whether the page ever said "共 0 个小区", watched from the first render on.
    await page.addInitScript(() => {
      const w = window as unknown as { saidZero: boolean };
      w.saidZero = false;
      new MutationObserver(() => {
        if (document.body?.textContent?.includes('共 0 个小区')) w.saidZero = true;
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await signIn(page, 'chezhan');
    await openFromMenu(page, '台账地图');
    const map = page.getByTestId('region-map');
    await expect
      .poll(() => map.getAttribute('data-cluster-count'), { timeout: 15_000 })
      .not.toBe('0');
    const counts = await map.locator('.region-map-cluster').allTextContents();
    expect(counts.map(Number).some((n) => n >= 2)).toBe(true);
    const status = page.getByText(/共 \d+ 个小区/);
    await status.waitFor();
    expect(
      Number(/共 (\d+) 个小区/.exec((await status.textContent()) ?? '')?.[1]),
    ).toBeGreaterThanOrEqual(12);
    expect(await page.evaluate(() => (window as unknown as { saidZero: boolean }).saidZero)).toBe(
      false,
    );
    await saveScreenshot(page, 'ledger-map-clusters');
    expect(problems).toEqual([]);
    await close();
  });
});
