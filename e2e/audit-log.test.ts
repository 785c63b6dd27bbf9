import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  openFromMenu,
  saveScreenshot,
  signIn,
  startJourney,
} from './support/browser.ts';

describe('audit log', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('Security model (等保 audit): the auditor sees their own sign-in and the hash chain verifies intact', async () => {
    const { page, problems, close } = await startJourney(browser);
    await signIn(page, 'auditor');
    await openFromMenu(page, '审计日志');

    const events = page.getByRole('table', { name: '审计事件' });
    const ownSignIn = events
      .locator('tr', { has: page.locator('[data-action="auth.login"]') })
      .filter({ hasText: 'auditor' })
      .first();
    await ownSignIn.waitFor();

    // Chinese everywhere: no raw action or entity code (auth.login, problem.approve_closure…).
    // Account names are typed by people and may hold a dot (another journey's "wangwei.xxx"):
    // the scan leaves the 操作人 cells out.
    let text = await page.locator('body').innerText();
    for (const actor of await events.locator('[data-actor]').allInnerTexts()) {
      text = text.split(actor).join(' ');
    }
    expect(text.match(/[a-z]+\.[a-z_]+/g) ?? []).toEqual([]);
    expect(text).not.toMatch(/#\d+/);

    // The row expands to the recorded before/after state.
    await ownSignIn.getByRole('button', { name: /展开/ }).click();
    await events.getByText('变更后', { exact: true }).first().waitFor();

    await page.getByRole('button', { name: '校验哈希链' }).click();
    const outcome = page.getByRole('status').filter({ hasText: '哈希链校验通过' });
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('完整');

    await saveScreenshot(page, 'audit-auditor');
    expect(problems).toEqual([]);
    await close();
  });
});
