import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { findDistrictCentre, signInApi, type ApiSession } from './support/api.ts';
import {
  launchBrowser,
  navigateInApp,
  saveScreenshot,
  signIn,
  startJourney,
  waitForQuiet,
  type Journey,
  pickOption,
} from './support/browser.ts';
import { buildSolidPng } from './support/png.ts';
import { shanghaiDateIn } from '../apps/api/src/platform/time.ts';

// 张店区 is the survey journey's (its ledger gets locked); this one works in 淄川区.
const DISTRICT = '370302';
const STAMP = Date.now().toString(36);
const AREA = `松龄雅苑${STAMP}`;
const KEY_AREA = `般阳花园${STAMP}`;
const BATCH_AREAS = [`孝妇河畔${STAMP}`, `淄川新村${STAMP}`];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PHOTO = buildSolidPng(64, 48, [46, 139, 87]);
const REFUSAL = `消防验收手续未完成（${STAMP}）`;
const INSTRUCTION = `请淄川区本月内拿出场地方案，教育局全程指导（${STAMP}）`;

/**
 * A community of the district's last street: the gap-analysis journey lists the findings of the
 * first community on its first page, and these gap-rich areas must not push its area off it.
 */
async function findLastStreetCommunity(session: ApiSession): Promise<{ code: string }> {
  const streets = await session.get<{ code: string }[]>(`/regions?parent=${DISTRICT}`);
  for (const street of [...streets].reverse()) {
    const [community] = await session.get<{ code: string }[]>(`/regions?parent=${street.code}`);
    if (community) return community;
  }
  throw new Error(`no community in ${DISTRICT}`);
}

/** Loads the problem page afresh: another user has just changed the problem. */
async function openProblem(page: Page, id: number) {
  await page.goto(`/problems/${id}`);
  await page.getByRole('heading', { name: new RegExp(`^#${id} `) }).waitFor();
}

async function expectStatus(page: Page, label: string) {
  await page.getByTestId('problem-status').getByText(label, { exact: true }).waitFor();
}

/** A button of the problem's toolbar (the buttons its abilities allow); its icon names itself too. */
function action(page: Page, name: string): Locator {
  return page
    .getByRole('toolbar', { name: '办理' })
    .getByRole('button', { name: new RegExp(`(^| )${name}$`) });
}

function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog').filter({ has: page.getByText(title, { exact: true }) });
}

/** Types a date into an antd DatePicker the way a keyboard user does. */
async function fillDate(field: Locator, date: string) {
  await field.click();
  await field.fill(date);
  await field.press('Enter');
}

/**
 * Lets transitions (menus, popovers, fades) finish so a screenshot shows the settled page. The
 * click ripple of a button (ant-wave) is left out: headless Chromium may never finish it.
 */
async function waitForAnimations(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          document.getAnimations().filter((a) => {
            const target = (a.effect as KeyframeEffect | null)?.target;
            return a.playState === 'running' && !target?.classList.contains('ant-wave');
          }).length,
      ),
    )
    .toBe(0);
}

async function submitDialog(page: Page, title: string, ok: string) {
  const d = dialog(page, title);
  await d.getByRole('button', { name: ok, exact: true }).click();
  await d.waitFor({ state: 'detached' });
}

/** What only some roles see: batch approval, bulk import, the roster editor. */
async function showRoleViews(page: Page, username: string) {
  const shot = async (name: string) => {
    await waitForQuiet(page);
    await waitForAnimations(page);
    await saveScreenshot(page, `${name}-${username}`);
  };
  if (username === 'edu') {
    await page.goto('/problems');
    await page.getByRole('button', { name: /批量审批$/ }).click();
    await page.getByRole('table', { name: '待审批方案' }).waitFor();
    await shot('problems-batch');
    await page.goto('/tasks');
    await page
      .getByRole('button', { name: /报告进展$/ })
      .first()
      .click();
    await page.getByRole('heading', { name: '进展记录' }).waitFor();
    await shot('task-report');
  }
  if (username === 'zichuan') {
    await page.goto('/problems');
    await page.getByRole('button', { name: /导入进展$/ }).click();
    await page.getByText('导入整改进展', { exact: true }).waitFor();
    await shot('problems-import');
  }
  if (username === 'office') {
    await page.goto('/leading-group');
    await page.getByRole('button', { name: /编辑名单$/ }).click();
    await page.getByRole('table', { name: '编辑领导小组名单' }).waitFor();
    await shot('leading-group-edit');
  }
}

describe('problems: from a gap finding to a verified closure', () => {
  let browser: Browser;
  let areaId = 0;
  let keyAreaId = 0;
  let batchAreaIds: number[] = [];
  /** The problems of the batch approval, then of the bulk progress import. */
  const batchIds: number[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    // An area with a location and no facilities at all: every rule that applies finds a gap.
    const zichuan = await signInApi('zichuan');
    const community = await findLastStreetCommunity(zichuan);
    const centre = await findDistrictCentre(zichuan, DISTRICT);
    const area = (lon: number, lat: number, name: string) =>
      zichuan.post<{ id: number }>('/residential-areas', {
        name,
        regionCode: community.code,
        lon,
        lat,
        households: 1600,
        population: 4800,
        buildYear: 2008,
        kind: 'existing',
      });
    areaId = (await area(centre.lon - 0.03, centre.lat + 0.02, AREA)).id;
    keyAreaId = (await area(centre.lon - 0.035, centre.lat + 0.025, KEY_AREA)).id;
    batchAreaIds = [
      (await area(centre.lon - 0.04, centre.lat + 0.03, BATCH_AREAS[0]!)).id,
      (await area(centre.lon - 0.045, centre.lat + 0.035, BATCH_AREAS[1]!)).id,
    ];
  });
  afterAll(async () => {
    await browser.close();
  });

  it('P5 gap finding → problem → plan → approval → progress with a photo → closure request → refusal → closure', async () => {
    const zichuan = await startJourney(browser);
    const edu = await startJourney(browser);
    await signIn(zichuan.page, 'zichuan');
    await signIn(edu.page, 'edu');
    const z = zichuan.page;
    const e = edu.page;

    // P2 → P5: the district raises the kindergarten finding as a problem from the gap page.
    await navigateInApp(z, `/gap-analysis/areas/${areaId}`);
    await z.getByRole('heading', { name: `${AREA}：缺口分析` }).waitFor();
    const kindergarten = z.getByRole('row').filter({ hasText: '幼儿园' }).first();
    await kindergarten.getByRole('button', { name: '立为问题' }).click();
    const link = kindergarten.getByRole('link', { name: /^问题 #\d+$/ });
    await link.waitFor();
    const id = Number(/#(\d+)/.exec((await link.textContent()) ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    await link.click();
    await z.getByRole('heading', { name: new RegExp(`^#${id} `) }).waitFor();
    await expectStatus(z, '待制定方案');
    await z.getByText('社区教育设施', { exact: true }).waitFor();

    // P4: the plan — measures, lead unit, responsible units, deadline.
    await action(z, '报送整治方案').click();
    const plan = dialog(z, '报送整治方案');
    await plan.getByLabel('整治措施').fill('利用社区闲置用房改建幼儿园，增设学位 180 个');
    await plan.getByLabel('牵头单位').fill('淄川区教育和体育局');
    const units = plan.getByLabel('责任单位');
    await units.fill('般阳路街道办事处');
    await units.press('Enter');
    await units.fill('淄川区住房和城乡建设局');
    await units.press('Enter');
    await fillDate(plan.getByLabel('完成时限'), shanghaiDateIn(120));
    await z.locator('.ant-picker-dropdown').waitFor({ state: 'hidden' });
    await waitForAnimations(z);
    await saveScreenshot(z, 'problem-plan-form-zichuan');
    await plan.getByRole('button', { name: '报送', exact: true }).click();
    await expectStatus(z, '方案待审批');
    await z.getByText('淄川区住房和城乡建设局', { exact: true }).waitFor();
    await saveScreenshot(z, 'problem-planned-zichuan');

    // Only the category's lead department approves.
    expect(await action(z, '审批通过').count()).toBe(0);
    await openProblem(e, id);
    await action(e, '审批通过').click();
    await submitDialog(e, '审批通过整治方案', '批准');
    await expectStatus(e, '整改中');
    await e.getByText(shanghaiDateIn(120)).first().waitFor();

    // Progress with a photo, uploaded through the page's own upload control.
    await openProblem(z, id);
    await expectStatus(z, '整改中');
    await action(z, '报告进展').click();
    const progress = dialog(z, '报告整改进展');
    await progress.getByLabel('完成进度（%）').fill('60');
    await progress.getByLabel('进展说明').fill('完成主体改造，正在室内装修');
    await progress
      .locator('input[type=file]')
      .setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PHOTO });
    await progress.locator('.ant-upload-list-item-done').waitFor();
    await waitForAnimations(z);
    await saveScreenshot(z, 'problem-progress-dialog-zichuan');
    await submitDialog(z, '报告整改进展', '报告');
    const photo = z.getByRole('img', { name: '现场照片.png' });
    await photo.waitFor();
    // The thumbnail is the uploaded picture itself, served inline by the API.
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await z.getByText('完成进度 60%').waitFor();

    // P5 销号: requested with evidence, the gap as the analysis still finds it in view (the
    // kindergarten is not in the facility ledger)…
    await action(z, '申请销号').click();
    await dialog(z, '申请销号')
      .getByTestId('problem-gap-now')
      .getByText('缺口分析（按当前台账）：该小区的“幼儿园”仍为缺失', { exact: false })
      .waitFor();
    await dialog(z, '申请销号').getByLabel('整改完成情况').fill('幼儿园已建成，计划下月开园');
    await dialog(z, '申请销号')
      .getByLabel('无法提供照片或文件的原因')
      .fill('开园手续在办，现场照片已随进展报告上传');
    await submitDialog(z, '申请销号', '申请销号');
    await expectStatus(z, '销号待核验');
    expect(await action(z, '核验销号').count()).toBe(0);

    // …refused by the lead department, which must say why…
    await openProblem(e, id);
    await action(e, '不予销号').click();
    const refuse = dialog(e, '不予销号');
    await refuse.getByRole('button', { name: '不予销号', exact: true }).click();
    await refuse.getByText('不予销号须说明理由').waitFor();
    await refuse.getByLabel('不予销号理由').fill(REFUSAL);
    await submitDialog(e, '不予销号', '不予销号');
    await expectStatus(e, '整改中');
    const returned = e.getByTestId('event-returned');
    await returned.getByText('不予销号（退回）').waitFor();
    await returned.getByText(`不予销号理由：${REFUSAL}`).waitFor();
    await saveScreenshot(e, 'problem-refused-edu');

    // …requested again, then verified and closed.
    await openProblem(z, id);
    await z.getByRole('alert').filter({ hasText: REFUSAL }).waitFor();
    await action(z, '申请销号').click();
    await dialog(z, '申请销号').getByLabel('整改完成情况').fill('消防验收已通过，幼儿园已开园');
    await dialog(z, '申请销号')
      .getByLabel('无法提供照片或文件的原因')
      .fill('消防验收意见书由消防部门直接送主管部门');
    await submitDialog(z, '申请销号', '申请销号');
    await expectStatus(z, '销号待核验');

    await openProblem(e, id);
    await action(e, '核验销号').click();
    await dialog(e, '核验销号')
      .getByTestId('problem-gap-now')
      .getByText('仍为缺失', { exact: false })
      .waitFor();
    await dialog(e, '核验销号').getByLabel('核验意见（可选）').fill('经现场核验，已整改到位');
    await submitDialog(e, '核验销号', '核验通过，予以销号');
    await expectStatus(e, '已销号');
    await saveScreenshot(e, 'problem-closed-edu');

    // The district hears about every decision: its bell counts the unread notices.
    await openProblem(z, id);
    await expectStatus(z, '已销号');
    const bell = z.getByTestId('inbox-bell');
    await expect
      .poll(async () => Number(await bell.getAttribute('data-unread')))
      .toBeGreaterThan(0);
    await bell.click();
    const notices = z.getByLabel('未读消息');
    await notices.getByText(`问题 #${id}：已销号`).waitFor();
    await waitForAnimations(z);
    await saveScreenshot(z, 'inbox-bell-zichuan');
    // Opening a notice marks it read and goes to its problem.
    const before = Number(await bell.getAttribute('data-unread'));
    await notices.getByText(`问题 #${id}：已销号`).click();
    await z.getByRole('heading', { name: new RegExp(`^#${id} `) }).waitFor();
    await expect.poll(async () => Number(await bell.getAttribute('data-unread'))).toBe(before - 1);
    await notices.waitFor({ state: 'hidden' });
    await waitForAnimations(z);
    await saveScreenshot(z, 'problem-closed-zichuan');

    // The ledger did not change, so the gap page still finds the gap: it shows the closed
    // problem beside 立为问题, not a bare button as if nothing had been raised.
    await navigateInApp(z, `/gap-analysis/areas/${areaId}`);
    const again = z.getByRole('row').filter({ hasText: '幼儿园' }).first();
    await again.getByRole('link', { name: `问题 #${id} 已销号` }).waitFor();
    await again.getByRole('button', { name: '立为问题' }).waitFor();
    await saveScreenshot(z, 'gap-area-closed-zichuan');
    expect([...zichuan.problems, ...edu.problems]).toEqual([]);
    await zichuan.close();
    await edu.close();
  });

  it('P5 the office flags a key problem and the leader records an instruction', async () => {
    const zichuan = await signInApi('zichuan');
    const raised = await zichuan.post<{ items: { problemId: number }[] }>(
      '/gap-analysis/problems',
      {
        items: [
          // The first short or missing finding of the area, whatever rule governs it.
          await zichuan
            .get<{
              findings: { facilityType: string; ruleId: string; status: string }[];
            }>(`/gap-analysis/areas/${keyAreaId}`)
            .then(({ findings }) => {
              const f = findings.find((x) => x.status !== 'met');
              if (!f) throw new Error('the area has no gap');
              return {
                residentialAreaId: keyAreaId,
                facilityType: f.facilityType,
                ruleId: f.ruleId,
              };
            }),
        ],
      },
    );
    const id = raised.items[0]!.problemId;

    const office = await startJourney(browser);
    await signIn(office.page, 'office');
    await openProblem(office.page, id);
    await action(office.page, '标记重点难点').click();
    await submitDialog(office.page, '标记为重点难点问题', '标记');
    await office.page.getByTestId('problem-status').getByText('重点难点').waitFor();
    await action(office.page, '取消重点难点').waitFor();

    const leader = await startJourney(browser);
    await signIn(leader.page, 'leader');
    await navigateInApp(leader.page, '/dispatch');
    await leader.page.getByRole('heading', { name: '领导调度', exact: true }).waitFor();
    const card = leader.page.getByTestId(`key-problem-${id}`);
    await card.getByText('尚无批示').waitFor();
    await card.getByRole('button', { name: '领导批示' }).click();
    await dialog(leader.page, '领导批示').getByLabel('批示内容').fill(INSTRUCTION);
    await submitDialog(leader.page, '领导批示', '发出批示');
    await card.getByTestId('instructions').getByText(INSTRUCTION).waitFor();
    await waitForQuiet(leader.page);
    await saveScreenshot(leader.page, 'dispatch-instructed-leader');

    // The instruction is on the problem's record and reaches its owners.
    await openProblem(office.page, id);
    await office.page.getByRole('alert').filter({ hasText: INSTRUCTION }).waitFor();
    const inbox = await zichuan.get<{ items: { kind: string; entityId: string }[] }>(
      '/notifications?unread=true&pageSize=200',
    );
    expect(inbox.items).toContainEqual(
      expect.objectContaining({ kind: 'problem.instruct', entityId: String(id) }),
    );

    expect([...office.problems, ...leader.problems]).toEqual([]);
    await office.close();
    await leader.close();
  });

  it('P4 the education department approves several plans at once', async () => {
    const zichuan = await signInApi('zichuan');
    for (const id of batchAreaIds) {
      const { findings } = await zichuan.get<{
        findings: { facilityType: string; ruleId: string; status: string }[];
      }>(`/gap-analysis/areas/${id}`);
      const f = findings.find((x) => x.facilityType === 'kindergarten' && x.status !== 'met');
      if (!f) throw new Error('no kindergarten gap');
      const raised = await zichuan.post<{ items: { problemId: number }[] }>(
        '/gap-analysis/problems',
        { items: [{ residentialAreaId: id, facilityType: f.facilityType, ruleId: f.ruleId }] },
      );
      const problemId = raised.items[0]!.problemId;
      await zichuan.post(`/problems/${problemId}/plan`, {
        measures: '新建幼儿园一所',
        leadUnit: '淄川区教育和体育局',
        responsibleUnits: ['般阳路街道办事处'],
        deadline: shanghaiDateIn(200),
        oneCaseOnePlan: false,
      });
      batchIds.push(problemId);
    }

    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'edu');
    // The workbench counts the plans waiting for the department and opens exactly those.
    const edu = await signInApi('edu');
    const waiting = await edu.get<{ total: number }>('/problems?awaiting=plan_approval&pageSize=1');
    expect(waiting.total).toBeGreaterThanOrEqual(batchIds.length);
    await page
      .getByTestId('todo-panel')
      .getByRole('link', { name: `方案待审批，${waiting.total} 项` })
      .click();
    await page.getByRole('heading', { name: '问题台账' }).waitFor();
    expect(new URL(page.url()).search).toBe('?awaiting=plan_approval');
    await page.getByText(`共 ${waiting.total.toLocaleString('zh-CN')} 个问题`).waitFor();
    await saveScreenshot(page, 'home-todo-plans-edu');
    await page.getByRole('button', { name: /批量审批$/ }).click();
    const table = page.getByRole('table', { name: '待审批方案' });
    for (const id of batchIds) await table.getByLabel(`选择问题 #${id}`).check();
    await page.getByRole('button', { name: '批准所选（2）' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: '批准', exact: true })
      .click();
    await page.getByText('已批准 2 个整治方案').waitFor();

    for (const id of batchIds) {
      expect((await edu.get<{ status: string }>(`/problems/${id}`)).status).toBe('in_progress');
    }
    expect(problems).toEqual([]);
    await close();
  });

  it('bulk progress: the district exports its open problems, fills in Excel, checks, then imports', async () => {
    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'zichuan');
    await page.goto('/problems');
    await page.getByRole('button', { name: /导入进展$/ }).click();
    const drawer = dialog(page, '导入整改进展');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      drawer.getByRole('button', { name: /导出整改清单$/ }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('问题清单')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const [idCol, pctCol, noteCol] = ['问题编号', '本次进度(%)', '进展说明'].map((h) =>
      header.indexOf(h),
    );
    const filled: number[] = [];
    sheet.eachRow((row, n) => {
      const id = Number(row.getCell(idCol!).value);
      if (n === 1 || !batchIds.includes(id)) return;
      row.getCell(pctCol!).value = 40;
      row.getCell(noteCol!).value = '完成选址和立项';
      filled.push(id);
    });
    expect(filled.sort()).toEqual([...batchIds].sort());
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

    await drawer
      .locator('input[type=file]')
      .setInputFiles({ name: '整改问题清单.xlsx', mimeType: XLSX, buffer });
    await drawer.getByRole('button', { name: /预检$/ }).click();
    await drawer.getByText('将更新 2 个问题的整改进展', { exact: false }).waitFor();
    await waitForAnimations(page);
    await saveScreenshot(page, 'problems-import-dry-run-zichuan');
    // The dry run wrote nothing.
    const api = await signInApi('zichuan');
    expect(
      (await api.get<{ progressPercent: number }>(`/problems/${batchIds[0]}`)).progressPercent,
    ).toBe(0);

    await drawer.getByRole('button', { name: /确认导入$/ }).click();
    await drawer.getByText('导入完成').waitFor();
    for (const id of batchIds) {
      expect((await api.get<{ progressPercent: number }>(`/problems/${id}`)).progressPercent).toBe(
        40,
      );
    }
    expect(problems).toEqual([]);
    await close();
  });

  it('a district registers a problem found by inspection; the office edits the leading group', async () => {
    const zichuan = await startJourney(browser);
    await signIn(zichuan.page, 'zichuan');
    const z = zichuan.page;
    await z.goto('/problems');
    await z.getByRole('button', { name: /登记问题$/ }).click();
    const drawer = dialog(z, '登记问题');
    const area = drawer.getByLabel('小区');
    await area.fill(AREA);
    await pickOption(z, AREA);
    await drawer.getByLabel('设施类型').click();
    await pickOption(z, /^便利店$/);
    await drawer.getByLabel('阶段').click();
    await pickOption(z, /^使用阶段$/);
    await drawer.getByLabel('问题描述').fill('小区便利店用房被挪作仓库，居民购物不便');
    await waitForAnimations(z);
    await saveScreenshot(z, 'problem-register-zichuan');
    await drawer.getByRole('button', { name: '登记', exact: true }).click();
    await z
      .getByRole('heading', { name: `#` + '' })
      .first()
      .waitFor();
    await z.getByRole('heading', { name: new RegExp(`${AREA}便利店使用问题$`) }).waitFor();
    await expectStatus(z, '待制定方案');
    await z.getByText('督导巡查', { exact: true }).waitFor();
    expect(zichuan.problems).toEqual([]);
    await zichuan.close();

    const office = await startJourney(browser);
    const o = office.page;
    await signIn(o, 'office');
    await o.goto('/leading-group');
    await o.getByRole('button', { name: /编辑名单$/ }).click();
    await o.getByLabel('姓名（第 1 行）').fill(`张三${STAMP}`);
    await o.getByRole('button', { name: /保存名单$/ }).click();
    await o.getByText('领导小组名单已保存').waitFor();
    await o.getByRole('table', { name: '领导小组名单' }).getByText(`张三${STAMP}`).waitFor();
    expect(office.problems).toEqual([]);
    await office.close();
  });

  const TOUR = [
    { path: '/problems', heading: '问题台账', shot: 'problems' },
    { path: '/campaigns', heading: '专项整治', shot: 'campaigns' },
    { path: '/dispatch', heading: '领导调度', shot: 'dispatch' },
    { path: '/tasks', heading: '任务分解表', shot: 'tasks' },
    { path: '/leading-group', heading: '领导小组', shot: 'leading-group' },
    { path: '/inbox', heading: '消息中心', shot: 'inbox' },
  ];
  for (const username of ['zichuan', 'edu', 'office', 'leader']) {
    it(`shows every problem and supervision page to ${username}`, async () => {
      // The latest problem the account may see (the data scopes differ).
      const { items } = await (
        await signInApi(username)
      ).get<{ items: { id: number }[] }>('/problems?pageSize=1');
      const problemId = items[0]!.id;
      const journey: Journey = await startJourney(browser);
      const { page } = journey;
      await signIn(page, username);
      for (const target of TOUR) {
        await page.goto(target.path);
        await page.getByRole('heading', { name: target.heading, exact: true }).waitFor();
        await waitForQuiet(page);
        await waitForAnimations(page);
        await saveScreenshot(page, `${target.shot}-${username}`);
      }
      await openProblem(page, problemId);
      await waitForQuiet(page);
      await waitForAnimations(page);
      await saveScreenshot(page, `problem-detail-${username}`);
      await showRoleViews(page, username);
      expect(journey.problems).toEqual([]);
      await journey.close();
    });
  }
});
