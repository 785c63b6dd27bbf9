import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  mainMenu,
  navigateInApp,
  saveScreenshot,
  signIn,
  startJourney,
  waitForQuiet,
} from './support/browser.ts';

/** Every page with a menu entry, by path, with its heading and menu label. */
const PAGES = [
  { path: '/', heading: '工作台', menu: '工作台', shot: 'home' },
  { path: '/ledger/areas', heading: '小区台账', menu: '小区台账', shot: 'ledger-areas' },
  { path: '/ledger/facilities', heading: '设施台账', menu: '设施台账', shot: 'ledger-facilities' },
  { path: '/ledger/map', heading: '台账地图', menu: '台账地图', shot: 'ledger-map' },
  { path: '/ledger/import', heading: '台账导入导出', menu: '导入导出', shot: 'ledger-import' },
  { path: '/surveys', heading: '排查摸底', menu: '排查摸底', shot: 'surveys' },
  { path: '/standards', heading: '配建标准', menu: '配建标准', shot: 'standards' },
  { path: '/gap-analysis', heading: '缺口分析', menu: '缺口分析', shot: 'gap-analysis' },
  { path: '/problems', heading: '问题台账', menu: '问题台账', shot: 'problems' },
  { path: '/campaigns', heading: '专项整治', menu: '专项整治', shot: 'campaigns' },
  { path: '/dispatch', heading: '领导调度', menu: '领导调度', shot: 'dispatch' },
  { path: '/tasks', heading: '任务分解表', menu: '任务分解表', shot: 'tasks' },
  { path: '/leading-group', heading: '领导小组', menu: '领导小组', shot: 'leading-group' },
  { path: '/supervision', heading: '督导调度', menu: '督导排名', shot: 'supervision' },
  { path: '/bulletins', heading: '定期通报', menu: '定期通报', shot: 'bulletins' },
  { path: '/cockpit', heading: '领导驾驶舱', menu: '领导驾驶舱', shot: 'cockpit' },
  { path: '/projects', heading: '新建项目', menu: '项目列表', shot: 'projects' },
  { path: '/projects/map', heading: '项目地图', menu: '项目地图', shot: 'projects-map' },
  { path: '/projects/awaiting', heading: '待我审查', menu: '待我审查', shot: 'projects-awaiting' },
  { path: '/regions', heading: '行政区划', menu: '行政区划', shot: 'regions' },
  { path: '/accounts/users', heading: '账号管理', menu: '账号管理', shot: 'users' },
  { path: '/accounts/grants', heading: '角色授权', menu: '角色授权', shot: 'grants' },
  { path: '/settings', heading: '系统设置', menu: '系统设置', shot: 'settings' },
  { path: '/audit', heading: '审计日志', menu: '审计日志', shot: 'audit' },
  { path: '/inbox', heading: '消息中心', menu: '消息中心', shot: 'inbox' },
  { path: '/feedback', heading: '居民反映', menu: '居民反映', shot: 'feedback' },
] as const;

/**
 * The business roles' menu (台账管理, 问题整改 and 督导调度 are headings that fold their pages).
 */
const BUSINESS_MENU = [
  '工作台',
  '台账管理',
  '小区台账',
  '设施台账',
  '台账地图',
  '导入导出',
  '排查摸底',
  '配建标准',
  '缺口分析',
  '问题整改',
  '问题台账',
  '专项整治',
  '领导调度',
  '督导调度',
  '任务分解表',
  '领导小组',
  '督导排名',
  '定期通报',
  '领导驾驶舱',
  '新建项目',
  '项目列表',
  '项目地图',
  '行政区划',
  '消息中心',
  '居民反映',
];

/** Departments also review projects: 待我审查 follows 项目地图. */
const DEPARTMENT_MENU = [
  ...BUSINESS_MENU.slice(0, BUSINESS_MENU.indexOf('项目地图') + 1),
  '待我审查',
  '行政区划',
  '消息中心',
  '居民反映',
];

/** 三员分立 and the role table: what each role's menu lists (and so may open). */
const MENUS: Record<string, string[]> = {
  admin: ['工作台', '行政区划', '账号管理', '系统设置', '消息中心'],
  security: ['工作台', '行政区划', '角色授权', '消息中心'],
  auditor: ['工作台', '审计日志', '消息中心'],
  office: BUSINESS_MENU,
  zhangdian: BUSINESS_MENU,
  edu: DEPARTMENT_MENU,
};

async function menuLabels(page: Page): Promise<string[]> {
  const items = mainMenu(page).getByRole('menuitem');
  await items.first().waitFor();
  return (await items.allTextContents()).map((t) => t.trim());
}

describe('menu and route guard', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  for (const [username, menu] of Object.entries(MENUS)) {
    it(`Security model (route permissions): ${username} sees only the pages its roles permit, 403 for the others`, async () => {
      const { page, problems, close } = await startJourney(browser);
      await signIn(page, username);
      expect(await menuLabels(page)).toEqual(menu);

      for (const target of PAGES) {
        await navigateInApp(page, target.path);
        const allowed = menu.includes(target.menu);
        if (allowed) {
          await page.getByRole('heading', { name: target.heading, exact: true }).waitFor();
        } else {
          await page.getByText('403 无权访问').waitFor();
        }
        await waitForQuiet(page);
        await saveScreenshot(page, `${allowed ? target.shot : `403-${target.shot}`}-${username}`);
      }

      await navigateInApp(page, '/no-such-page');
      await page.getByText('404 页面不存在').waitFor();
      await saveScreenshot(page, `404-${username}`);

      expect(problems).toEqual([]);
      await close();
    });
  }

  it('P3: the read-only leader is told the ledger page only exports; a district imports', async () => {
    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'leader');
    await navigateInApp(page, '/ledger/import');
    await page.getByRole('heading', { name: '台账导入导出', exact: true }).waitFor();
    await page.getByText('本账号只能查看和导出').waitFor();
    await page.getByText('导出台账', { exact: true }).waitFor();
    expect(await page.getByText('导入台账', { exact: true }).count()).toBe(0);
    await saveScreenshot(page, 'ledger-import-leader');
    expect(problems).toEqual([]);
    await close();

    const district = await startJourney(browser);
    await signIn(district.page, 'zhangdian');
    await navigateInApp(district.page, '/ledger/import');
    await district.page.getByText('导入台账', { exact: true }).waitFor();
    await district.page.getByText('先预检，全部无误后再确认导入', { exact: false }).waitFor();
    expect(district.problems).toEqual([]);
    await district.close();
  });

  it('API Auth: a signed-out visitor is sent to sign in, then back to the page asked for', async () => {
    const { page, problems, close } = await startJourney(browser);
    await page.goto('/audit');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: '社区配套设施规划建设管理平台' }).waitFor();
    await saveScreenshot(page, 'sign-in');

    await page.getByLabel('用户名', { exact: true }).fill('auditor');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await saveScreenshot(page, 'sign-in-wrong-password');

    await page.getByLabel('密码', { exact: true }).fill('Zibo@2020');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL('**/audit');
    await page.getByRole('heading', { name: '审计日志', exact: true }).waitFor();

    expect(problems).toEqual([]);
    await close();
  });
});
