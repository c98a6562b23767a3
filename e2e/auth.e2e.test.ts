import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn, signInAndWait, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('signing in on the console', () => {
  it('signs the grid worker in: her name in the header, no audit log in her menu', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'gridworker');
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('庆城第1网格网格员');
    // she lands on her home: her to-dos and the people of her grid to look after, each a link
    await page.waitForURL(/\/home$/);
    await page.getByTestId('tile-cases-overdue').waitFor();
    await page.getByTestId('tile-cases-to_verify').waitFor();
    await page.getByTestId('tile-people-living_alone').locator('.ant-statistic-content-value').waitFor();
    await page.getByTestId('tile-stat-registry.households').waitFor();
    await page.getByTestId('tile-people-living_alone').click();
    await page.waitForURL(/\/registry\?.*tags=living_alone/);
    await page.getByTestId('residents-table').waitFor();
    expect(await page.getByText('审计日志').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'signed-in-grid-worker.png') });
    await page.close();
  });

  it('sends a party member, who has no console work, to the phone pages', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'partymember');
    await page.waitForURL(/\/m$/);
    await page.getByTestId('m-home').waitFor();
    await page.close();
  });

  it('shows the lockout message after five wrong passwords, and refuses the right one then', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    for (let i = 0; i < 5; i++) {
      await signIn(page, 'volunteer', 'Wrong@2026');
      await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/密码错误|锁定/);
    }
    expect(await page.getByTestId('login-error').textContent()).toMatch(/锁定/);
    await signIn(page, 'volunteer');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/用户名或密码错误/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'lockout.png') });
    await page.close();
  });

  it('lets the audit administrator open the audit log and see the failed sign-ins', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'auditor');
    await page.getByText('审计日志').click();
    await page.waitForURL(/\/audit$/);
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr').count()).toBeGreaterThan(3);
    // actions by their names, never their codes
    const rows = await page.locator('[data-testid="audit-table"] tbody').textContent();
    expect(rows).toContain('登录');
    expect(rows).not.toContain('identity.login');
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit-log.png') });
    await page.close();
  });
});

describe('user administration on the console', () => {
  it('shows the system administrator the accounts with their roles and scopes', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'admin');
    await page.getByText('用户与角色').click();
    await page.waitForURL(/\/users$/);
    await expect.poll(() => page.locator('[data-testid="users-table"] tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid="users-table"] tbody').textContent()).toContain('网格员 @ 庆城社区第1网格');
    expect(await page.locator('[data-testid="users-table"] tbody').textContent()).toContain('138****0001');
    expect(await page.getByText('审计日志').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'users.png') });
    await page.close();
  });

  it('lets the system administrator disable an account and give it a second role', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${h.url}/users?q=volunteer`);
    await signInAndWait(page, 'admin');
    await page.goto(`${h.url}/users?q=volunteer`);
    const row = page.locator('[data-testid="users-table"] tbody tr', { hasText: 'volunteer' });
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '添加角色' }).click();
    await dialog.getByRole('combobox').nth(2).fill('党员');
    await page.keyboard.press('Enter');
    await dialog.getByRole('combobox').nth(3).click();
    for (const name of ['福建省', '福州市', '鼓楼区']) {
      const node = page.locator('.ant-select-tree-treenode', { hasText: name }).first();
      await node.locator('.ant-select-tree-switcher').click();
    }
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '鼓东街道' }).first().click();
    await dialog.getByRole('switch').click();
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    expect(await row.textContent()).toContain('党员 @ 鼓东街道');
    await page.screenshot({ path: path.join(ARTIFACTS, 'users-edit.png') });
    await page.close();
  });

  it('shows the new roles waiting for the security administrator, who approves them', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${h.url}/users?q=volunteer`);
    await signInAndWait(page, 'security');
    await page.goto(`${h.url}/users?q=volunteer`);
    const row = page.locator('[data-testid="users-table"] tbody tr', { hasText: 'volunteer' });
    await expect.poll(() => row.textContent()).toContain('待安全管理员审核');
    await row.getByRole('button', { name: /审核通过/ }).click();
    await expect.poll(() => row.textContent()).not.toContain('待安全管理员审核');
    await page.screenshot({ path: path.join(ARTIFACTS, 'users-approved.png') });
    await page.close();
  });

  it('lets the security administrator change the lockout threshold', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'security');
    await page.getByText('安全设置').click();
    const threshold = page.getByLabel('连续密码错误锁定次数');
    await expect.poll(() => threshold.inputValue()).toBe('5');
    await threshold.fill('6');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByText('安全管理员', { exact: false }).count()).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'security.png') });
    await page.close();
  });

  it('lets the audit administrator download the audit log as Excel', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(h.url);
    await signIn(page, 'auditor');
    await page.getByText('审计日志').first().click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.close();
  });

  it('signs a resident in on the phone page with an SMS code', async () => {
    const page = await h.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${h.url}/m`);
    await page.getByText('验证码登录').click();
    await page.getByPlaceholder('手机号', { exact: true }).fill('13800000001');
    await page.getByTestId('m-get-code').click();
    await expect.poll(() => h.sms.length).toBe(1);
    const code = /(\d{6})/.exec(h.sms[0]?.text ?? '')?.[1] ?? '';
    await page.getByPlaceholder('短信验证码').fill(code);
    await page.screenshot({ path: path.join(ARTIFACTS, 'mobile-login.png') });
    await page.locator('.adm-tabs-content button[type=submit]').last().click();
    await expect.poll(() => page.getByTestId('m-home').count()).toBe(1);
    expect(await page.textContent('body')).toContain('居民');
    await page.screenshot({ path: path.join(ARTIFACTS, 'mobile-home.png') });
    await page.close();
  });
});
