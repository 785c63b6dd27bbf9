import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  mainMenu,
  openFromMenu,
  pickRegionPath,
  saveScreenshot,
  signIn,
  signOut,
  startJourney,
} from './support/browser.ts';

const USERNAME = `wangwei.${Date.now().toString(36)}`;
const INITIAL_PASSWORD = 'Chushi@2024';
const NEW_PASSWORD = 'Xinmima#2025';

function accountRow(page: Page) {
  return page.getByRole('table', { name: '账号列表' }).locator('tr', { hasText: USERNAME });
}

describe('accounts', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('API Auth: an account created by the administrator must change its password at first sign-in', async () => {
    const { page, problems, close } = await startJourney(browser);

    // 1. The system administrator creates the account (no roles yet).
    await signIn(page, 'admin');
    await openFromMenu(page, '账号管理');
    await page.getByRole('button', { name: '新建账号' }).click();
    const create = page.getByRole('dialog', { name: '新建账号' });
    await create.getByLabel('用户名', { exact: true }).fill(USERNAME);
    await create.getByLabel('姓名', { exact: true }).fill('王伟');
    await create.getByLabel('初始密码', { exact: true }).fill(INITIAL_PASSWORD);
    await create.getByLabel('行政区划', { exact: true }).click();
    await pickRegionPath(page, ['淄博市']);
    await saveScreenshot(page, 'users-create-dialog');
    await create.getByRole('button', { name: '创建' }).click();
    await create.waitFor({ state: 'hidden' });
    await accountRow(page).getByText('待修改初始密码').waitFor();
    await accountRow(page).getByText('未授予角色').waitFor();
    await saveScreenshot(page, 'users-admin');
    await signOut(page);

    // 2. The security administrator grants a role and scope (三员分立: not the sys admin).
    await signIn(page, 'security');
    await openFromMenu(page, '角色授权');
    await accountRow(page).getByRole('button', { name: '授权' }).click();
    const grant = page.getByRole('dialog', { name: /^授权/ });
    await grant.getByRole('checkbox', { name: '领导', exact: true }).check();
    await grant.getByRole('checkbox', { name: '社区教育设施', exact: true }).check();
    await grant.getByText('淄博市', { exact: true }).waitFor();
    await saveScreenshot(page, 'grants-dialog');
    await grant.getByRole('button', { name: '保存授权' }).click();
    await grant.waitFor({ state: 'hidden' });
    await accountRow(page).getByText('领导', { exact: true }).waitFor();
    // Every column has room to read: 数据范围 once got what the other widths left, 0 px, and
    // "淄博市" wrapped a character per line (shared/kit/table-width.ts).
    const region = page.getByRole('columnheader', { name: '数据范围' });
    expect((await region.boundingBox())!.width).toBeGreaterThan(60);
    await saveScreenshot(page, 'grants-security');
    await signOut(page);

    // 3. The new user signs in, is sent to the change page, changes, and lands on the home page.
    await signIn(page, USERNAME, INITIAL_PASSWORD);
    await page.waitForURL('**/change-password');
    await page.getByRole('heading', { name: '首次登录请修改密码' }).waitFor();
    expect(await mainMenu(page).count()).toBe(0);
    await saveScreenshot(page, 'change-password-forced');
    await page.getByLabel('当前密码', { exact: true }).fill(INITIAL_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '确认修改' }).click();

    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe('王伟');
    await mainMenu(page).getByRole('link', { name: '行政区划', exact: true }).waitFor();
    await saveScreenshot(page, 'home-new-leader');

    // The new password is the one that works from now on.
    await signOut(page);
    await signIn(page, USERNAME, NEW_PASSWORD);
    await page.getByRole('heading', { name: '工作台' }).waitFor();

    expect(problems).toEqual([]);
    await close();
  });
});
