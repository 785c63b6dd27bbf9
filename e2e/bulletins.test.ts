import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  openFromMenu,
  saveScreenshot,
  signIn,
  signOut,
  startJourney,
  waitForQuiet,
} from './support/browser.ts';

/** A period no other journey uses (the demo seed issues the last two months). */
const START = '2024-03-01';
const END = '2024-03-31';

describe('P11 定期通报', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('P11 the office drafts, edits, issues and downloads a bulletin; a district signs for it', async () => {
    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'office');
    await openFromMenu(page, '定期通报');
    await page.getByRole('heading', { name: '定期通报', exact: true }).waitFor();

    // Draft: the figures freeze now; the narrative is pre-filled from them.
    await page.getByRole('button', { name: '起草通报' }).click();
    const dialog = page.getByRole('dialog', { name: '起草通报' });
    const [from, to] = [dialog.getByPlaceholder('开始日期'), dialog.getByPlaceholder('结束日期')];
    await from.click();
    await from.fill(START);
    await from.press('Enter');
    await to.fill(END);
    await to.press('Enter');
    await dialog
      .getByRole('button', { name: '起 草' })
      .or(dialog.getByRole('button', { name: '起草' }))
      .click();
    await page.getByRole('heading', { name: /年第\d+期通报/ }).waitFor();
    await page.getByText(`统计时段 ${START} 至 ${END}`).waitFor();
    const overall = page.getByLabel('一、总体进展');
    await expect.poll(() => overall.inputValue()).toContain('全市问题台账共登记');

    // Edit a section and save the draft.
    const problemsSection = page.getByLabel('三、存在问题');
    await problemsSection.fill('（一）工作进展不平衡。个别区县排查台账报送滞后，需加快进度。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();

    // The draft .docx for proofing.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载通报（.docx）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/淄社配办〔\d{4}〕\d+号.*\.docx$/);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    // The button says the file came (shared/download-button.tsx), under the name it was saved as.
    await page.getByText(`已下载 ${download.suggestedFilename()}`).waitFor();
    await waitForQuiet(page);
    await saveScreenshot(page, 'bulletin-draft-office');

    // Issue, with confirmation.
    await page.getByRole('button', { name: /印\s?发$/ }).click();
    await page.getByRole('button', { name: '确认印发' }).click();
    await page.getByText(/已于 .* 印发，正文已定稿/).waitFor();
    await expect.poll(() => page.getByRole('button', { name: '保存草稿' }).count()).toBe(0);
    await page.getByText('签收情况').first().waitFor();
    const [annex] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载统计表（.xlsx）' }).click(),
    ]);
    expect(annex.suggestedFilename()).toMatch(/\.xlsx$/);
    await saveScreenshot(page, 'bulletin-issued-office');
    const url = new URL(page.url()).pathname;

    // A district finds it in its list and signs for it.
    await signOut(page);
    await signIn(page, 'zhangdian');
    await openFromMenu(page, '定期通报');
    await page.getByRole('heading', { name: '定期通报', exact: true }).waitFor();
    await page.getByText('待签收').first().waitFor();
    await saveScreenshot(page, 'bulletins-district');
    await page.goto(url);
    await page.getByText('（一）工作进展不平衡。个别区县排查台账报送滞后，需加快进度。').waitFor();
    await page.getByRole('button', { name: /签\s?收$/ }).click();
    await page.getByText('已签收').first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: /签\s?收$/ }).count()).toBe(0);
    await waitForQuiet(page);
    await saveScreenshot(page, 'bulletin-signed-district');

    expect(problems).toEqual([]);
    await close();
  });
});
