import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../apps/api/src/app.ts';
import { bootstrapDatabase } from '../apps/api/src/bootstrap.ts';
import { loadConfig } from '../apps/api/src/platform/config.ts';
import { openPglite, type Database } from '../apps/api/src/platform/db/client.ts';
import {
  launchBrowser,
  openFromMenu,
  navigateInApp,
  saveScreenshot,
  signIn,
  waitForQuiet,
} from './support/browser.ts';

const WEB_DIST = path.resolve(import.meta.dirname, '../apps/web/dist');

/** The map's five bands, low to high (cockpit-page.tsx). */
const SCALE = [
  [0xcf, 0x13, 0x22],
  [0xfa, 0x8c, 0x16],
  [0xfa, 0xdb, 0x14],
  [0xa0, 0xd9, 0x11],
  [0x38, 0x9e, 0x0d],
] as const;

/** The user's own district on a district's cockpit map (OWN_DISTRICT_HEX in cockpit-page.tsx). */
const OWN_DISTRICT = [0x16, 0x77, 0xff] as const;

/** Where a colour fills the map canvas: its pixel count and centre, in the element's CSS pixels. */
async function colourCentre(page: Page, map: string, rgb: readonly number[]) {
  return page.getByRole('img', { name: map }).evaluate((el, [r, g, b]) => {
    const canvas = el.querySelector('canvas')!;
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    let n = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === r && data[i + 1] === g && data[i + 2] === b) {
        n++;
        sx += (i / 4) % width;
        sy += Math.floor(i / 4 / width);
      }
    }
    const scale = canvas.clientWidth / width;
    const box = canvas.getBoundingClientRect();
    const host = el.getBoundingClientRect();
    return {
      pixels: n,
      x: (n ? sx / n : 0) * scale + box.left - host.left,
      y: (n ? sy / n : 0) * scale + box.top - host.top,
    };
  }, rgb as number[]);
}

/** Pixels of each band colour on the cockpit's map canvas (exact matches: district fills). */
async function bandPixels(page: Page, map = '各区县销号率地图'): Promise<number[]> {
  return page.getByRole('img', { name: map }).evaluate(
    (el, scale) => {
      const canvas = el.querySelector('canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts = scale.map(() => 0);
      for (let i = 0; i < data.length; i += 4) {
        const k = scale.findIndex(
          ([r, g, b]) => data[i] === r && data[i + 1] === g && data[i + 2] === b,
        );
        if (k >= 0) counts[k]!++;
      }
      return counts;
    },
    SCALE as unknown as number[][],
  );
}

/**
 * P11 领导驾驶舱 on the demo city in the middle of the campaign. The shared journey server has no
 * demo ledger (other journeys start from an empty city), so this journey runs its own server on
 * a fresh in-memory database with the full demo seed: ledger, projects, supervision, bulletins.
 */
describe('P11 领导驾驶舱', () => {
  let browser: Browser;
  let database: Database;
  let app: FastifyInstance;
  let baseURL: string;

  /**
   * A journey on this file's own demo-city server (startJourney uses the shared one), signed in
   * as `username` and on the page the menu entry opens (领导驾驶舱 unless told).
   */
  async function openAs(username: string, menu = '领导驾驶舱', heading = menu) {
    const journey = await newJourney();
    await signIn(journey.page, username);
    await openFromMenu(journey.page, menu);
    await journey.page.getByRole('heading', { name: heading, exact: true }).waitFor();
    return journey;
  }

  async function newJourney() {
    const context = await browser.newContext({
      baseURL,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce', // as startJourney: popups without their zoom
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return { context, page, problems };
  }
  let dataDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(`The web app is not built (${WEB_DIST}); run \`npm run build\` first.`);
    }
    database = await openPglite(null);
    await bootstrapDatabase(database, { seedDemo: true, adminPassword: undefined, env: 'test' });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zibo-e2e-cockpit-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      WEB_DIST,
    });
    app = await buildApp({ config, database, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    // A ceiling, not a speed target: the demo city seeds in ~20 s, minutes on a crowded machine.
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('P11 a leader opens the cockpit and drills from a red district down to its overdue problems', async () => {
    const { context, page, problems } = await openAs('leader');
    const ranking = page.locator('.ant-card').filter({ hasText: '区县排名' }).locator('table');
    await ranking.getByRole('row').nth(8).waitFor();
    await waitForQuiet(page);

    // The map is coloured over the actual spread of closure rates: the districts fall into
    // visibly different bands (the legend, drawn on the canvas, names each band's range), not
    // one shade for the whole city.
    await expect
      .poll(async () => (await bandPixels(page)).filter((n) => n > 200).length)
      .toBeGreaterThanOrEqual(3);
    const bands = await bandPixels(page);
    expect(bands[0]).toBeGreaterThan(200); // the slowest district is red
    expect(bands[4]).toBeGreaterThan(200); // the fastest is green

    // P5 on its own line; key problems with the leaders' instructions and what followed.
    await page.getByText('城镇居住区幼儿园专项整治').waitFor();
    await page.getByText('（时限 2020-12-31）').waitFor();
    const keyCard = page.locator('.ant-card').filter({ hasText: '重点难点问题与领导批示' });
    await keyCard.getByText('批示', { exact: true }).first().waitFor();
    await keyCard
      .getByText(/落实：|尚无落实记录/)
      .first()
      .waitFor();
    await saveScreenshot(page, 'cockpit-leader');

    // A red district in the ranking, with its overdue count.
    const redRow = ranking.getByRole('row').filter({ hasText: '红灯' }).first();
    await redRow.waitFor();
    const district = (await redRow.locator('td').nth(1).innerText()).trim();
    expect(district).toMatch(/[区县]$/);
    const overdueLink = redRow.getByRole('link', {
      name: new RegExp(`^${district}逾期问题 \\d+$`),
    });
    const overdue = Number((await overdueLink.innerText()).trim());
    expect(overdue).toBeGreaterThan(0);

    // Drill down: the problem ledger, filtered to that district and to overdue problems.
    await overdueLink.click();
    await page.getByRole('heading', { name: '问题台账', exact: true }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/problems');
    expect(url.searchParams.get('overdue')).toBe('true');
    expect(url.searchParams.get('region')).toMatch(/^3703\d{2}$/);
    await waitForQuiet(page);
    await page.getByText(`共 ${overdue.toLocaleString('zh-CN')} 个问题`).waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    const shown = await rows.count();
    expect(shown).toBeGreaterThan(0);
    // Every row is in that district and overdue (marked red).
    for (let i = 0; i < shown; i++) {
      const row = rows.nth(i);
      expect(await row.innerText()).toContain(district);
      expect(await row.getAttribute('class')).toContain('problem-row-overdue');
    }
    await saveScreenshot(page, 'cockpit-drilldown-overdue');

    // And one step further: the record behind the number.
    const first = rows.first().getByRole('link').first();
    await first.click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/problems\/\d+$/);
    await page.getByText('逾期').first().waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
  it('P11 a district cockpit ranks its streets and shows the district alone on the map', async () => {
    const { context, page, problems } = await openAs('zhangdian');
    const cockpit = (await (await page.request.get('/api/supervision/cockpit')).json()) as {
      regionName: string;
      totals: { closureRate: number; overdue: number };
      regions: { name: string }[];
    };
    expect(cockpit.regionName).toBe('张店区');
    const ranking = page.locator('.ant-card').filter({ hasText: '镇街排名（张店区）' });
    await ranking.getByRole('columnheader', { name: '镇街' }).waitFor();
    await ranking.getByRole('row').nth(cockpit.regions.length).waitFor();
    expect(await ranking.getByRole('row').count()).toBe(cockpit.regions.length + 1);
    // The order is the composite score's, and the table says so: a street with the higher
    // closure rate may stand lower, and the reader sees why.
    await ranking.getByText('按综合得分排名').waitFor();
    const scoreColumn = ranking.locator('thead th').filter({ hasText: '综合得分' });
    await scoreColumn.waitFor();
    const scores = (await ranking.locator('tbody tr').allInnerTexts())
      .map((row) => row.split('\t'))
      .filter((cells) => cells[0] !== '—')
      .map((cells) => Number(cells[3]));
    expect(scores.length).toBeGreaterThan(1);
    expect(scores.every((s) => Number.isFinite(s))).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const rate = `${(cockpit.totals.closureRate * 100).toFixed(1)}%`;
    await page.getByText(`张店区销号率 ${rate}`).waitFor();
    expect(await page.getByText(/各区县销号率|全市/).count()).toBe(0);
    await waitForQuiet(page);
    await saveScreenshot(page, 'cockpit-district');

    // The district on the map opens its own overdue problems.
    const map = page.getByRole('img', { name: '张店区销号率地图' });
    await map.locator('canvas').waitFor();
    await waitForQuiet(page);
    const own = await colourCentre(page, '张店区销号率地图', OWN_DISTRICT);
    expect(own.pixels).toBeGreaterThan(200); // the district is marked, not on the red scale
    expect((await bandPixels(page, '张店区销号率地图'))[0]).toBe(0);
    await map.click({ position: { x: own.x, y: own.y } });
    await page.getByRole('heading', { name: '问题台账', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/problems');
    expect(new URL(page.url()).searchParams.get('region')).toBe('370303');
    await page.getByText(`共 ${cockpit.totals.overdue.toLocaleString('zh-CN')} 个问题`).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('P11 a street cockpit ranks its communities; one with nothing to assess is not red', async () => {
    const { context, page, problems } = await openAs('chezhan');
    const cockpit = (await (await page.request.get('/api/supervision/cockpit')).json()) as {
      regions: { name: string; problems: number; rated: boolean }[];
    };
    const idle = cockpit.regions.filter((r) => !r.rated);
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.every((r) => r.problems === 0)).toBe(true);
    const ranking = page.locator('.ant-card').filter({ hasText: '社区排名（车站街道）' });
    await ranking.getByRole('columnheader', { name: '社区' }).waitFor();
    // No map for a street: there are no community outlines.
    expect(await page.getByRole('img', { name: /销号率地图$/ }).count()).toBe(0);
    for (const r of idle) {
      const tr = ranking.getByRole('row').filter({ hasText: r.name });
      await tr.getByText('无考核事项').waitFor();
      expect(await tr.getByText('红灯').count()).toBe(0);
    }
    await saveScreenshot(page, 'cockpit-street');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('P11 the league table prints each score to one decimal (63.0 beside 63.1), in the overview order', async () => {
    const { context, page, problems } = await openAs('leader', '督导排名', '督导调度');
    await waitForQuiet(page);
    const overview = (await (await page.request.get('/api/supervision/overview')).json()) as {
      regions: { name: string; score: number }[];
    };
    expect(overview.regions.length).toBe(8);
    // The score column (the fourth) of the districts' table, as the bulletin prints it.
    const table = page.locator('.ant-table').first();
    const rows = table.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(overview.regions.length);
    const scores = await rows.locator('td:nth-child(4)').allInnerTexts();
    expect(scores).toEqual(overview.regions.map((r) => r.score.toFixed(1)));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('P11 the 未销号 tile and a month of the chart open lists of the same size', async () => {
    const { context, page, problems } = await openAs('leader');

    // 未销号: the tile's number is the list's total, and no row is closed.
    const tile = page.getByRole('link', { name: /^未销号 \d+$/ });
    const open = Number((await tile.getAttribute('aria-label'))!.split(' ')[1]);
    expect(open).toBeGreaterThan(0);
    await tile.click();
    await page.getByRole('heading', { name: '问题台账', exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('open')).toBe('true');
    await waitForQuiet(page);
    await page.getByText(`共 ${open.toLocaleString('zh-CN')} 个问题`).waitFor();
    const statuses = await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.some((r) => r.includes('已销号'))).toBe(false);

    // A month of 近12个月新增与销号: the current month's 新增 bar, clicked at its foot, opens the
    // problems raised that month — as many as the cockpit counts for it.
    await navigateInApp(page, '/cockpit');
    const chart = page.getByRole('img', { name: '近12个月新增与销号' });
    await chart.locator('canvas').waitFor();
    await waitForQuiet(page);
    const cockpit = (await (await page.request.get('/api/supervision/cockpit')).json()) as {
      months: { month: string; raised: number }[];
    };
    const last = cockpit.months.at(-1)!;
    expect(last.raised).toBeGreaterThan(0);
    const box = (await chart.boundingBox())!;
    // The grid is 40 px in from each side and ends 30 px above the bottom; twelve categories, the
    // 新增 bar left of its category's centre.
    const category = (box.width - 80) / 12;
    await chart.click({
      position: { x: 40 + category * 11.5 - category * 0.18, y: box.height - 32 },
    });
    await page.getByRole('heading', { name: '问题台账', exact: true }).waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('month')).toBe(last.month);
    expect(url.searchParams.get('monthOf')).toBe('raised');
    await page.getByTestId('problems-month-filter').getByText(`${last.month} 新增`).waitFor();
    await waitForQuiet(page);
    await page.getByText(`共 ${last.raised.toLocaleString('zh-CN')} 个问题`).waitFor();
    await saveScreenshot(page, 'cockpit-drilldown-month');
    expect(problems).toEqual([]);
    await context.close();
  });
});
