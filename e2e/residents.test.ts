import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signInApi, type ApiSession } from './support/api.ts';
import { launchBrowser, saveScreenshot, signIn, startJourney } from './support/browser.ts';
import { buildSolidPng } from './support/png.ts';
import { shanghaiDateIn } from '../apps/api/src/platform/time.ts';

const STAMP = Date.now().toString(36);
const AREA = `幸福里${STAMP}`;
const PHONE = '13812345678';
const PHOTO = buildSolidPng(640, 480, [120, 160, 200]);
const inDays = shanghaiDateIn;

/** A resident's phone: 360 × 640, touch, and WeChat's in-app browser's user agent. */
async function phone(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: inject('baseUrl'),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent:
      'Mozilla/5.0 (Linux; Android 12; V2055A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.40 NetType/WIFI Language/zh_CN',
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

describe('P13 residents: report, follow, triage, close, rate 不满意, reopen', () => {
  let browser: Browser;
  let chezhan: ApiSession;
  let civil: ApiSession;
  let areaId: number;
  beforeAll(async () => {
    browser = await launchBrowser();
    chezhan = await signInApi('chezhan');
    civil = await signInApi('civil');
    // The street's last community: other journeys read the first one's findings.
    const communities = await chezhan.get<{ code: string }[]>('/regions?parent=370303001');
    const area = await chezhan.post<{ id: number }>('/residential-areas', {
      name: AREA,
      regionCode: communities.at(-1)!.code,
      households: 1200,
      kind: 'existing',
      lon: 118.0612,
      lat: 36.8123,
    });
    areaId = area.id;
  });
  afterAll(async () => {
    await browser.close();
  });

  it('a resident reports with a photo at phone size and follows it; the street triages; the department closes; 不满意 reopens', async () => {
    const resident = await phone(browser);
    const r = resident.page;
    await r.goto(`/m/#/a/${areaId}`);
    await r.getByRole('heading', { name: AREA }).waitFor();
    await r.getByRole('region', { name: '养老服务' }).getByText('缺少').waitFor();
    await saveScreenshot(r, 'residents-area-phone');
    // No horizontal scrolling at 360 px.
    expect(await r.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Screen 2 of 3: the report.
    await r.getByRole('button', { name: '我要反映（随手拍）' }).click();
    await r.getByRole('heading', { name: '反映问题' }).waitFor();
    await r.getByText('养老服务', { exact: true }).click();
    await r.getByLabel('问题描述').fill('小区没有养老服务站，老人没有活动的地方');
    await r.getByLabel('添加照片').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: PHOTO,
    });
    await r.getByAltText('已上传的照片').waitFor();
    await r.getByLabel('手机号（选填）').fill(PHONE);
    await r.getByLabel('我已阅读并同意').check();
    expect(await r.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await saveScreenshot(r, 'residents-report-phone');
    await r.getByRole('button', { name: '提交', exact: true }).click();
    // Screen 3 of 3: submitted, with the tracking code (after the proof of work).
    const code = (await r.getByTestId('tracking-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    await saveScreenshot(r, 'residents-submitted-phone');
    await r.getByRole('button', { name: '查看办理进度' }).click();
    await r.getByTestId('feedback-status').getByText('待处理').waitFor();
    await r.getByText('已收到您的反映').waitFor();
    await saveScreenshot(r, 'residents-tracking-received-phone');

    // The street triages it into a new problem, and reveals the phone once (audited).
    const street = await startJourney(browser);
    const s = street.page;
    await signIn(s, 'chezhan');
    const found = await chezhan.get<{ items: { id: number; phone: string }[] }>(
      `/feedback?q=${code}`,
    );
    const feedbackId = found.items[0]!.id;
    expect(found.items[0]!.phone).toBe('138****5678');
    await s.goto('/feedback');
    // The queue's filters live in the address: the code searched for survives a reload.
    await s.getByLabel('关键字', { exact: true }).fill(code);
    await s.getByLabel('关键字', { exact: true }).press('Enter');
    await s.waitForURL((url) => url.searchParams.get('q') === code);
    await s.reload();
    await s.getByRole('link', { name: code }).waitFor();
    expect(await s.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await s.getByRole('link', { name: code }).click();
    await s.getByRole('heading', { name: `居民反映 ${code}` }).waitFor();
    await s.getByTestId('feedback-contact').getByText('138****5678').waitFor();
    await s.getByRole('button', { name: '查看完整号码' }).click();
    await s.getByTestId('feedback-contact').getByText(PHONE).waitFor();
    await s.getByLabel('处理意见').fill('属实，列入整改');
    await s.getByRole('button', { name: '提交处理' }).click();
    await s.getByText('已转为整改问题', { exact: true }).first().waitFor();
    await saveScreenshot(s, 'residents-triaged-chezhan');
    const detail = await chezhan.get<{ problemId: number }>(`/feedback/${feedbackId}`);
    const problemId = detail.problemId;

    // The street works the problem; the lead department (civil affairs) approves and closes it.
    await chezhan.post(`/problems/${problemId}/plan`, {
      measures: '利用社区闲置用房建设养老服务站',
      leadUnit: '车站街道办事处',
      responsibleUnits: ['车站街道办事处'],
      deadline: inDays(60),
      oneCaseOnePlan: false,
    });
    await civil.post(`/problems/${problemId}/plan/approve`, {});
    await chezhan.post(`/problems/${problemId}/progress`, { note: '装修完成', percent: 90 });
    await chezhan.post(`/problems/${problemId}/closure-request`, {
      evidence: '养老服务站已开放',
      attachmentIds: [],
      noEvidenceReason: '演示流程不上传照片',
    });
    // The closure decision shows the resident's report (no phone) beside the district's request.
    const verify = await startJourney(browser);
    const v = verify.page;
    await signIn(v, 'civil');
    await v.goto(`/problems/${problemId}`);
    await v.getByRole('button', { name: '核验销号' }).click();
    const residents = v.getByTestId('problem-residents');
    await residents.getByText('居民反映 1 条', { exact: false }).waitFor();
    await residents.getByText('小区没有养老服务站，老人没有活动的地方').waitFor();
    await residents.getByText(code, { exact: false }).waitFor();
    expect(await residents.textContent()).not.toMatch(/5678|138/);
    await saveScreenshot(v, 'residents-closure-decision-civil');
    await v.getByRole('button', { name: '核验通过，予以销号' }).click();
    await v.getByText('已核验销号').first().waitFor();
    expect(verify.problems).toEqual([]);
    await verify.close();

    // The resident follows it to the closure and rates 不满意 (a reason is required).
    await r.reload();
    await r.getByTestId('feedback-status').getByText('已整改销号').waitFor();
    await r.getByText('整改进展 90%').waitFor();
    await r.getByRole('button', { name: '不满意' }).click();
    await r.getByRole('button', { name: '提交评价' }).click();
    await r.getByText('选择“不满意”时请说明原因').waitFor();
    await r.getByLabel('不满意的原因（必填）').fill('服务站只开半天，老人用不上');
    await saveScreenshot(r, 'residents-rating-phone');
    await r.getByRole('button', { name: '提交评价' }).click();
    await r.getByText('您的评价：不满意', { exact: true }).waitFor();

    // Back before the lead department, which reopens the problem.
    const dept = await startJourney(browser);
    const d = dept.page;
    await signIn(d, 'civil');
    await d.goto(`/feedback/${feedbackId}`);
    await d.getByText('复核居民不满意评价').waitFor();
    // Staff read who did what: the resident's steps are not in the words the resident read.
    const timeline = d.locator('.ant-timeline');
    await timeline.getByText('居民提交反映', { exact: true }).waitFor();
    await timeline.getByText(/^居民评价：不满意/).waitFor();
    expect(await timeline.getByText(/您的|已收到您/).count()).toBe(0);
    await d.getByLabel('复核理由').fill('延长开放时间至全天，继续整改');
    await saveScreenshot(d, 'residents-review-civil');
    await d.getByRole('button', { name: '重新打开问题' }).click();
    await d.getByText('主管部门复核：重新打开问题').waitFor();
    const problem = await civil.get<{ status: string }>(`/problems/${problemId}`);
    expect(problem.status).toBe('in_progress');

    await r.reload();
    await r.getByText('重新打开，继续整改').waitFor();
    await saveScreenshot(r, 'residents-reopened-phone');

    expect(resident.errors).toEqual([]);
    expect(street.problems).toEqual([]);
    expect(dept.problems).toEqual([]);
    await resident.context.close();
    await street.close();
    await dept.close();
  });
});

describe('P13 residents: from the link to the report form', () => {
  it('reaches the report form from the home page in two screens (the third is the submitted code)', async () => {
    const browser = await launchBrowser();
    try {
      const resident = await phone(browser);
      const r = resident.page;
      await r.goto('/m/');
      await r.getByLabel('小区或社区名称').fill(AREA);
      await r.getByLabel('小区或社区名称').press('Enter');
      await r.getByRole('button', { name: `反映${AREA}的问题` }).click();
      await r.getByRole('heading', { name: '反映问题' }).waitFor();
      await r.getByText(AREA).first().waitFor();
      expect(await r.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(resident.errors).toEqual([]);
      await resident.context.close();
    } finally {
      await browser.close();
    }
  });
});

describe('P13 residents: the public entry stays small', () => {
  it('sends at most 150 KB gzip of JavaScript on /m/ (its entry, static imports and inline script)', () => {
    const dist = path.resolve(import.meta.dirname, '../apps/web/dist');
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'),
    ) as Record<string, { file: string; imports?: string[] }>;
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const imported of manifest[key]!.imports ?? []) visit(imported);
    };
    visit('public.html');
    const files = [...seen].map((k) => manifest[k]!.file);
    // The page's inline script (the community page's early data request) counts too.
    const inline = [
      ...fs
        .readFileSync(path.join(dist, 'public.html'), 'utf8')
        .matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g),
    ].map((m) => m[1]!);
    expect(inline.join()).toContain('__ziboAreaPrefetch');
    const gzip = [...files.map((f) => fs.readFileSync(path.join(dist, f))), ...inline].reduce(
      (sum, content) => sum + zlib.gzipSync(content, { level: 9 }).length,
      0,
    );
    console.log(
      `public entry JavaScript: ${files.length} files, ${(gzip / 1024).toFixed(1)} KB gzip (budget 150 KB)`,
    );
    // No chart library and no antd on the residents' phones.
    expect(files.join()).not.toMatch(/echarts|antd/);
    expect(gzip).toBeLessThanOrEqual(150 * 1024);
  });
});
