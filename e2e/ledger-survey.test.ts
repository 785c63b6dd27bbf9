import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { findFirstCommunity, signInApi } from './support/api.ts';
import {
  launchBrowser,
  openFromMenu,
  saveScreenshot,
  signIn,
  signOut,
  startJourney,
} from './support/browser.ts';
import {
  AREA_HEADERS,
  FACILITY_HEADERS,
  buildLedgerWorkbook,
  readSheet,
  type AreaRow,
} from './support/ledger-workbook.ts';
import { shanghaiDateIn } from '../apps/api/src/platform/time.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STAMP = Date.now().toString(36);
const SURVEY_NAME = `社区配套设施排查摸底（${STAMP}）`;
const OVERDUE_SURVEY_NAME = `幼儿园专项排查（${STAMP}）`;
const AREA_A = `和美家园${STAMP}`;
const AREA_B = `锦绣华庭${STAMP}`;

/** The template and exports lead with 序号, which imports ignore. */
const AREA_HEADERS_WITH_SEQ = ['序号', ...AREA_HEADERS];

async function readDownload(download: Download): Promise<Buffer> {
  const file = await download.path();
  return fs.readFileSync(file);
}

async function chooseWorkbook(page: Page, name: string, buffer: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer });
  await page.getByTestId('chosen-file').filter({ hasText: name }).waitFor();
}

function submissionRow(page: Page, district: string) {
  return page.getByRole('table', { name: '各区县报送情况' }).locator('tr', { hasText: district });
}

async function openSurvey(page: Page, name: string) {
  await openFromMenu(page, '排查摸底');
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** Clicks a row button that asks for confirmation, then confirms in the popover. */
async function confirmRowAction(page: Page, row: ReturnType<typeof submissionRow>, action: string) {
  await row.getByRole('button', { name: action, exact: true }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: action, exact: true }).click();
}

describe('ledger import and survey', () => {
  let browser: Browser;
  let surveyId = 0;
  let community: Awaited<ReturnType<typeof findFirstCommunity>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    // P3: the office starts the campaigns; one is already past its deadline.
    const office = await signInApi('office');
    surveyId = (
      await office.post<{ id: number }>('/surveys', {
        name: SURVEY_NAME,
        deadline: shanghaiDateIn(30),
      })
    ).id;
    await office.post('/surveys', { name: OVERDUE_SURVEY_NAME, deadline: shanghaiDateIn(-3) });
    community = await findFirstCommunity(await signInApi('zhangdian'), '370303');
  });
  afterAll(async () => {
    await browser.close();
    // The journeys share one server: the office closes this campaign, which releases 张店区's
    // ledger, so that later journeys (in whatever order they run) can still record areas there.
    if (surveyId) await (await signInApi('office')).post(`/surveys/${surveyId}/close`, {});
  });

  it('P3 the 张店区 officer imports a workbook, sees the dry-run errors, fixes, commits, submits the survey; the education department files it', async () => {
    const { page, problems, close } = await startJourney(browser);
    const areaA: AreaRow = {
      小区名称: AREA_A,
      区县: '张店区',
      镇街: community.streetName,
      社区代码: community.code,
      社区名称: community.name,
      经度: 118.0549,
      纬度: 36.8135,
      坐标系: 'WGS-84',
      户数: 860,
      人口: 2400,
      建成年份: 2012,
      类型: '既有',
    };
    const areaB: AreaRow = { ...areaA, 小区名称: AREA_B, 户数: 1200, 人口: null, 类型: '新建' };
    const kindergarten = {
      设施名称: `${AREA_A}幼儿园`,
      设施类型: '幼儿园',
      服务小区: `${AREA_A}、${AREA_B}`,
      '建筑面积(㎡)': 2400,
      产权归属: '政府',
      规划状态: '已规划',
      建设状态: '已建成',
      移交状态: '已移交',
      使用状态: '正常使用',
    };

    // 1. A workbook with mistakes: nothing is written, the errors name the cell.
    await signIn(page, 'zhangdian');
    await openFromMenu(page, '导入导出');
    await page.getByRole('heading', { name: '台账导入导出' }).waitFor();

    // 0. The template: the clerk fills these very columns (the workbooks below use them).
    const [templateDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载导入模板' }).click(),
    ]);
    expect(templateDownload.suggestedFilename()).toMatch(/模板.*\.xlsx$/);
    const template = await readDownload(templateDownload);
    expect((await readSheet(template, '小区')).headers).toEqual([...AREA_HEADERS_WITH_SEQ]);
    expect(
      (await readSheet(template, '设施')).headers.slice(0, FACILITY_HEADERS.length + 1),
    ).toEqual(['序号', ...FACILITY_HEADERS]);
    const bad = await buildLedgerWorkbook({
      areas: [areaA, { ...areaB, 户数: '很多' }],
      facilities: [kindergarten],
    });
    await chooseWorkbook(page, '台账-有误.xlsx', bad);
    await page.getByRole('button', { name: '预检' }).click();
    const errors = page.getByRole('table', { name: '预检错误' });
    const householdsError = errors.locator('tr', { hasText: '户数' });
    await householdsError.waitFor();
    expect(await householdsError.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['小区', '3', '户数']),
    );
    await page.getByText(/预检发现 \d+ 处错误，未导入任何数据/).waitFor();
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'import-errors-zhangdian');

    // 2. The corrected workbook passes the dry run, which counts what it would write.
    const good = await buildLedgerWorkbook({ areas: [areaA, areaB], facilities: [kindergarten] });
    await chooseWorkbook(page, '台账-已修改.xlsx', good);
    await page.getByRole('button', { name: '预检' }).click();
    const summary = page.getByTestId('dry-run-summary');
    await summary.getByText('预检通过，可以确认导入').waitFor();
    // Two areas and the kindergarten that serves them.
    expect(await page.getByTestId('dry-run-created').textContent()).toBe('3 条');
    expect(await page.getByTestId('dry-run-updated').textContent()).toBe('0 条');
    await saveScreenshot(page, 'import-dry-run-zhangdian');

    // 3. Commit, and the areas are in the ledger.
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入完成', { exact: true }).waitFor();
    await openFromMenu(page, '小区台账');
    await page.getByLabel('关键字', { exact: true }).fill(STAMP);
    await page.getByRole('button', { name: '查询' }).click();
    const areas = page.getByRole('table', { name: '小区列表' });
    await areas.getByRole('link', { name: AREA_A }).waitFor();
    await areas.getByRole('link', { name: AREA_B }).waitFor();
    await page.getByText('共 2 个小区').waitFor();
    await saveScreenshot(page, 'areas-imported-zhangdian');

    // The export of the district holds what was imported, with the system's ids.
    await openFromMenu(page, '导入导出');
    const [exportDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    const exported = await readSheet(await readDownload(exportDownload), '小区');
    const nameColumn = exported.headers.indexOf('小区名称');
    const exportedNames = exported.rows.map((r) => r[nameColumn]);
    expect(exportedNames).toEqual(expect.arrayContaining([AREA_A, AREA_B]));

    // 4. The district submits its ledger: it is locked while with the departments.
    await openSurvey(page, SURVEY_NAME);
    await confirmRowAction(page, submissionRow(page, '张店区'), '报送');
    await submissionRow(page, '张店区').getByText('已报送').waitFor();
    await submissionRow(page, '张店区').getByText('锁定').waitFor();
    await saveScreenshot(page, 'survey-submitted-zhangdian');
    await openFromMenu(page, '小区台账');
    await page.getByTestId('ledger-lock').getByText(SURVEY_NAME, { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: '新增小区' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'areas-locked-zhangdian');
    await signOut(page);

    // 5. The education department files it; its filing shows on the survey.
    await signIn(page, 'edu');
    await openSurvey(page, SURVEY_NAME);
    const filings = page.getByTestId('filings-370303');
    await filings.getByText('教育局 未备案').waitFor();
    await confirmRowAction(page, submissionRow(page, '张店区'), '备案');
    await filings.getByText('教育局 已备案').waitFor();
    // Filing is per department: the others have not yet.
    await filings.getByText('民政局 未备案').waitFor();
    await saveScreenshot(page, 'survey-filed-edu');
    await signOut(page);

    // 6. The office sees every district's status, and who is late on the overdue campaign.
    await signIn(page, 'office');
    await openSurvey(page, SURVEY_NAME);
    await page.getByTestId('filings-370303').getByText('教育局 已备案').waitFor();
    expect(
      await page
        .getByRole('table', { name: '各区县报送情况' })
        .locator('tbody tr.ant-table-row')
        .count(),
    ).toBe(8);
    await saveScreenshot(page, 'survey-detail-office');
    await openSurvey(page, OVERDUE_SURVEY_NAME);
    await page.getByText(/以下区县尚未报送：.*张店区/).waitFor();
    await submissionRow(page, '张店区').getByText('逾期').waitFor();
    await saveScreenshot(page, 'survey-overdue-office');
    await openFromMenu(page, '排查摸底');
    await page.getByRole('table', { name: '排查列表' }).getByText(SURVEY_NAME).waitFor();
    await saveScreenshot(page, 'surveys-office');

    expect(surveyId).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await close();
  });
});
