import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  findDistrictCentre,
  findFirstCommunity,
  signInApi,
  type ApiSession,
} from './support/api.ts';
import {
  launchBrowser,
  navigateInApp,
  openFromMenu,
  pickRegionPath,
  saveScreenshot,
  signIn,
  startJourney,
  waitForQuiet,
  type Journey,
} from './support/browser.ts';

// Other journeys work in 张店区 (survey, locks its ledger) and 淄川区; projects keep to 博山区.
const DISTRICT = '370304';
const STAMP = Date.now().toString(36);
const PROJECT = `博山悦府${STAMP}`;
const OWN_PROJECT = `颜山花园${STAMP}`;
const REJECT_REASON = `幼儿园用地与城市主干道相邻，须调整选址并增加退让（${STAMP}）`;

type Gate = {
  gate: string;
  status: string;
  round: number;
  departments: { code: string; name: string; opined: boolean }[];
};
type Project = {
  id: number;
  name: string;
  currentGate: string;
  requiredFacilities: {
    facilityType: string;
    sites: number;
    floorArea: number | null;
    siteArea: number | null;
    alternatives: unknown[] | null;
    constructionMethod: string;
    ownership: string;
    handoverTo: string;
    handoverRequirement: string;
  }[];
  gates: Gate[];
};

/** React renders and antd animations can lag on a busy machine: polls wait up to 10 s. */
const POLL = { timeout: 10_000 };

/** The demo account that signs for each city department. */
const ACCOUNT_OF: Record<string, string> = {
  '3703-natural_resources': 'nr',
  '3703-housing': 'housing',
  '3703-education': 'edu',
  '3703-civil_affairs': 'civil',
  '3703-commerce': 'commerce',
  '3703-sports': 'sports',
  '3703-health': 'health',
};

/** A drawer or dialog as the user sees it (a full-page shot would cut the overlay at the fold). */
async function saveViewportScreenshot(page: Page, name: string) {
  const dir = path.resolve(import.meta.dirname, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * Planning conditions that state every required facility in its amount: one entry per site;
 * where the standards set no area, a plausible one.
 */
function statePlanningConditions(project: Project) {
  return project.requiredFacilities.flatMap((r) => {
    const alt = (r.alternatives ?? [])[0] as { floorArea: number | null } | undefined;
    const floor = r.floorArea ?? alt?.floorArea ?? 3000;
    return Array.from({ length: r.sites }, () => ({
      facilityType: r.facilityType,
      floorArea: Math.ceil((floor / r.sites) * 100) / 100,
      siteArea: r.siteArea === null ? null : Math.ceil((r.siteArea / r.sites) * 100) / 100,
      constructionMethod: r.constructionMethod,
      ownership: r.ownership,
      handoverTo: r.handoverTo,
      handoverRequirement: r.handoverRequirement,
    }));
  });
}

/** A signed-in browser journey for one account. */
async function journeyAs(browser: Browser, username: string): Promise<Journey> {
  const journey = await startJourney(browser);
  await signIn(journey.page, username);
  return journey;
}

async function openProject(page: Page, id: number, name: string) {
  await navigateInApp(page, `/projects/${id}`);
  await page.getByRole('heading', { name, exact: true }).waitFor();
  await waitForQuiet(page);
}

function gateCard(page: Page, gate: string): Locator {
  return page.getByTestId(`gate-${gate}`);
}

async function expectStep(page: Page, gate: string, status: string) {
  await expect
    .poll(() => page.getByTestId(`step-${gate}`).getAttribute('data-status'), POLL)
    .toBe(status);
}

/** Opens the opinion dialog of the planning review and chooses the decision. */
async function chooseOpinion(page: Page, decision: string) {
  await gateCard(page, 'planning_review').getByRole('button', { name: '出具意见' }).click();
  const dialog = page.getByRole('dialog', { name: /出具意见：规划联合审查/ });
  await dialog.getByText(decision, { exact: true }).click();
  const choice = dialog.getByRole('radio', { name: decision, exact: true });
  await expect.poll(() => choice.isChecked(), POLL).toBe(true);
  return dialog;
}

describe('new residential projects', () => {
  let browser: Browser;
  let nr: ApiSession;
  let developer: ApiSession;
  let community: Awaited<ReturnType<typeof findFirstCommunity>>;
  let centre: { lon: number; lat: number };
  let projectId = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    nr = await signInApi('nr');
    developer = await signInApi('developer1');
    community = await findFirstCommunity(nr, DISTRICT);
    centre = await findDistrictCentre(nr, DISTRICT);
    // The developer's own project, registered by its account (it is linked to itself), under
    // planning review so that the departments' inboxes and the office's counts have it too.
    await registerOwnProject(OWN_PROJECT, 0);
  });

  /** A project registered by developer1's own account and submitted to planning review by nr. */
  async function registerOwnProject(name: string, offset: number): Promise<Project> {
    const own = await developer.post<Project>('/projects', {
      name,
      developerName: '演示置业有限公司',
      regionCode: community.code,
      households: 600,
      landArea: 18000,
      floorArea: 66000,
      lon: centre.lon - 0.02 - offset,
      lat: centre.lat + 0.01 + offset,
      presaleBeforeCompletion: true,
    });
    await nr.post(`/projects/${own.id}/gates/planning_review/submit`, {
      facilities: statePlanningConditions(own),
      note: '规划条件（博山区）',
    });
    return own;
  }
  afterAll(async () => {
    await browser.close();
  });

  it('P7 planning review with three department accounts', async () => {
    // Natural resources registers the project and sees what the standards require of it.
    const nrJourney = await journeyAs(browser, 'nr');
    const page = nrJourney.page;
    await openFromMenu(page, '项目列表');
    await page.getByRole('heading', { name: '新建项目', exact: true }).waitFor();
    await page.getByRole('button', { name: '登记项目' }).click();
    const drawer = page.getByRole('dialog', { name: '登记项目' });
    await drawer.getByRole('button', { name: '登记', exact: true }).click();
    await drawer.getByText('请输入项目名称').waitFor();
    await drawer.getByText('请选择所在社区（村居）').waitFor();
    await drawer.getByLabel('项目名称').fill(PROJECT);
    await drawer.getByLabel('建设单位名称').fill('博山城建置业有限公司');
    await drawer.getByLabel('所在社区（村居）').click();
    await pickRegionPath(page, ['博山区', community.streetName, community.name]);
    await drawer.getByLabel('户数').fill('1500');
    await drawer.getByLabel('用地面积（㎡）').fill('45000');
    await drawer.getByLabel('总建筑面积（㎡）').fill('165000');
    await drawer.getByLabel('经度').fill(String(centre.lon + 0.01));
    await drawer.getByLabel('纬度').fill(String(centre.lat - 0.01));
    await drawer.getByLabel('纬度').blur();
    await saveViewportScreenshot(page, 'project-register-nr');
    await drawer.getByRole('button', { name: '登记', exact: true }).click();
    await drawer.getByText(`已登记“${PROJECT}”`).waitFor();
    const required = drawer.getByRole('table', { name: '新登记项目的应配建设施' });
    await required.getByText('幼儿园', { exact: true }).waitFor();
    await saveViewportScreenshot(page, 'project-registered-nr');

    const listed = await nr.get<{ items: Project[] }>(`/projects?q=${encodeURIComponent(PROJECT)}`);
    const registered = listed.items[0]!;
    projectId = registered.id;
    const types = registered.requiredFacilities.map((r) => r.facilityType);
    expect(types).toContain('kindergarten');
    // Every required facility is in the table the clerk sees.
    expect(await required.locator('tbody tr.ant-table-row').count()).toBe(types.length);

    await drawer.getByRole('button', { name: '查看项目' }).click();
    await page.getByRole('heading', { name: PROJECT, exact: true }).waitFor();
    await expectStep(page, 'planning_review', 'pending');

    // The planning conditions without the kindergarten are refused, naming it.
    await gateCard(page, 'planning_review').getByRole('button', { name: '提交规划条件' }).click();
    const submit = page.getByRole('dialog', { name: `提交规划条件：${PROJECT}` });
    const rows = submit.getByRole('list', { name: '材料中的配套设施' }).getByRole('listitem');
    const rowCount = registered.requiredFacilities.reduce((n, r) => n + r.sites, 0);
    await expect.poll(() => rows.count(), POLL).toBe(rowCount);
    // Where the standards set only a service radius, the conditions state the area.
    for (let i = 1; i <= rowCount; i++) {
      const area = submit.getByLabel(`第 ${i} 项 建筑面积`);
      if ((await area.inputValue()) === '') await area.fill('3000');
    }
    const kindergartenRow =
      registered.requiredFacilities
        .slice(0, types.indexOf('kindergarten'))
        .reduce((n, r) => n + r.sites, 0) + 1;
    await submit.getByRole('button', { name: `删除第 ${kindergartenRow} 项` }).click();
    await submit.getByRole('button', { name: '提交审查' }).click();
    const issues = submit.getByTestId('gate-issues');
    await issues.waitFor();
    await issues.locator('.ant-tag', { hasText: '幼儿园' }).waitFor();
    await issues.getByText(/缺少幼儿园/).waitFor();
    await saveViewportScreenshot(page, 'gate-submit-refused-nr');

    // The clerk adds the kindergarten; choosing the type fills in what the project must build.
    await submit.getByRole('button', { name: '添加设施' }).click();
    // Typed into the type's search, as a clerk with a keyboard does; Enter takes the one match.
    const type = submit.getByLabel(`第 ${rowCount} 项 设施类型`);
    await type.fill('幼儿园');
    // The dropdown re-renders as it opens and filters: wait until it offers the one match.
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allTextContents(), POLL).toEqual(['幼儿园']);
    await type.press('Enter');
    await expect
      .poll(() => submit.getByLabel(`第 ${rowCount} 项 建筑面积`).inputValue(), POLL)
      .not.toBe('');
    await submit.getByRole('button', { name: '提交审查' }).click();
    await submit.waitFor({ state: 'hidden' });
    await expectStep(page, 'planning_review', 'open');
    await gateCard(page, 'planning_review').getByText('待出具').first().waitFor();
    await saveScreenshot(page, 'project-under-review-nr');
    await nrJourney.close();

    // Education finds it in 待我审查 and rejects it with a reason.
    const edu = await journeyAs(browser, 'edu');
    await openFromMenu(edu.page, '待我审查');
    await edu.page.getByRole('heading', { name: '待我审查', exact: true }).waitFor();
    const inbox = edu.page.getByRole('table', { name: '待我审查事项' });
    const row = inbox.locator('tr', { hasText: PROJECT });
    await row.getByText('待出具意见').waitFor();
    await row.getByText(/剩 \d+ 天|今天到期/).waitFor();
    await saveScreenshot(edu.page, 'projects-awaiting-edu-opinion-due');
    await row.getByRole('link', { name: PROJECT }).click();
    await edu.page.getByRole('heading', { name: PROJECT, exact: true }).waitFor();
    let dialog = await chooseOpinion(edu.page, '不同意（退回）');
    await dialog.getByRole('button', { name: '提交意见' }).click();
    await dialog.getByText('不同意须说明理由').waitFor();
    await dialog.getByLabel('不同意的理由').fill(REJECT_REASON);
    await saveViewportScreenshot(edu.page, 'project-opinion-edu');
    await dialog.getByRole('button', { name: '提交意见' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectStep(edu.page, 'planning_review', 'returned');
    await edu.close();

    // Natural resources sees the gate returned with the opinion, and resubmits.
    const nrAgain = await journeyAs(browser, 'nr');
    await openProject(nrAgain.page, projectId, PROJECT);
    const returned = gateCard(nrAgain.page, 'planning_review');
    await returned.getByText('规划联合审查已退回，请根据意见修改规划条件后重新提交').waitFor();
    await returned.getByText(`淄博市教育局不同意：${REJECT_REASON}`).waitFor();
    await returned
      .getByRole('table', { name: '规划联合审查各部门意见' })
      .getByText(REJECT_REASON)
      .waitFor();
    await saveScreenshot(nrAgain.page, 'project-returned-nr');
    await returned.getByRole('button', { name: '重新提交规划条件' }).click();
    const resubmit = nrAgain.page.getByRole('dialog', { name: `提交规划条件：${PROJECT}` });
    // It starts from the conditions as last submitted, the kindergarten included.
    await expect.poll(() => resubmit.getByRole('listitem').count(), POLL).toBe(rowCount);
    await resubmit.getByRole('button', { name: '提交审查' }).click();
    await resubmit.waitFor({ state: 'hidden' });
    await expectStep(nrAgain.page, 'planning_review', 'open');
    await gateCard(nrAgain.page, 'planning_review').getByText('第 2 轮', { exact: true }).waitFor();
    await nrAgain.close();

    // Education, civil affairs and housing approve in the browser.
    for (const username of ['edu', 'civil', 'housing']) {
      const j = await journeyAs(browser, username);
      await openFromMenu(j.page, '待我审查');
      await j.page
        .getByRole('table', { name: '待我审查事项' })
        .getByRole('link', { name: PROJECT })
        .click();
      await j.page.getByRole('heading', { name: PROJECT, exact: true }).waitFor();
      dialog = await chooseOpinion(j.page, '同意');
      await dialog.getByRole('button', { name: '提交意见' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(
          () =>
            gateCard(j.page, 'planning_review').getByRole('button', { name: '出具意见' }).count(),
          POLL,
        )
        .toBe(0);
      expect(j.problems).toEqual([]);
      await j.close();
    }

    // The remaining required departments approve through the API, to keep the journey short.
    let project = await nr.get<Project>(`/projects/${projectId}`);
    const planning = project.gates.find((g) => g.gate === 'planning_review')!;
    expect(planning.round).toBe(2);
    const waiting = planning.departments.filter((d) => !d.opined);
    expect(waiting.map((d) => ACCOUNT_OF[d.code]).sort()).toEqual(
      ['commerce', 'health', 'nr', 'sports'].sort(),
    );
    for (const d of waiting) {
      const session = await signInApi(ACCOUNT_OF[d.code]!);
      project = await session.post<Project>(
        `/projects/${projectId}/gates/planning_review/opinions`,
        { decision: 'approve', comment: '经审查，规划条件已载明全部配套设施，同意' },
      );
    }
    expect(project.currentGate).toBe('land_supply_review');

    // The project page shows planning review passed and land-supply review current.
    const office = await journeyAs(browser, 'office');
    await openProject(office.page, projectId, PROJECT);
    await expectStep(office.page, 'planning_review', 'passed');
    await expectStep(office.page, 'land_supply_review', 'pending');
    const landSupply = gateCard(office.page, 'land_supply_review');
    await landSupply.getByText('当前关口', { exact: true }).waitFor();
    await saveScreenshot(office.page, 'project-land-supply-office');
    // Issue 13: the stepper marks the project's gate as current, the opened one as selected.
    const step = (gate: string) => office.page.getByTestId(`step-${gate}`);
    expect(await step('land_supply_review').getAttribute('data-current')).toBe('true');
    expect(await step('land_supply_review').getAttribute('data-selected')).toBe('true');
    await office.page.getByTestId('step-planning_review').click();
    await expect
      .poll(() => step('planning_review').getAttribute('data-selected'), POLL)
      .toBe('true');
    expect(await step('planning_review').getAttribute('data-current')).toBeNull();
    expect(await step('land_supply_review').getAttribute('data-current')).toBe('true');
    expect(await step('land_supply_review').getAttribute('data-selected')).toBeNull();
    // The current gate's step is antd's process step; the opened one is not.
    const processTitle = office.page.locator('.project-steps .ant-steps-item-process');
    expect(await processTitle.count()).toBe(1);
    expect(await processTitle.getByTestId('step-land_supply_review').count()).toBe(1);
    const passed = gateCard(office.page, 'planning_review');
    await passed.getByText('已通过', { exact: true }).waitFor();
    expect(await passed.getByText('符合').count()).toBe(types.length);
    await saveScreenshot(office.page, 'project-planning-passed-office');
    expect(office.problems).toEqual([]);
    await office.close();
    expect(nrJourney.problems).toEqual([]);
    expect(edu.problems).toEqual([]);
    expect(nrAgain.problems).toEqual([]);
  });

  it('P7 developer1 sees only its own projects', async () => {
    // A second project of the developer's, whose planning review gives it a condition to answer.
    const second = await registerOwnProject(`${OWN_PROJECT}二期`, 0.001);
    await (
      await signInApi('edu')
    ).post(`/projects/${second.id}/gates/planning_review/opinions`, {
      decision: 'approve_with_conditions',
      conditions: [{ text: `幼儿园须独立设置出入口（${STAMP}）` }],
    });
    const awaiting = await developer.get<{ total: number; items: { projectId: number }[] }>(
      '/projects/awaiting-me',
    );
    expect(awaiting.items.map((i) => i.projectId)).toContain(second.id);

    // The workbench counts what waits for the developer (materials to submit, conditions to
    // answer) and opens the project list, where those items are listed first.
    const { page, problems, close } = await journeyAs(browser, 'developer1');
    // The workbench says what the account reads: its own projects, not the city's data.
    await page.getByText('本单位登记的新建项目（淄博市）', { exact: true }).waitFor();
    expect(await page.getByText('设施类别', { exact: true }).count()).toBe(0);
    await page
      .getByTestId('todo-panel')
      .getByRole('link', { name: `项目待我办理，${awaiting.total} 项` })
      .click();
    await page.getByRole('heading', { name: '新建项目' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects');
    await page.getByText(`幼儿园须独立设置出入口（${STAMP}）`).waitFor();
    const table = page.getByRole('table', { name: '项目列表' });
    await table.getByRole('link', { name: OWN_PROJECT, exact: true }).waitFor();
    expect(await table.getByText(PROJECT).count()).toBe(0);
    const own = await developer.get<{ items: Project[]; total: number }>('/projects?pageSize=500');
    expect(own.items.map((p) => p.name)).not.toContain(PROJECT);
    await waitForQuiet(page);
    await saveScreenshot(page, 'projects-developer1');

    await table.getByRole('link', { name: OWN_PROJECT, exact: true }).click();
    await page.getByRole('heading', { name: OWN_PROJECT, exact: true }).waitFor();
    await waitForQuiet(page);
    await saveScreenshot(page, 'project-detail-developer1');

    // Someone else's project is not found, not forbidden: its existence is not disclosed.
    await navigateInApp(page, `/projects/${projectId}`);
    await page.getByText('项目不存在', { exact: false }).waitFor();

    await openFromMenu(page, '项目地图');
    const map = page.getByRole('region', { name: '新建项目地图' });
    await expect.poll(() => map.getAttribute('data-point-count'), POLL).toBe(String(own.total));
    await saveScreenshot(page, 'projects-map-developer1');
    expect(problems).toEqual([]);
    await close();
  });

  for (const username of ['nr', 'edu', 'office']) {
    it(`P11 ${username} opens the project list, the map and the project page`, async () => {
      const { page, problems, close } = await journeyAs(browser, username);
      await openFromMenu(page, '项目列表');
      await page
        .getByRole('table', { name: '项目列表' })
        .getByRole('link', { name: PROJECT })
        .waitFor();
      // The office sees how many projects each gate holds.
      const stats = await signInApi(username).then((s) =>
        s.get<{ total: number; gates: { gate: string; held: number }[] }>('/projects/stats'),
      );
      const tiles = page.getByTestId('gate-stats');
      const held = stats.gates.find((g) => g.gate === 'land_supply_review')!.held;
      expect(held).toBeGreaterThan(0);
      await tiles.getByRole('button', { name: `供地联合审查：${held} 个项目` }).waitFor();
      await waitForQuiet(page);
      await saveScreenshot(page, `projects-${username}`);

      await openFromMenu(page, '项目地图');
      const map = page.getByRole('region', { name: '新建项目地图' });
      await expect.poll(() => map.getAttribute('data-outline-count'), POLL).toBe('8');
      await expect.poll(() => map.getAttribute('data-point-count'), POLL).toBe(String(stats.total));
      await saveScreenshot(page, `projects-map-${username}`);

      if (username !== 'office') {
        await openFromMenu(page, '待我审查');
        await page.getByRole('heading', { name: '待我审查', exact: true }).waitFor();
        await waitForQuiet(page);
        await saveScreenshot(page, `projects-awaiting-${username}`);
      }
      await openProject(page, projectId, PROJECT);
      await saveScreenshot(page, `project-detail-${username}`);
      expect(problems).toEqual([]);
      await close();
    });
  }
});
