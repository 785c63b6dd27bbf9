import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const DEMO_PASSWORD = 'Zibo@2020';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../screenshots');

/** Debian's Chromium; a browser is never downloaded. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type Journey = {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and CSP violations seen so far: a journey ends with none. */
  problems: string[];
  close: () => Promise<void>;
};

/** A fresh browser context (no cookies) for one journey, in Chinese and Beijing time. */
export async function startJourney(browser: Browser): Promise<Journey> {
  const context = await browser.newContext({
    baseURL: inject('baseUrl'),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    // The app then draws popups without their zoom (see REDUCED_MOTION in app.tsx). A click
    // made while a popconfirm was still zooming in was seen to land beside its moving button
    // under CPU load: the popconfirm stayed open, and nothing was approved.
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) {
      problems.push(`CSP: ${m.text()}`);
    }
  });
  // Refused API calls are printed, one line each: when a journey times out waiting for a page
  // that never came, the refusal (its code and Chinese message) says why.
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (r.status() < 400 || !url.pathname.startsWith('/api/')) return;
    // The app asks who is signed in before the sign-in page: that 401 is expected.
    if (r.status() === 401 && url.pathname === '/api/auth/me') return;
    void r
      .text()
      .catch(() => '')
      .then((body) =>
        console.error(
          `[journey] ${r.status()} ${r.request().method()} ${url.pathname}${url.search} ${body.slice(0, 300)}`,
        ),
      );
  });
  return { context, page, problems, close: () => context.close() };
}

/** Signs in through the sign-in page and waits for the signed-in shell. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
  await page.getByTestId('current-user').waitFor();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
}

/** The side menu (built from the user's permissions). */
export function mainMenu(page: Page) {
  return page.getByRole('navigation', { name: '主菜单' });
}

export async function openFromMenu(page: Page, label: string) {
  await mainMenu(page).getByRole('link', { name: label, exact: true }).click();
}

/**
 * Client-side navigation, as the app's own links do: no reload of the bundle, so a tour of many
 * pages stays fast. React Router follows `popstate`.
 */
export async function navigateInApp(page: Page, path: string) {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** Waits until no spinner is turning (lists, maps and charts have their data) before a screenshot. */
export async function waitForQuiet(page: Page) {
  await expect
    .poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active, [data-loading]').count())
    .toBe(0);
}

/** Saves `e2e/screenshots/<name>.png` (git-ignored) for a person to look at. */
export async function saveScreenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Picks an option of the antd select that is open now (its visible list, not the a11y one) and
 * waits for the list to close: until it has, it covers the fields below it. One click, as a
 * person would: a list that stays open with nothing picked is a failure, not something to retry
 * (lists in dialogs and drawers are drawn inside them, so they cannot drift from their field —
 * see `popupContainer`). A multiple select keeps its list open once the option is picked; it is
 * closed by clicking the dialog's title.
 */
export async function pickOption(page: Page, label: string | RegExp) {
  const open = page.locator('.ant-select-dropdown:visible');
  const option = open.locator('.ant-select-item-option').filter({ hasText: label }).first();
  await option.click();
  try {
    await expect.poll(() => open.count(), { timeout: 5000 }).toBe(0);
    return;
  } catch {
    // Still open: only a multiple select may stay open, and only with the option picked.
  }
  expect(await option.getAttribute('class')).toContain('option-selected');
  await page.locator('.ant-drawer-title:visible, .ant-modal-title:visible').first().click();
  await expect.poll(() => open.count()).toBe(0);
}

/**
 * Picks a region in an open region tree-select by the names along its path (e.g. district,
 * street, community): one click on each name, as a person would. A node already open is not
 * clicked (that would close it). No second click: the tree keeps a click made while a level
 * loads (issue 13), so a lost click is a failure here, not something to retry.
 */
export async function pickRegionPath(page: Page, names: readonly string[]) {
  const tree = page.locator('.ant-select-tree:visible');
  const title = (name: string) => tree.getByText(name, { exact: true });
  for (let i = 0; i < names.length - 1; i++) {
    const node = tree.locator('.ant-select-tree-treenode', {
      has: page.getByText(names[i]!, { exact: true }),
    });
    const child = title(names[i + 1]!);
    if (await child.isVisible()) continue;
    if (!((await node.getAttribute('class')) ?? '').includes('switcher-open')) {
      await node.locator('.ant-select-tree-title').click();
    }
    await child.waitFor({ timeout: 15_000 });
  }
  await title(names.at(-1)!).click();
  await expect.poll(() => tree.count()).toBe(0);
}
