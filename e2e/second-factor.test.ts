import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signInApi } from './support/api.ts';
import { launchBrowser, saveScreenshot, signOut, startJourney } from './support/browser.ts';

/**
 * Issue 11 (等保 8.1.4.1 d; API.md Auth): an administrator binds a second factor in the browser
 * before anything else, keeps the recovery codes shown once, signs in with password and code; the
 * security administrator resets it and the account binds again. The codes are computed here from
 * the secret the page shows (RFC 6238, independent of the product's TOTP code).
 */
const USERNAME = `shenji.${Date.now().toString(36)}`;
const INITIAL_PASSWORD = 'Chushi@2024';
const NEW_PASSWORD = 'Shenji#2025x';

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (RFC 4226 HOTP over 30 s steps): HMAC-SHA1, dynamic truncation, 6 digits. */
function totp(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / 1000 / 30);

async function signInWithPassword(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

describe('second factor', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    // Setup over HTTP: the account (三员分立: created by admin, granted by security).
    const admin = await signInApi('admin');
    const security = await signInApi('security');
    const created = await admin.post<{ id: number }>('/users', {
      username: USERNAME,
      displayName: '审计员张敏',
      password: INITIAL_PASSWORD,
      regionCode: '3703',
    });
    await security.put(`/users/${created.id}/grants`, {
      roles: ['audit_admin'],
      regionCode: '3703',
      categories: [],
    });
  });
  afterAll(async () => {
    await browser.close();
  });

  it('an administrator binds TOTP, signs in with it, and binds again after a reset', async () => {
    const { page, problems, close } = await startJourney(browser);

    // 1. First sign-in: the forced password change, then the compulsory binding.
    await signInWithPassword(page, USERNAME, INITIAL_PASSWORD);
    await page.waitForURL('**/change-password');
    await page.getByLabel('当前密码', { exact: true }).fill(INITIAL_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.waitForURL('**/second-factor');
    await page.getByText('您的账号须先绑定动态验证码后才能使用系统。').waitFor();
    // Nothing else is reachable: the home page sends it back here.
    await page.goto('/');
    await page.waitForURL('**/second-factor');

    await page.getByRole('button', { name: '开始绑定' }).click();
    const secretText = (await page.getByTestId('mfa-secret').textContent())!;
    const uri = (await page.getByTestId('mfa-uri').textContent())!;
    const secret = base32Decode(secretText);
    expect(secret.length).toBeGreaterThanOrEqual(20);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(uri).searchParams.get('secret')).toBe(secretText.replace(/\s/g, ''));
    // The same address as a QR code to scan, drawn as SVG (no image fetched from anywhere).
    const qr = page.getByRole('img', { name: '绑定二维码' }).locator('svg');
    await qr.waitFor();
    expect(await qr.locator('path').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'second-factor-secret');

    // A wrong code is refused with a Chinese message; the right one binds.
    const right = totp(secret, stepNow());
    await page
      .getByLabel('动态验证码', { exact: true })
      .fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByRole('alert').filter({ hasText: '动态验证码不正确' }).waitFor();
    await page.getByLabel('动态验证码', { exact: true }).fill(totp(secret, stepNow()));
    await page.getByRole('button', { name: '确认绑定' }).click();
    const codes = page.getByRole('list', { name: '恢复码' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    const recovery = (await codes.first().textContent())!;
    expect(recovery).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    await saveScreenshot(page, 'second-factor-recovery-codes');
    await page.getByRole('button', { name: '我已保存恢复码，进入系统' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('current-user').waitFor();
    await signOut(page);

    // 2. Signing in now takes the password and then a code (the next step: each code works once).
    await signInWithPassword(page, USERNAME, NEW_PASSWORD);
    const codeField = page.getByLabel('动态验证码（验证器应用中的 6 位数字，或一个恢复码）');
    await codeField.waitFor();
    await codeField.fill(totp(secret, stepNow() + 1));
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByTestId('current-user').waitFor();
    expect(new URL(page.url()).pathname).not.toBe('/second-factor');
    await saveScreenshot(page, 'second-factor-signed-in');
    await signOut(page);

    // 3. A recovery code signs in once instead of a code.
    await signInWithPassword(page, USERNAME, NEW_PASSWORD);
    await codeField.fill(recovery);
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByTestId('current-user').waitFor();
    await signOut(page);

    // 4. The security administrator resets it (audited); the account must bind again.
    await signInWithPassword(page, 'security', 'Zibo@2020');
    await page.getByTestId('current-user').waitFor();
    await page
      .getByRole('navigation', { name: '主菜单' })
      .getByRole('link', { name: '角色授权', exact: true })
      .click();
    const row = page.getByRole('table', { name: '账号列表' }).locator('tr', { hasText: USERNAME });
    await row.getByRole('button', { name: '重置动态验证码' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '重置' }).click();
    await page.getByText('已重置动态验证码').waitFor();
    await signOut(page);
    await signInWithPassword(page, USERNAME, NEW_PASSWORD);
    await page.waitForURL('**/second-factor');
    await page.getByRole('button', { name: '开始绑定' }).waitFor();
    await saveScreenshot(page, 'second-factor-after-reset');

    const auditor = await signInApi('auditor');
    const audit = await auditor.get<{ items: { action: string }[] }>(
      `/audit?entity=user&pageSize=200`,
    );
    const actions = audit.items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.mfa_enrolled', 'user.mfa_reset']));

    expect(problems).toEqual([]);
    await close();
  });
});
